"""Screening of the free text that crosses between seekers and organisations: cover notes,
rejection messages and invitation messages (DIS-04, FRD-05, PI-07).

It reuses the posting screening engine (``rencai.jobs.screening``) with every rule in force,
plus the rule file ``rules/rejection.toml`` for rejection messages, where naming a personal
characteristic at all is the discriminatory reason.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from rencai.jobs.screening.engine import Finding, Rule, check_unique, load_rules, screen
from rencai.jobs.screening_support import finding_json

RULES_DIR = Path(__file__).resolve().parent / "rules"

# The rule file's texts, here so that makemessages extracts them (the engine translates
# the msgids of rule files lazily).
RULE_TEXTS = (
    _(
        "A message about a rejection must not mention personal characteristics such as "
        "origin, gender, age, ethnicity, religion, marriage, health or looks (DIS-04)."
    ),
    _(
        "Choose a neutral reason from the list; if you add a message, talk only about the "
        "job's requirements."
    ),
)

# Categories that stop a seeker's cover note: contact details and moving off the platform
# (the organisation gets the contact details with the resume anyway), fees, fraud and
# discrimination.
COVER_NOTE_CATEGORIES = frozenset(
    {
        "diversion",
        "fee_deposit",
        "fraud",
        "gender",
        "marital_childbearing",
        "ethnicity",
        "religion",
        "hukou_region",
        "identity",
        "disability",
        "health_hbv",
    }
)


@cache
def rejection_rules() -> tuple[Rule, ...]:
    """The rules of ``rules/*.toml`` (compiled once per process)."""
    return load_rules(RULES_DIR)


def _platform_rules() -> tuple[Rule, ...]:
    from rencai.jobs.rules import active_rules

    return active_rules()


def _blocking(findings: tuple[Finding, ...], *, review_blocks: bool) -> list[Finding]:
    severities = {"block", "review"} if review_blocks else {"block"}
    return [finding for finding in findings if finding.severity in severities]


def screen_cover_note(text: str) -> list[dict[str, Any]]:
    """Findings that stop a cover note (empty when it may be sent)."""
    if not text.strip():
        return []
    result = screen({"cover_note": text}, _platform_rules())
    found = list(_blocking(result.findings, review_blocks=False))
    return [finding_json(f) for f in found if f.category in COVER_NOTE_CATEGORIES]


def screen_rejection_message(text: str) -> list[dict[str, Any]]:
    """Findings that stop a message sent with a rejection (DIS-04): every blocking or
    contested finding of the posting rules, and any mention of a personal characteristic."""
    if not text.strip():
        return []
    rules = check_unique([*_platform_rules(), *rejection_rules()])
    result = screen({"message": text}, rules)
    return [finding_json(f) for f in _blocking(result.findings, review_blocks=True)]


def screen_invitation_message(text: str) -> list[dict[str, Any]]:
    """Findings that stop an organisation's invitation message: the posting rules'
    blocking findings (discrimination, fees, fraud, moving to another app)."""
    if not text.strip():
        return []
    result = screen({"message": text}, _platform_rules())
    return [finding_json(f) for f in _blocking(result.findings, review_blocks=False)]
