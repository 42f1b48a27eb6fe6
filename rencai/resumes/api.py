"""REST endpoints of resumes: the seeker's own resumes, sections, visibility (PI-05),
attachments, the CV import, hidden organisations and "who viewed me" (PI-08); and an
organisation's view and download of one resume (PI-07, PI-09). Each endpoint calls the
same action or query as the HTML pages."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from rencai.accounts.models import User
from rencai.core.api_support import AUTH, ERRORS, Page, api_actor, paginate
from rencai.core.errors import not_found
from rencai.files.serving import file_response
from rencai.orgs.models import Membership
from rencai.orgs.queries import active_membership
from rencai.resumes import actions, employer, queries
from rencai.resumes.cvimport import read_cv
from rencai.resumes.derived import completeness
from rencai.resumes.models import Resume
from rencai.resumes.schemas import (
    AttachmentOut,
    CompletenessOut,
    CopyIn,
    EmployerResumeOut,
    EntryFieldsIn,
    EntryIn,
    EntryOut,
    HiddenOut,
    HideIn,
    ImportConfirmIn,
    OrderIn,
    OrgLookupOut,
    ProposalOut,
    ResumeCreateIn,
    ResumeFieldsIn,
    ResumeOut,
    ResumeSummaryOut,
    ResumeViewOut,
    VisibilityIn,
)

resumes_router = Router(tags=["resumes"], auth=AUTH)
hidden_router = Router(tags=["resumes"], auth=AUTH)
views_router = Router(tags=["resumes"], auth=AUTH)
employer_router = Router(tags=["employer resumes"], auth=AUTH)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _own(request: HttpRequest, resume_id: uuid.UUID) -> Resume:
    return queries.resume_of(_user(request), resume_id)


def _fresh(resume: Resume) -> ResumeOut:
    return ResumeOut.build(queries.resume_of(resume.owner, resume.pk))


# --- the seeker's resumes -----------------------------------------------------------------


@resumes_router.get("", response={200: Page[ResumeSummaryOut], **ERRORS}, summary="My resumes")
def list_resumes(
    request: HttpRequest, page: int = 1, page_size: int = 20
) -> Page[ResumeSummaryOut]:
    rows, total, page, page_size = paginate(queries.resumes_of(_user(request)), page, page_size)
    return Page(
        items=[ResumeSummaryOut.build(r) for r in rows], total=total, page=page, page_size=page_size
    )


@resumes_router.post("", response={201: ResumeOut, **ERRORS}, summary="New resume")
def create_resume(request: HttpRequest, payload: ResumeCreateIn) -> Status[ResumeOut]:
    """Job seekers only (403 ``not_a_seeker``). The resume is invisible until its
    visibility is set (PI-05)."""
    resume = actions.create_resume(_user(request), payload.changes(), actor=api_actor(request))
    return Status(201, _fresh(resume))


@resumes_router.post(
    "/import-preview", response={200: ProposalOut, **ERRORS}, summary="Read a CV file"
)
def import_preview(request: HttpRequest, file: File[UploadedFile]) -> ProposalOut:
    """Multipart ``file``: a PDF or DOCX CV. Returns what was recognised; **nothing is
    saved**. 400 ``import_no_text`` for a file without text (a scan)."""
    return ProposalOut.build(read_cv(file))


@resumes_router.post(
    "/import-confirm", response={200: ResumeOut, **ERRORS}, summary="Save confirmed CV items"
)
def import_confirm(request: HttpRequest, payload: ImportConfirmIn) -> ResumeOut:
    """Saves exactly the items sent (the ones the seeker ticked), into ``resume_id`` or a
    new invisible resume, with the same checks as the editor."""
    user = _user(request)
    target = queries.resume_of(user, payload.resume_id) if payload.resume_id else None
    sent = payload.fields.model_dump() if payload.fields else {}
    fields = {name: value for name, value in sent.items() if value is not None}
    entries = [(entry.kind, entry.model_dump(exclude={"kind"})) for entry in payload.entries]
    resume = actions.apply_import(
        user,
        target,
        fields=fields,
        entries=entries,
        skills=payload.skills,
        title=payload.title,
        actor=api_actor(request),
    )
    return _fresh(resume)


@resumes_router.get("/{resume_id}", response={200: ResumeOut, **ERRORS}, summary="Resume")
def get_resume(request: HttpRequest, resume_id: uuid.UUID) -> ResumeOut:
    return ResumeOut.build(_own(request, resume_id))


@resumes_router.patch("/{resume_id}", response={200: ResumeOut, **ERRORS}, summary="Edit")
def patch_resume(request: HttpRequest, resume_id: uuid.UUID, payload: ResumeFieldsIn) -> ResumeOut:
    """Only the fields sent change; each is checked (422 with a stable code and field)."""
    resume = actions.update_resume(
        _own(request, resume_id), payload.changes(), actor=api_actor(request)
    )
    return _fresh(resume)


@resumes_router.delete("/{resume_id}", response={204: None, **ERRORS}, summary="Delete")
def delete_resume(request: HttpRequest, resume_id: uuid.UUID) -> Status[None]:
    actions.delete_resume(_own(request, resume_id), actor=api_actor(request))
    return Status(204, None)


@resumes_router.post(
    "/{resume_id}/primary", response={200: ResumeOut, **ERRORS}, summary="Make default"
)
def make_primary(request: HttpRequest, resume_id: uuid.UUID) -> ResumeOut:
    return _fresh(actions.set_primary(_own(request, resume_id), actor=api_actor(request)))


@resumes_router.post("/{resume_id}/copy", response={201: ResumeOut, **ERRORS}, summary="Copy")
def copy_resume(request: HttpRequest, resume_id: uuid.UUID, payload: CopyIn) -> Status[ResumeOut]:
    """A copy with every section (for an English version, say); invisible (PI-05)."""
    copy = actions.copy_resume(
        _own(request, resume_id),
        title=payload.title,
        language=payload.language or "",
        actor=api_actor(request),
    )
    return Status(201, _fresh(copy))


@resumes_router.put(
    "/{resume_id}/visibility", response={200: ResumeOut, **ERRORS}, summary="Who may find it"
)
def set_visibility(request: HttpRequest, resume_id: uuid.UUID, payload: VisibilityIn) -> ResumeOut:
    """PI-05: ``hidden`` (default) — only organisations you apply to; ``employers`` —
    verified employers, not HR agencies; ``public`` — verified employers and agencies."""
    resume = actions.set_visibility(
        _own(request, resume_id), payload.visibility, actor=api_actor(request)
    )
    return _fresh(resume)


@resumes_router.get(
    "/{resume_id}/completeness",
    response={200: CompletenessOut, **ERRORS},
    summary="Completeness and suggestions",
)
def get_completeness(request: HttpRequest, resume_id: uuid.UUID) -> CompletenessOut:
    resume = _own(request, resume_id)
    return CompletenessOut.build(completeness(resume, list(resume.entries.all())))


@resumes_router.post(
    "/{resume_id}/entries", response={201: EntryOut, **ERRORS}, summary="Add a section entry"
)
def add_entry(request: HttpRequest, resume_id: uuid.UUID, payload: EntryIn) -> Status[EntryOut]:
    entry = actions.add_entry(
        _own(request, resume_id),
        payload.kind,
        payload.model_dump(exclude={"kind"}),
        actor=api_actor(request),
    )
    return Status(201, EntryOut.build(entry))


@resumes_router.put(
    "/{resume_id}/entries/order", response={200: list[EntryOut], **ERRORS}, summary="Reorder"
)
def reorder(request: HttpRequest, resume_id: uuid.UUID, payload: OrderIn) -> list[EntryOut]:
    """``entry_ids``: every entry of the section ``kind``, in the new order."""
    entries = actions.reorder_entries(
        _own(request, resume_id), payload.kind, payload.entry_ids, actor=api_actor(request)
    )
    return [EntryOut.build(entry) for entry in entries]


@resumes_router.patch(
    "/{resume_id}/entries/{entry_id}", response={200: EntryOut, **ERRORS}, summary="Edit entry"
)
def edit_entry(
    request: HttpRequest, resume_id: uuid.UUID, entry_id: uuid.UUID, payload: EntryFieldsIn
) -> EntryOut:
    entry = queries.entry_of(_user(request), resume_id, entry_id)
    return EntryOut.build(
        actions.update_entry(entry, payload.model_dump(), actor=api_actor(request))
    )


@resumes_router.delete(
    "/{resume_id}/entries/{entry_id}", response={204: None, **ERRORS}, summary="Delete entry"
)
def delete_entry(request: HttpRequest, resume_id: uuid.UUID, entry_id: uuid.UUID) -> Status[None]:
    entry = queries.entry_of(_user(request), resume_id, entry_id)
    actions.delete_entry(entry, actor=api_actor(request))
    return Status(204, None)


@resumes_router.get(
    "/{resume_id}/attachments", response={200: list[AttachmentOut], **ERRORS}, summary="Files"
)
def list_attachments(request: HttpRequest, resume_id: uuid.UUID) -> list[AttachmentOut]:
    return [AttachmentOut.build(a) for a in _own(request, resume_id).attachments.all()]


@resumes_router.post(
    "/{resume_id}/attachments", response={201: AttachmentOut, **ERRORS}, summary="Attach a file"
)
def add_attachment(
    request: HttpRequest,
    resume_id: uuid.UUID,
    file: File[UploadedFile],
    title: Form[str] = "",
) -> Status[AttachmentOut]:
    """Multipart ``file``: PDF, DOCX, PNG, JPEG or WebP, checked by content."""
    attachment = actions.add_attachment(
        _own(request, resume_id), file, title=title, actor=api_actor(request)
    )
    return Status(201, AttachmentOut.build(attachment))


@resumes_router.get(
    "/{resume_id}/attachments/{attachment_id}/file",
    response={200: None, **ERRORS},
    summary="Attachment file",
)
def attachment_file(
    request: HttpRequest, resume_id: uuid.UUID, attachment_id: uuid.UUID
) -> HttpResponseBase:
    """The seeker's own file only."""
    attachment = queries.attachment_of(_user(request), resume_id, attachment_id)
    return file_response(attachment.file, as_attachment=True)


@resumes_router.delete(
    "/{resume_id}/attachments/{attachment_id}",
    response={204: None, **ERRORS},
    summary="Remove a file",
)
def delete_attachment(
    request: HttpRequest, resume_id: uuid.UUID, attachment_id: uuid.UUID
) -> Status[None]:
    attachment = queries.attachment_of(_user(request), resume_id, attachment_id)
    actions.delete_attachment(attachment, actor=api_actor(request))
    return Status(204, None)


@resumes_router.post("/{resume_id}/photo", response={200: ResumeOut, **ERRORS}, summary="Photo")
def set_photo(request: HttpRequest, resume_id: uuid.UUID, file: File[UploadedFile]) -> ResumeOut:
    """Optional (DIS-09). Multipart ``file``: PNG, JPEG or WebP, stored without metadata;
    shown to an organisation only after you apply to it or accept its invitation."""
    resume = actions.set_photo(_own(request, resume_id), file, actor=api_actor(request))
    return _fresh(resume)


@resumes_router.delete(
    "/{resume_id}/photo", response={204: None, **ERRORS}, summary="Remove the photo"
)
def remove_photo(request: HttpRequest, resume_id: uuid.UUID) -> Status[None]:
    actions.remove_photo(_own(request, resume_id), actor=api_actor(request))
    return Status(204, None)


@resumes_router.get("/{resume_id}/photo", response={200: None, **ERRORS}, summary="The photo file")
def photo_file(request: HttpRequest, resume_id: uuid.UUID) -> HttpResponseBase:
    resume = _own(request, resume_id)
    if resume.photo is None:
        raise not_found()
    return file_response(resume.photo)


# --- hidden organisations ---------------------------------------------------------------


@hidden_router.get("", response={200: list[HiddenOut], **ERRORS}, summary="Hidden from")
def list_hidden(request: HttpRequest) -> list[HiddenOut]:
    return [HiddenOut.build(h) for h in queries.hidden_organisations_of(_user(request))]


@hidden_router.get(
    "/lookup", response={200: list[OrgLookupOut], **ERRORS}, summary="Find an organisation"
)
def lookup(request: HttpRequest, q: str = "") -> list[OrgLookupOut]:
    """Verified organisations whose name contains ``q`` (two characters or more)."""
    return [
        OrgLookupOut(id=o.pk, name=o.legal_name, uscc=o.uscc, account_class=o.account_class)
        for o in queries.organisations_to_hide(q)
    ]


@hidden_router.post("", response={201: HiddenOut, **ERRORS}, summary="Hide my resumes from")
def hide(request: HttpRequest, payload: HideIn) -> Status[HiddenOut]:
    """By ``organisation_id`` (from the lookup) or by ``uscc``; matched on the USCC so a
    renamed company stays hidden (PI-05 (b)). 409 ``already_hidden``."""
    organisation = (
        queries.verified_organisation(payload.organisation_id) if payload.organisation_id else None
    )
    hidden = actions.hide_organisation(
        _user(request), organisation=organisation, uscc=payload.uscc, actor=api_actor(request)
    )
    return Status(201, HiddenOut.build(hidden))


@hidden_router.delete("/{hidden_id}", response={204: None, **ERRORS}, summary="Unhide")
def unhide(request: HttpRequest, hidden_id: uuid.UUID) -> Status[None]:
    hidden = queries.hidden_organisation_of(_user(request), hidden_id)
    actions.unhide_organisation(hidden, actor=api_actor(request))
    return Status(204, None)


# --- who viewed me ------------------------------------------------------------------------


@views_router.get("", response={200: Page[ResumeViewOut], **ERRORS}, summary="Who viewed me")
def list_views(request: HttpRequest, page: int = 1, page_size: int = 20) -> Page[ResumeViewOut]:
    """Every view and download of your resumes by an organisation, newest first (PI-08)."""
    rows, total, page, page_size = paginate(queries.views_of(_user(request)), page, page_size)
    return Page(
        items=[ResumeViewOut.build(v) for v in rows], total=total, page=page, page_size=page_size
    )


# --- organisations -------------------------------------------------------------------------


def _membership(request: HttpRequest) -> Membership:
    membership = active_membership(_user(request))
    if membership is None:
        raise not_found()
    return membership


@employer_router.get(
    "/{resume_id}", response={200: EmployerResumeOut, **ERRORS}, summary="A resume"
)
def employer_resume(request: HttpRequest, resume_id: uuid.UUID) -> EmployerResumeOut:
    """404 unless your organisation may find the resume in search or it was sent to you.
    Masked (surname + ``**``, no phone, e-mail or links) until the seeker applied to your
    organisation or accepted its invitation (PI-07). Every call is shown to the seeker
    (PI-08)."""
    membership = _membership(request)
    seen = employer.view_as_org(
        membership.organisation, _user(request), resume_id, actor=api_actor(request)
    )
    return EmployerResumeOut(**seen.card, can_download=seen.can_download)


@employer_router.get(
    "/{resume_id}/photo", response={200: None, **ERRORS}, summary="A resume's photo"
)
def employer_photo(request: HttpRequest, resume_id: uuid.UUID) -> HttpResponseBase:
    """Only with the full resume (the seeker applied or accepted an invitation), and only
    if the seeker added one (DIS-09); 404 otherwise."""
    membership = _membership(request)
    return file_response(employer.photo_for_org(membership.organisation, resume_id))


@employer_router.get(
    "/{resume_id}/download", response={200: None, **ERRORS}, summary="Download a resume"
)
def employer_download(request: HttpRequest, resume_id: uuid.UUID) -> HttpResponse:
    """A print-ready HTML file with your organisation's watermark (PI-09). Only for resumes
    sent to your organisation; never for HR agencies (403 ``agency_download_forbidden``);
    a daily quota per organisation (429 ``download_quota_exceeded``)."""
    membership = _membership(request)
    return employer.download_response(
        request, membership.organisation, _user(request), resume_id, actor=api_actor(request)
    )
