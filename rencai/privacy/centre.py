"""Reads of the privacy centre (PI-12, PI-08, SEC-03): what we hold about a person, why,
since when and until when; every current consent; who read their personal information.

- ``held_data(user)`` walks ``rencai.privacy.catalogue.CATALOGUE``: per entry, how many rows
  are held and since when (one query per entry), the retention rule of its category in
  plain words (one query for all rules; the category's default text when the rule row does
  not exist), and the page where the user corrects it.
- ``access_log(user, page)`` merges organisations' views and downloads of the user's
  resumes (``resumes.ResumeView``, PI-08) with platform staff's reads
  (``privacy.PiAccessRecord``, SEC-03), newest first. Staff appear by role, never by name;
  organisation members by their role in the organisation, never by name.
- ``consents_of(user)`` is every consent purpose with its state, version and date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import Count, Min
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rencai.core.choices import choice_label
from rencai.privacy.catalogue import CATALOGUE, SECTION_LABELS, CatalogueEntry, Section
from rencai.privacy.choices import (
    OPTIONAL_PURPOSES,
    WITHDRAWABLE_PURPOSES,
    ConsentPurpose,
    PiAccessPurpose,
    RetentionAction,
    RetentionTrigger,
)
from rencai.privacy.models import PiAccessRecord, RetentionRule
from rencai.privacy.queries import consent_is_current, current_documents, latest_consents

if TYPE_CHECKING:
    from rencai.accounts.models import User

ACCESS_PAGE_SIZE = 20

# Shown when the category's rule is not in the database (yet).
DEFAULT_RETENTION: dict[str, Promise] = {
    "account": _("Until you cancel your account; then deleted or anonymised"),
    "security_log": _("Kept for 183 days (6 months), then deleted"),
    "consent_ledger": _("Kept for 3 years after the consent ends, as evidence"),
    "rights_request": _("Kept for 3 years after the request is closed"),
    "moderation_record": _("Kept for 3 years after the case is closed"),
    "service_record": _("Kept for 3 years after the service ends (required by law)"),
    "resume": _("Until you delete it; anonymised after a long time without activity"),
    "notification": _("Kept for 1 year, then deleted"),
    "data_export": _("Deleted 7 days after it is ready"),
}
FALLBACK_RETENTION = _("Only as long as the purpose above requires")

ACTION_WORDS: dict[str, Promise] = {
    RetentionAction.DELETE: _("deleted"),
    RetentionAction.ANONYMISE: _("anonymised"),
    RetentionAction.ARCHIVE: _("moved to the restricted archive"),
    RetentionAction.PURGE_ARCHIVE: _("purged from the restricted archive"),
}


def _period(days: int) -> str:
    if days and days % 365 == 0:
        years = days // 365
        return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


def retention_text(rule: RetentionRule | None, category: str) -> str:
    """The rule in plain words: "kept for 3 years after the service ends, then moved to the
    restricted archive", "kept for 183 days, then deleted"…"""
    if rule is None:
        return str(DEFAULT_RETENTION.get(category, FALLBACK_RETENTION))
    action = str(ACTION_WORDS.get(rule.action, rule.action))
    if rule.min_days == 0:
        if category == "account":
            return str(DEFAULT_RETENTION["account"])
        return _g("%(action)s when the service ends") % {"action": action.capitalize()}
    values = {"period": _period(rule.min_days), "action": action}
    templates: dict[str, Promise] = {
        RetentionTrigger.CREATED: _("Kept for %(period)s, then %(action)s"),
        RetentionTrigger.SERVICE_END: _(
            "Kept for %(period)s after the service ends, then %(action)s"
        ),
        RetentionTrigger.LAST_ACTIVITY: _(
            "Kept while you use the platform; %(action)s after %(period)s without activity"
        ),
        RetentionTrigger.CLOSED: _("Kept for %(period)s after the case is closed, then %(action)s"),
        RetentionTrigger.ARCHIVED: _(
            "Kept in the restricted archive for %(period)s, then %(action)s"
        ),
    }
    template = templates.get(rule.trigger, templates[RetentionTrigger.CREATED])
    return str(template) % values


@dataclass(frozen=True)
class Retention:
    category: str
    text: str
    days: int | None
    trigger: str
    action: str
    from_rule: bool


@dataclass(frozen=True)
class HeldItem:
    """One catalogue entry as the user sees it."""

    model: str
    label: str
    purpose: str
    count: int
    since: dt.datetime | None
    retention: Retention
    correct_url: str

    @property
    def key(self) -> str:
        return self.model.replace(".", "-").lower()


@dataclass(frozen=True)
class HeldSection:
    section: str
    label: str
    items: list[HeldItem] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(item.count for item in self.items)


def _rows_of(entry: CatalogueEntry, user: User) -> dict[str, Any]:
    model = apps.get_model(entry.model)
    value: object = user.pk if entry.owner_path == "pk" else user
    return dict(
        model.objects.filter(**{entry.owner_path: value}).aggregate(
            count=Count("pk"), since=Min(entry.since_field)
        )
    )


def _url(name: str) -> str:
    if not name:
        return ""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _retention(rules: dict[str, RetentionRule], category: str) -> Retention:
    rule = rules.get(category)
    return Retention(
        category=category,
        text=retention_text(rule, category),
        days=rule.min_days if rule is not None else None,
        trigger=rule.trigger if rule is not None else "",
        action=rule.action if rule is not None else "",
        from_rule=rule is not None,
    )


def held_data(user: User) -> list[HeldSection]:
    """Every catalogue entry, grouped by section in the catalogue's order, with what is held
    about ``user`` (one query per entry and one for the retention rules)."""
    rules = {rule.category: rule for rule in RetentionRule.objects.all()}
    order = {section: index for index, section in enumerate(Section)}
    entries = sorted(CATALOGUE, key=lambda entry: order[entry.section])
    sections: list[HeldSection] = []
    for section, group in groupby(entries, key=lambda entry: entry.section):
        items = []
        for entry in group:
            rows = _rows_of(entry, user)
            items.append(
                HeldItem(
                    model=entry.model,
                    label=str(entry.label),
                    purpose=str(entry.purpose),
                    count=int(rows["count"] or 0),
                    since=rows["since"],
                    retention=_retention(rules, entry.retention),
                    correct_url=_url(entry.correct_url),
                )
            )
        sections.append(HeldSection(str(section), str(SECTION_LABELS[section]), items))
    return sections


# --- consents ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentState:
    purpose: str
    label: str
    on: bool
    version: str
    recorded_at: dt.datetime | None
    withdrawable: bool
    optional: bool
    blocked_for_minor: bool


def consents_of(user: User) -> list[ConsentState]:
    """Every consent purpose with its current state, the version and date of the latest
    ledger entry, and whether it can be withdrawn or switched here (two queries)."""
    from rencai.privacy.actions import MARKETING_PURPOSES, is_minor

    current = current_documents()
    latest = latest_consents(user.pk)
    minor = is_minor(user)
    states = []
    for purpose in ConsentPurpose.values:
        record = latest.get(purpose)
        states.append(
            ConsentState(
                purpose=purpose,
                label=str(ConsentPurpose(purpose).label),
                on=consent_is_current(record, purpose, current),
                version=record.document_version if record else "",
                recorded_at=record.created_at if record else None,
                withdrawable=purpose in WITHDRAWABLE_PURPOSES,
                optional=purpose in OPTIONAL_PURPOSES,
                blocked_for_minor=minor and purpose in MARKETING_PURPOSES,
            )
        )
    return states


# --- access log ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AccessEntry:
    """One read of the user's personal information. ``who`` is an organisation's name
    (``kind="organisation"``) or a staff role (``kind="staff"``); never a person's name."""

    kind: str
    at: dt.datetime
    who: str
    role: str
    action: str
    action_label: str
    source_label: str
    categories: list[str]


@dataclass(frozen=True)
class AccessLogPage:
    items: list[AccessEntry]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, (self.total + self.page_size - 1) // self.page_size)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _staff_role(role: str) -> str:
    from rencai.accounts.choices import Role

    try:
        return str(Role(role).label)
    except ValueError:
        return str(_("Platform staff"))


def _category_label(category: str) -> str:
    try:
        return str(SECTION_LABELS[Section(category)])
    except ValueError:
        return category


def access_log(user: User, page: int = 1, page_size: int = ACCESS_PAGE_SIZE) -> AccessLogPage:
    """Organisations' views and downloads of the user's resumes and staff reads of their
    personal information, newest first (at most five queries per page)."""
    from rencai.orgs.choices import MemberRole
    from rencai.orgs.models import Membership
    from rencai.resumes.choices import ViewKind, ViewSource
    from rencai.resumes.queries import views_of

    page = max(1, page)
    wanted = page * page_size
    views = views_of(user)
    staff = PiAccessRecord.objects.filter(subject=user).order_by("-created_at", "-id")
    total = views.count() + staff.count()
    view_rows = list(views[:wanted])
    staff_rows = list(staff[:wanted])
    pairs = {(v.viewer_id, v.organisation_id) for v in view_rows if v.viewer_id}
    roles: dict[tuple[object, object], str] = {}
    if pairs:
        for member in Membership.objects.filter(
            user_id__in={p[0] for p in pairs}, organisation_id__in={p[1] for p in pairs}
        ).order_by("created_at"):
            roles[(member.user_id, member.organisation_id)] = choice_label(MemberRole, member.role)
    entries = [
        AccessEntry(
            kind="organisation",
            at=view.created_at,
            who=view.organisation.legal_name,
            role=roles.get((view.viewer_id, view.organisation_id), ""),
            action=view.kind,
            action_label=choice_label(ViewKind, view.kind),
            source_label=choice_label(ViewSource, view.source),
            categories=[str(SECTION_LABELS[Section.RESUME])],
        )
        for view in view_rows
    ] + [
        AccessEntry(
            kind="staff",
            at=record.created_at,
            who=_staff_role(record.accessor_role),
            role=_staff_role(record.accessor_role),
            action=record.purpose,
            action_label=choice_label(PiAccessPurpose, record.purpose),
            source_label="",
            categories=[_category_label(str(c)) for c in record.categories or []],
        )
        for record in staff_rows
    ]
    entries.sort(key=lambda entry: entry.at, reverse=True)
    start = (page - 1) * page_size
    return AccessLogPage(entries[start : start + page_size], total, page, page_size)
