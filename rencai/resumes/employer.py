"""An organisation's member opens or downloads a resume (PI-07, PI-08, PI-09): the one
path for the API and the HTML page, so that every view is recorded and masking is applied
the same way. The seeker's activity and talent insight are added only as far as the seeker
allows (ALG-05, ``rencai.privacy.insight``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from rencai.accounts.models import User
from rencai.applications.choices import ApplicationStatus, InvitationStatus
from rencai.core.actors import Actor
from rencai.core.errors import not_found
from rencai.core.models import Id
from rencai.files.models import StoredFile
from rencai.files.serving import content_disposition
from rencai.orgs.models import Organisation
from rencai.privacy.insight import signals_of
from rencai.resumes import access, actions
from rencai.resumes.choices import ViewKind, ViewSource
from rencai.resumes.models import Resume, ResumeView
from rencai.resumes.permissions import may_download
from rencai.resumes.presentation import resume_card

# The same member opening the same resume again within this time is one view (PI-08).
REPEAT_VIEW_WINDOW = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class OrgResume:
    resume: Resume
    card: dict[str, Any]
    full_contact: bool
    can_download: bool
    source: str


def _source(org: Organisation, resume: Resume) -> str:
    if (
        resume.applications.filter(organisation=org)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .exists()
    ):
        return ViewSource.APPLICATION
    if resume.invitations.filter(organisation=org, status=InvitationStatus.ACCEPTED).exists():
        return ViewSource.INVITATION
    return ViewSource.SEARCH


def view_as_org(org: Organisation, viewer: User, resume_id: Id, *, actor: Actor) -> OrgResume:
    """The resume as ``org`` may see it (404 unless searchable by it or sent to it),
    masked unless the seeker applied to ``org`` or accepted its invitation; the view is
    recorded for the seeker's "who viewed me" (once per member, source and ten minutes)."""
    resume = access.resume_for_org(org, resume_id)
    full = access.contact_allowed(org, resume.owner)
    source = _source(org, resume)
    recent = ResumeView.objects.filter(
        resume=resume,
        organisation=org,
        viewer=viewer,
        kind=ViewKind.VIEW,
        source=source,
        created_at__gte=timezone.now() - REPEAT_VIEW_WINDOW,
    )
    if not recent.exists():  # a reload is not another view
        actions.record_view(
            resume, org=org, viewer=viewer, kind=ViewKind.VIEW, source=source, actor=actor
        )
    card = resume_card(resume, full_contact=full, contact_details=full and not org.is_agency)
    # Activity and talent insight only as far as the seeker allows (ALG-05).
    card.update(signals_of(resume.owner_id).as_card())
    downloadable = may_download(org) and source != ViewSource.SEARCH
    return OrgResume(resume, card, full, downloadable, source)


def download_response(
    request: HttpRequest, org: Organisation, viewer: User, resume_id: Id, *, actor: Actor
) -> HttpResponse:
    """The print view of a resume sent to ``org`` as a file, with a watermark naming the
    organisation, the member and the time on every page (PI-09); recorded as a download.
    HR agencies never download (403 ``agency_download_forbidden``)."""
    resume = access.resume_for_org(org, resume_id)
    view = actions.download_resume(resume, org=org, viewer=viewer, actor=actor)
    html = render_to_string(
        "resumes/print.html",
        {
            "card": resume_card(
                resume,
                full_contact=access.contact_allowed(org, resume.owner),
                contact_details=access.contact_details_allowed(org, resume.owner),
            ),
            "org": org,
            "watermark": watermark_text(org, viewer, view),
        },
        request=request,
    )
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = content_disposition(
        f"简历-{resume.pk.hex[:8]}.html", as_attachment=True
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def photo_for_org(org: Organisation, resume_id: Id) -> StoredFile:
    """The optional photo, for an organisation that sees the full resume; 404 otherwise."""
    resume = access.resume_for_org(org, resume_id)
    if resume.photo is None or not access.contact_allowed(org, resume.owner):
        raise not_found()
    return resume.photo


def watermark_text(org: Organisation, viewer: User, view: ResumeView) -> str:
    """``<organisation> <USCC> · <member> · <time> · <download id>``: whoever holds a copy
    can be traced to the organisation that downloaded it."""
    when = timezone.localtime(view.created_at).strftime("%Y-%m-%d %H:%M")
    return f"{org.legal_name} {org.uscc} · {viewer.display_name} · {when} · {view.pk.hex[:12]}"
