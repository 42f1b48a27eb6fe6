"""REST endpoints of the applications app: the seeker's applications and invitations
(/me/applications, /me/invitations) and the organisation's pipeline (/employer/...).
Each endpoint checks who is asking and calls the same action or query as the HTML pages."""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from ninja import Router, Status

from rencai.accounts.models import User
from rencai.applications import actions, queries
from rencai.applications.errors import ApplicationErrorCode, app_error
from rencai.applications.models import Application
from rencai.applications.schemas import (
    AcceptIn,
    ApplyIn,
    BoardOut,
    BulkIn,
    ColumnOut,
    EmployerApplicationDetailOut,
    EmployerApplicationOut,
    EmployerInvitationOut,
    InvitationIn,
    MoveIn,
    NoteIn,
    NoteOut,
    NoticeOut,
    RejectIn,
    ReorderIn,
    SeekerApplicationDetailOut,
    SeekerApplicationOut,
    SeekerInvitationOut,
    StageIn,
    StageOut,
    StagePatchIn,
)
from rencai.applications.snapshot import consent_notice
from rencai.core.api_support import AUTH, ERRORS, Page, api_actor, paginate
from rencai.core.lookups import one_of
from rencai.jobs.models import JobPosting
from rencai.orgs.models import Membership, Organisation
from rencai.resumes.models import Resume

me_applications_router = Router(tags=["my applications"], auth=AUTH)
me_invitations_router = Router(tags=["my applications"], auth=AUTH)
employer_applications_router = Router(tags=["employer applications"], auth=AUTH)
pipeline_stages_router = Router(tags=["employer applications"], auth=AUTH)
employer_invitations_router = Router(tags=["employer applications"], auth=AUTH)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _posting_to_apply(user: User, posting_id: uuid.UUID) -> JobPosting:
    """A published posting; the apply action decides who may apply (403 for minors on
    minor-prohibited jobs rather than 404, JOB-10)."""
    from rencai.jobs.queries import public_postings

    return one_of(public_postings(), posting_id)


# --- the seeker: applications -------------------------------------------------------------


@me_applications_router.get(
    "/notice", response={200: NoticeOut, **ERRORS}, summary="Consent notice before applying"
)
def notice(request: HttpRequest, posting_id: uuid.UUID, resume_id: uuid.UUID) -> NoticeOut:
    """Which verified organisation (and, for an agency's posting, which client) receives
    which categories of your data for what purpose (PI-05). Show ``text``; apply with its
    ``hash``."""
    user = _user(request)
    posting = _posting_to_apply(user, posting_id)
    resume = queries.resume_of_seeker(user, resume_id)
    return NoticeOut.build(consent_notice(posting, resume))


@me_applications_router.get(
    "", response={200: Page[SeekerApplicationOut], **ERRORS}, summary="My applications"
)
def my_applications(
    request: HttpRequest, page: int = 1, page_size: int = 20
) -> Page[SeekerApplicationOut]:
    rows, total, page, page_size = paginate(
        queries.applications_of_seeker(_user(request)), page, page_size
    )
    return Page(
        items=[SeekerApplicationOut.build(a) for a in rows],
        total=total,
        page=page,
        page_size=page_size,
    )


@me_applications_router.post(
    "", response={201: SeekerApplicationDetailOut, **ERRORS}, summary="Apply for a job"
)
def apply(request: HttpRequest, payload: ApplyIn) -> Status[SeekerApplicationDetailOut]:
    """Sends the resume with your consent to the organisation named in the notice. 403
    ``minor_prohibited_job`` (JOB-10), ``seeker_not_active``, ``not_a_seeker``; 409
    ``already_applied``/``reapply_too_soon``; 400 ``consent_outdated``,
    ``cover_note_blocked``."""
    user = _user(request)
    posting = _posting_to_apply(user, payload.posting_id)
    resume = queries.resume_of_seeker(user, payload.resume_id)
    application = actions.apply_to_job(
        posting,
        resume,
        notice_hash=payload.notice_hash,
        cover_note=payload.cover_note,
        actor=api_actor(request),
    )
    return Status(201, _seeker_detail(application))


def _seeker_detail(application: Application) -> SeekerApplicationDetailOut:
    return SeekerApplicationDetailOut.build_detail(
        application, queries.seeker_timeline(application)
    )


@me_applications_router.get(
    "/{application_id}", response={200: SeekerApplicationDetailOut, **ERRORS}, summary="One"
)
def my_application(request: HttpRequest, application_id: uuid.UUID) -> SeekerApplicationDetailOut:
    return _seeker_detail(queries.application_for_seeker(_user(request), application_id))


@me_applications_router.post(
    "/{application_id}/withdraw",
    response={200: SeekerApplicationDetailOut, **ERRORS},
    summary="Withdraw",
)
def withdraw(request: HttpRequest, application_id: uuid.UUID) -> SeekerApplicationDetailOut:
    """The application leaves the organisation's pipeline at once."""
    application = queries.application_for_seeker(_user(request), application_id)
    return _seeker_detail(actions.withdraw_application(application, actor=api_actor(request)))


# --- the seeker: invitations ------------------------------------------------------------


@me_invitations_router.get(
    "", response={200: Page[SeekerInvitationOut], **ERRORS}, summary="Invitations to apply"
)
def my_invitations(
    request: HttpRequest, page: int = 1, page_size: int = 20
) -> Page[SeekerInvitationOut]:
    rows, total, page, page_size = paginate(
        queries.invitations_for_seeker(_user(request)), page, page_size
    )
    return Page(
        items=[SeekerInvitationOut.build(i) for i in rows],
        total=total,
        page=page,
        page_size=page_size,
    )


@me_invitations_router.get(
    "/{invitation_id}/notice", response={200: NoticeOut, **ERRORS}, summary="Notice to accept"
)
def invitation_notice(
    request: HttpRequest, invitation_id: uuid.UUID, resume_id: uuid.UUID | None = None
) -> NoticeOut:
    user = _user(request)
    invitation = queries.invitation_for_seeker(user, invitation_id)
    resume = queries.resume_of_seeker(user, resume_id) if resume_id else invitation.resume
    return NoticeOut.build(consent_notice(invitation.posting, resume))


@me_invitations_router.post(
    "/{invitation_id}/accept",
    response={201: SeekerApplicationDetailOut, **ERRORS},
    summary="Accept: apply",
)
def accept(
    request: HttpRequest, invitation_id: uuid.UUID, payload: AcceptIn
) -> Status[SeekerApplicationDetailOut]:
    """Applies through the same consent as a direct application (source ``invitation``)."""
    user = _user(request)
    invitation = queries.invitation_for_seeker(user, invitation_id)
    resume: Resume | None = None
    if payload.resume_id is not None:
        resume = queries.resume_of_seeker(user, payload.resume_id)
    application = actions.accept_invitation(
        invitation,
        notice_hash=payload.notice_hash,
        resume=resume,
        cover_note=payload.cover_note,
        actor=api_actor(request),
    )
    return Status(201, _seeker_detail(application))


@me_invitations_router.post(
    "/{invitation_id}/decline", response={200: SeekerInvitationOut, **ERRORS}, summary="Decline"
)
def decline(request: HttpRequest, invitation_id: uuid.UUID) -> SeekerInvitationOut:
    invitation = queries.invitation_for_seeker(_user(request), invitation_id)
    declined = actions.decline_invitation(invitation, actor=api_actor(request))
    return SeekerInvitationOut.build(queries.invitation_for_seeker(_user(request), declined.pk))


# --- the organisation: applications ---------------------------------------------------------


def _member(request: HttpRequest) -> Membership:
    return queries.pipeline_membership(_user(request))


@employer_applications_router.get(
    "", response={200: Page[EmployerApplicationOut], **ERRORS}, summary="Applications"
)
def applications(
    request: HttpRequest,
    posting_id: str = "",
    stage_id: str = "",
    status: str = "",
    since: str = "",
    until: str = "",
    q: str = "",
    page: int = 1,
    page_size: int = 20,
) -> Page[EmployerApplicationOut]:
    """Filters: posting, stage, status (active, rejected, hired), date range (``since``,
    ``until``: YYYY-MM-DD), keyword ``q`` on the name and skills of the resume as sent.
    Unknown keys are refused (400 ``unknown_filter``), and keys naming a protected
    attribute (gender, age, hukou, ethnicity, religion, marital status, height, …) with
    400 ``protected_attribute_filter`` (DIS-03)."""
    membership = _member(request)
    queries.check_filter_keys(request.GET.keys())
    params = {
        "posting_id": posting_id,
        "stage_id": stage_id,
        "status": status,
        "since": since,
        "until": until,
        "q": q,
    }
    rows, total, page, page_size = paginate(
        queries.filter_applications(membership.organisation, params), page, page_size
    )
    return Page(
        items=[EmployerApplicationOut.build(a) for a in rows],
        total=total,
        page=page,
        page_size=page_size,
    )


@employer_applications_router.get(
    "/board", response={200: BoardOut, **ERRORS}, summary="Pipeline board of one posting"
)
def board(request: HttpRequest, posting_id: uuid.UUID) -> BoardOut:
    from rencai.jobs.queries import posting_of

    org = _member(request).organisation
    posting = posting_of(org, posting_id)
    columns = [
        ColumnOut(
            stage=StageOut.build(stage),
            total=total,
            items=[EmployerApplicationOut.build(a) for a in cards],
        )
        for stage, cards, total in queries.board(org, posting)
    ]
    return BoardOut(posting_id=posting.pk, columns=columns)


@employer_applications_router.post(
    "/bulk", response={200: list[EmployerApplicationOut], **ERRORS}, summary="Bulk action"
)
def bulk(request: HttpRequest, payload: BulkIn) -> list[EmployerApplicationOut]:
    """Move (``stage_id``) or reject (``reason``, optional screened ``message``) up to 100
    applications at once: all or none."""
    org = _member(request).organisation
    chosen = queries.applications_for_org_by_ids(org, list(payload.application_ids))
    actor = api_actor(request)
    if payload.action == "move":
        if payload.stage_id is None:
            raise app_error(ApplicationErrorCode.STAGE_INVALID, field="stage_id")
        stage = queries.stage_of(org, payload.stage_id)
        moved = actions.bulk_move(chosen, stage, actor=actor)
    else:
        moved = actions.bulk_reject(
            chosen, reason=payload.reason, message=payload.message, actor=actor
        )
    return [EmployerApplicationOut.build(queries.application_for_org(org, a.pk)) for a in moved]


@employer_applications_router.get(
    "/{application_id}",
    response={200: EmployerApplicationDetailOut, **ERRORS},
    summary="One application",
)
def application(request: HttpRequest, application_id: uuid.UUID) -> EmployerApplicationDetailOut:
    """Opening an application the first time marks it seen: from a "new" stage it moves to
    the first "viewed" stage, and the resume view is recorded for the seeker (PI-08)."""
    org = _member(request).organisation
    found = queries.application_for_org(org, application_id)
    actions.mark_seen(found, actor=api_actor(request))
    return _detail(org, application_id)


def _detail(org: Organisation, application_id: uuid.UUID) -> EmployerApplicationDetailOut:
    found = queries.application_for_org(org, application_id)
    return EmployerApplicationDetailOut.build_detail(
        found, list(queries.notes_of(found)), list(queries.history_of(found))
    )


@employer_applications_router.post(
    "/{application_id}/move",
    response={200: EmployerApplicationDetailOut, **ERRORS},
    summary="Move to a stage",
)
def move(
    request: HttpRequest, application_id: uuid.UUID, payload: MoveIn
) -> EmployerApplicationDetailOut:
    org = _member(request).organisation
    found = queries.application_for_org(org, application_id)
    stage = queries.stage_of(org, payload.stage_id)
    actions.move_application(found, stage, actor=api_actor(request))
    return _detail(org, application_id)


@employer_applications_router.post(
    "/{application_id}/reject",
    response={200: EmployerApplicationDetailOut, **ERRORS},
    summary="Reject with a neutral reason",
)
def reject(
    request: HttpRequest, application_id: uuid.UUID, payload: RejectIn
) -> EmployerApplicationDetailOut:
    """``reason`` from the neutral list; ``message`` is screened (DIS-04: 400
    ``rejection_message_blocked`` with ``findings``)."""
    org = _member(request).organisation
    found = queries.application_for_org(org, application_id)
    actions.reject_application(
        found, reason=payload.reason, message=payload.message, actor=api_actor(request)
    )
    return _detail(org, application_id)


@employer_applications_router.post(
    "/{application_id}/notes", response={201: NoteOut, **ERRORS}, summary="Internal note"
)
def add_note(request: HttpRequest, application_id: uuid.UUID, payload: NoteIn) -> Status[NoteOut]:
    """Visible only to the organisation; ``rating`` 1–5."""
    org = _member(request).organisation
    found = queries.application_for_org(org, application_id)
    note = actions.add_note(
        found, text=payload.text, rating=payload.rating, actor=api_actor(request)
    )
    return Status(201, NoteOut.build(note))


# --- the organisation: stages ----------------------------------------------------------------


@pipeline_stages_router.get("", response={200: list[StageOut], **ERRORS}, summary="Stages")
def stages(request: HttpRequest, include_archived: bool = False) -> list[StageOut]:
    org = _member(request).organisation
    rows = queries.all_stages_of(org) if include_archived else queries.stages_of(org)
    return [StageOut.build(stage) for stage in rows]


@pipeline_stages_router.post("", response={201: StageOut, **ERRORS}, summary="Add a stage")
def create_stage(request: HttpRequest, payload: StageIn) -> Status[StageOut]:
    """Administrators only (403 ``not_org_admin``)."""
    org = _member(request).organisation
    stage = actions.create_stage(
        org, name=payload.name, name_en=payload.name_en, kind=payload.kind, actor=api_actor(request)
    )
    return Status(201, StageOut.build(stage))


@pipeline_stages_router.post("/reorder", response={200: list[StageOut], **ERRORS}, summary="Order")
def reorder(request: HttpRequest, payload: ReorderIn) -> list[StageOut]:
    org = _member(request).organisation
    ordered = actions.reorder_stages(org, list(payload.stage_ids), actor=api_actor(request))
    return [StageOut.build(stage) for stage in ordered]


@pipeline_stages_router.patch("/{stage_id}", response={200: StageOut, **ERRORS}, summary="Rename")
def rename_stage(request: HttpRequest, stage_id: uuid.UUID, payload: StagePatchIn) -> StageOut:
    org = _member(request).organisation
    stage = queries.stage_of(org, stage_id)
    updated = actions.update_stage(
        stage, name=payload.name, name_en=payload.name_en, actor=api_actor(request)
    )
    return StageOut.build(updated)


@pipeline_stages_router.post(
    "/{stage_id}/archive", response={200: StageOut, **ERRORS}, summary="Archive"
)
def archive_stage(request: HttpRequest, stage_id: uuid.UUID) -> StageOut:
    """Only stages without active applications (409 ``stage_not_empty``); each meaning
    keeps one current stage (400 ``stage_kind_required``)."""
    org = _member(request).organisation
    stage = queries.stage_of(org, stage_id)
    return StageOut.build(actions.archive_stage(stage, actor=api_actor(request)))


# --- the organisation: invitations ----------------------------------------------------------


@employer_invitations_router.get(
    "", response={200: Page[EmployerInvitationOut], **ERRORS}, summary="Invitations sent"
)
def invitations(
    request: HttpRequest, page: int = 1, page_size: int = 20
) -> Page[EmployerInvitationOut]:
    org = _member(request).organisation
    rows, total, page, page_size = paginate(queries.invitations_of_org(org), page, page_size)
    return Page(
        items=[EmployerInvitationOut.build(i) for i in rows],
        total=total,
        page=page,
        page_size=page_size,
    )


@employer_invitations_router.post(
    "", response={201: EmployerInvitationOut, **ERRORS}, summary="Invite to apply"
)
def invite(request: HttpRequest, payload: InvitationIn) -> Status[EmployerInvitationOut]:
    """Only for resumes resume search lets the organisation find and its own published
    postings; the message is screened; 429 ``invitation_rate_limited`` beyond the daily
    limit."""
    from rencai.jobs.queries import posting_of

    org = _member(request).organisation
    posting = posting_of(org, payload.posting_id)
    resume = one_of(Resume.objects.select_related("owner"), payload.resume_id)
    invitation = actions.invite_to_apply(
        resume, posting, message=payload.message, actor=api_actor(request)
    )
    return Status(201, EmployerInvitationOut.build(queries.invitation_of_org(org, invitation.pk)))


@employer_invitations_router.post(
    "/{invitation_id}/withdraw", response={200: EmployerInvitationOut, **ERRORS}, summary="Withdraw"
)
def withdraw_invitation(request: HttpRequest, invitation_id: uuid.UUID) -> EmployerInvitationOut:
    org = _member(request).organisation
    invitation = queries.invitation_of_org(org, invitation_id)
    actions.withdraw_invitation(invitation, actor=api_actor(request))
    return EmployerInvitationOut.build(queries.invitation_of_org(org, invitation_id))
