"""Template filters of the applications pages: public stage labels, badges, labels of
stored codes."""

from __future__ import annotations

from typing import Any

from django import template

from rencai.applications.choices import (
    ApplicationSource,
    ApplicationStatus,
    InvitationStatus,
    RejectionReason,
    StageKind,
)
from rencai.applications.snapshot import category_label
from rencai.core import divisions
from rencai.core.choices import choice_label
from rencai.core.masking import mask_name
from rencai.jobs.choices import Education
from rencai.resumes.choices import EntryKind, WorkStatus

register = template.Library()

_KIND_BADGES: dict[str, str] = {
    StageKind.NEW: "badge-info",
    StageKind.REVIEWED: "badge-muted",
    StageKind.SCREENING: "badge-info",
    StageKind.INTERVIEW: "badge-warning",
    StageKind.OFFER: "badge-warning",
    StageKind.HIRED: "badge-success",
    StageKind.REJECTED: "badge-muted",
}


@register.filter
def public_stage(application: Any) -> str:
    """What the seeker sees: the meaning of the stage, or "Withdrawn"."""
    if application.status == ApplicationStatus.WITHDRAWN:
        return str(ApplicationStatus.WITHDRAWN.label)
    return choice_label(StageKind, application.stage.kind)


@register.filter
def public_stage_kind(application: Any) -> str:
    if application.status == ApplicationStatus.WITHDRAWN:
        return "withdrawn"
    return str(application.stage.kind)


@register.filter
def stage_badge(kind: str) -> str:
    return _KIND_BADGES.get(kind, "badge-muted")


@register.filter
def kind_label(kind: str) -> str:
    return choice_label(StageKind, kind)


@register.filter
def status_label(status: str) -> str:
    return choice_label(ApplicationStatus, status)


@register.filter
def source_label(source: str) -> str:
    return choice_label(ApplicationSource, source)


@register.filter
def invitation_status_label(status: str) -> str:
    return choice_label(InvitationStatus, status)


@register.filter
def invitation_state(invitation: Any) -> str:
    """The status, with pending invitations past their expiry shown as expired before the
    hourly task marks them."""
    from django.utils import timezone

    if invitation.status == InvitationStatus.PENDING and invitation.expires_at <= timezone.now():
        return str(InvitationStatus.EXPIRED.value)
    return str(invitation.status)


@register.filter
def reason_label(code: str) -> str:
    return choice_label(RejectionReason, code) if code else ""


@register.filter
def data_category(code: str) -> str:
    return category_label(code)


@register.filter
def education_label(code: str) -> str:
    return choice_label(Education, code) if code else ""


@register.filter
def work_status_label(code: str) -> str:
    return choice_label(WorkStatus, code) if code else ""


@register.filter
def entry_kind_label(code: str) -> str:
    return choice_label(EntryKind, code)


@register.filter
def division_name(code: str) -> str:
    return divisions.display_name(code) if code else ""


@register.filter
def years_months(months: int | None) -> str:
    """``62`` → ``5年2个月`` (language-neutral digits with the unit words translated)."""
    from django.utils.translation import gettext as _

    months = int(months or 0)
    years, rest = divmod(months, 12)
    if years and rest:
        return _("%(years)s yr %(months)s mo") % {"years": years, "months": rest}
    if years:
        return _("%(years)s yr") % {"years": years}
    return _("%(months)s mo") % {"months": rest}


@register.filter
def job_title(obj: Any) -> str:
    version = obj.posting.live_version
    return version.title if version is not None else ""


@register.filter
def skill_names(snapshot: dict[str, Any]) -> list[str]:
    return [
        str(item.get("name", "")) for item in snapshot.get("skills", []) if isinstance(item, dict)
    ]


@register.filter
def national_phone(phone: str) -> str:
    """``+8613800138001`` → ``138 0013 8001``."""
    digits = "".join(char for char in phone or "" if char.isdigit())[-11:]
    if len(digits) != 11:
        return phone or ""
    return f"{digits[:3]} {digits[3:7]} {digits[7:]}"


@register.filter
def masked_name(name: str) -> str:
    """姓氏 + ** until the candidate accepts (PI-07)."""
    return mask_name(name or "")


@register.filter
def stars(rating: int | None) -> str:
    rating = int(rating or 0)
    return "★" * rating + "☆" * (5 - rating)


@register.simple_tag
def resume_actions_for(org: Any, resume: Any) -> dict[str, Any]:
    """For the organisation's resume page (the resumes app includes
    ``applications/_resume_actions.html``): whether the organisation may invite this resume
    (resume search finds it) and its latest application from the same seeker, if any."""
    from rencai.applications.queries import pipeline_applications
    from rencai.resumes.access import searchable_resumes_for

    if org is None or resume is None:
        return {"can_invite": False, "application": None}
    return {
        "can_invite": searchable_resumes_for(org).filter(pk=resume.pk).exists(),
        "application": pipeline_applications(org)
        .filter(seeker_id=resume.owner_id)
        .order_by("-created_at")
        .first(),
    }
