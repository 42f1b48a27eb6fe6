"""Which organisation may see which resume, and how much of it (PI-05, PI-07, PI-09).

- ``searchable_resumes_for(org)``: what resume search may return to ``org`` — a queryset, so
  that the search engine applies the rules inside its query, never afterwards.
- ``contact_allowed(org, seeker)``: full name and contact details only after the seeker
  applied to the organisation or accepted its invitation (PI-07).
- ``resume_for_org(org, resume_id)``: one resume for an organisation's member, 404 unless
  it is searchable by the organisation or was sent to it.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from rencai.accounts.models import User
from rencai.applications.choices import ApplicationStatus, InvitationStatus
from rencai.applications.models import Application, ApplyInvitation
from rencai.core.lookups import one_of
from rencai.core.models import Id
from rencai.orgs.choices import AccountClass
from rencai.orgs.models import Organisation
from rencai.orgs.queries import posting_block_reason
from rencai.resumes.choices import Visibility
from rencai.resumes.models import HiddenOrganisation, Resume


def visibilities_for(org: Organisation) -> tuple[str, ...]:
    """Visibility settings that let ``org`` find a resume: agencies (headhunters) only
    ``public`` ones, everyone else ``employers`` and ``public`` (PI-05 (b))."""
    if org.account_class == AccountClass.AGENCY:
        return (Visibility.PUBLIC,)
    return (Visibility.EMPLOYERS, Visibility.PUBLIC)


def in_good_standing(org: Organisation) -> bool:
    """Verified, re-verified in time, not suspended, not on the abnormal list."""
    return posting_block_reason(org) is None


def searchable_resumes_for(org: Organisation) -> QuerySet[Resume]:
    """Resumes ``org`` may find in resume search (PI-05): visible to its account class,
    owner active, the org's USCC not on the owner's hidden list, and the org verified and
    in good standing (otherwise nothing). One SQL query; combine it freely."""
    if not in_good_standing(org):
        return Resume.objects.none()
    hidden = HiddenOrganisation.objects.filter(owner=OuterRef("owner_id"), uscc=org.uscc)
    return Resume.objects.filter(
        visibility__in=visibilities_for(org), owner__is_active=True
    ).exclude(Exists(hidden))


def _sent_to(org: Organisation) -> Q:
    """Resumes sent to ``org``: in an application that is not withdrawn, or with an
    invitation the seeker accepted."""
    applied = Application.objects.filter(resume=OuterRef("pk"), organisation=org).exclude(
        status=ApplicationStatus.WITHDRAWN
    )
    accepted = ApplyInvitation.objects.filter(
        resume=OuterRef("pk"), organisation=org, status=InvitationStatus.ACCEPTED
    )
    return Q(Exists(applied)) | Q(Exists(accepted))


def sent_to_org(org: Organisation, resume: Resume) -> bool:
    """Whether ``resume`` was sent to ``org`` (application or accepted invitation)."""
    return Resume.objects.filter(pk=resume.pk).filter(_sent_to(org)).exists()


def contact_allowed(org: Organisation, seeker: User) -> bool:
    """True when ``seeker`` has a non-withdrawn application to ``org`` or accepted an
    invitation from it (PI-07): only then does ``org`` see name and contact details."""
    applied = (
        Application.objects.filter(organisation=org, seeker=seeker)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .exists()
    )
    return applied or (
        ApplyInvitation.objects.filter(
            organisation=org, seeker=seeker, status=InvitationStatus.ACCEPTED
        ).exists()
    )


def contact_details_allowed(org: Organisation, seeker: User) -> bool:
    """Phone and e-mail: as ``contact_allowed``, and never for an HR agency, which reaches
    applicants through the platform's conversations and virtual numbers (PI-07)."""
    return org.account_class != AccountClass.AGENCY and contact_allowed(org, seeker)


def resumes_for_org(org: Organisation) -> QuerySet[Resume]:
    """Every resume an organisation's member may open: searchable by it or sent to it."""
    searchable = searchable_resumes_for(org).values("pk")
    return Resume.objects.filter(Q(pk__in=searchable) | _sent_to(org)).select_related("owner")


def resume_for_org(org: Organisation, resume_id: Id) -> Resume:
    """One resume for a member of ``org``; 404 (existence not leaked) unless searchable by
    the org or sent to it in a non-withdrawn application or an accepted invitation."""
    return one_of(resumes_for_org(org).prefetch_related("entries"), resume_id)
