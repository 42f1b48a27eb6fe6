"""The rules in force: the platform's rule files plus the operators' newest rule set."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.errors import DomainError
from rencai.jobs.models import ScreeningRuleSet
from rencai.jobs.screening.engine import (
    Rule,
    RuleFileError,
    check_unique,
    compiled_rules,
    parse_rules_text,
)

SOURCE = "operator rules"


@lru_cache(maxsize=4)
def _with_operator_rules(rule_set_id: str, text: str) -> tuple[Rule, ...]:
    return check_unique([*compiled_rules(), *parse_rules_text(text, SOURCE)])


def active_rules() -> tuple[Rule, ...]:
    """Every rule in force (one small query to find the newest operator rule set)."""
    latest = ScreeningRuleSet.objects.order_by("-number").values_list("pk", "text").first()
    if latest is None or not latest[1].strip():
        return compiled_rules()
    return _with_operator_rules(str(latest[0]), latest[1])


def current_rule_set() -> ScreeningRuleSet | None:
    return ScreeningRuleSet.objects.order_by("-number").first()


def publish_rule_set(text: str, *, note: str, actor: Actor) -> ScreeningRuleSet:
    """Put a new version of the operators' rules in force after compiling it together with
    the platform's rules (a broken file or a duplicate id is refused with the reason)."""
    assert actor.user is not None
    if not 3 <= len(note.strip()) <= 300:
        message = _("Say in a few words what changed.")
        raise DomainError("note_required", message, fields={"note": message})
    try:
        rules = parse_rules_text(text, SOURCE) if text.strip() else []
        check_unique([*compiled_rules(), *rules])
    except (RuleFileError, ValueError) as error:
        reason = _("The rules cannot be used: %(reason)s") % {"reason": str(error)}
        raise DomainError("rules_invalid", reason, fields={"text": reason}) from error
    digest = hashlib.sha256(text.encode()).hexdigest()
    try:
        with transaction.atomic():
            number = (ScreeningRuleSet.objects.aggregate(n=Max("number"))["n"] or 0) + 1
            rule_set = ScreeningRuleSet.objects.create(
                number=number,
                text=text,
                sha256=digest,
                rule_count=len(rules),
                note=note.strip(),
                created_by=actor.user,
            )
            record_event(
                actor,
                "jobs.screening_rules_published",
                rule_set,
                after={"number": number, "sha256": digest, "rules": [r.code for r in rules]},
            )
    except IntegrityError as error:  # two operators saving at once
        message = _("Someone saved the rules at the same time. Reload and try again.")
        raise DomainError("rules_conflict", message, status=409) from error
    return rule_set
