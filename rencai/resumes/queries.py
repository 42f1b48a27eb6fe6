"""Actor-scoped reads of resumes: a seeker's own resumes, sections, attachments, hidden
organisations and "who viewed me" (PI-08). Anything outside the seeker's own data is a 404
(existence is not leaked). Organisations read resumes through ``rencai.resumes.access``."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from rencai.accounts.models import User
from rencai.core.lookups import one_of
from rencai.core.models import Id
from rencai.orgs.choices import OrgStatus
from rencai.orgs.models import Organisation
from rencai.resumes.models import (
    HiddenOrganisation,
    Resume,
    ResumeAttachment,
    ResumeEntry,
    ResumeView,
)

ENTRY_ORDER = ("kind", "position", "-start", "created_at")


def resumes_of(user: User) -> QuerySet[Resume]:
    """The seeker's own resumes, default first."""
    return Resume.objects.filter(owner=user).order_by("-is_primary", "-updated_at")


def resume_of(user: User, resume_id: Id) -> Resume:
    """One of the seeker's own resumes with its sections; 404 for anyone else's."""
    entries = Prefetch("entries", queryset=ResumeEntry.objects.order_by(*ENTRY_ORDER))
    return one_of(resumes_of(user).prefetch_related(entries, "attachments__file"), resume_id)


def entry_of(user: User, resume_id: Id, entry_id: Id) -> ResumeEntry:
    resume = one_of(resumes_of(user), resume_id)
    return one_of(ResumeEntry.objects.filter(resume=resume).select_related("resume"), entry_id)


def attachment_of(user: User, resume_id: Id, attachment_id: Id) -> ResumeAttachment:
    resume = one_of(resumes_of(user), resume_id)
    return one_of(
        ResumeAttachment.objects.filter(resume=resume).select_related("file", "resume"),
        attachment_id,
    )


def hidden_organisations_of(user: User) -> QuerySet[HiddenOrganisation]:
    return HiddenOrganisation.objects.filter(owner=user).select_related("organisation")


def hidden_organisation_of(user: User, hidden_id: Id) -> HiddenOrganisation:
    return one_of(hidden_organisations_of(user), hidden_id)


def views_of(user: User) -> QuerySet[ResumeView]:
    """Every recorded view, download and contact-details view of the seeker's resumes,
    newest first, with the organisation, the job and the resume (PI-08)."""
    return (
        ResumeView.objects.filter(seeker=user)
        .select_related("organisation", "resume", "posting__live_version")
        .order_by("-created_at")
    )


def organisations_to_hide(name: str, *, limit: int = 10) -> list[Organisation]:
    """Verified organisations whose name contains ``name`` (at least two characters), for
    the hidden-companies picker."""
    name = " ".join(name.split())[:50]
    if len(name) < 2:
        return []
    return list(
        Organisation.objects.filter(status=OrgStatus.VERIFIED, legal_name__icontains=name)
        .only("pk", "legal_name", "uscc", "account_class")
        .order_by("legal_name")[:limit]
    )


def verified_organisation(org_id: Id) -> Organisation:
    return one_of(Organisation.objects.filter(status=OrgStatus.VERIFIED), org_id)
