"""HTML pages of applications: applying from a job page with the consent notice (PI-05),
the seeker's applications and invitations, and the organisation's pipeline (list with
filters and bulk actions, kanban board, application page, stage settings, invitations).
Every page calls the same actions and queries as the API."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rencai.applications import actions, queries
from rencai.applications.choices import ApplicationStatus, InvitationStatus
from rencai.applications.forms import (
    ApplyForm,
    FilterForm,
    InviteForm,
    NoteForm,
    RejectForm,
    RenameStageForm,
    StageForm,
)
from rencai.applications.models import Application, ApplyInvitation
from rencai.applications.permissions import can_configure_pipeline
from rencai.applications.snapshot import consent_notice, contact_for_org
from rencai.core.errors import DomainError, NotFound, PermissionDenied
from rencai.core.forms_support import apply_domain_error
from rencai.core.http import AuthedRequest, signed_in, web_actor
from rencai.jobs.models import JobPosting
from rencai.orgs.choices import AccountClass
from rencai.orgs.models import Membership
from rencai.privacy.insight import signals_of
from rencai.resumes.models import Resume

PAGE_SIZE = 20
NOINDEX = {"noindex": True}


def _denied(request: HttpRequest, error: DomainError) -> HttpResponse:
    """The 403 page with the rule's own message; 404 for anything not visible."""
    if isinstance(error, NotFound):
        raise Http404
    return render(
        request,
        "applications/denied.html",
        {"error": error, **NOINDEX},
        status=error.status if error.status in (403, 409) else 400,
    )


def _resume_editor_url() -> str:
    """Where a seeker writes a resume (the resumes app's page, once it is there)."""
    for name in ("resumes:list", "resumes:mine", "resumes:index"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return "/me/resumes/"


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


# --- applying ---------------------------------------------------------------------------------


def _apply_posting(posting_id: str) -> JobPosting:
    from rencai.core.lookups import one_of
    from rencai.jobs.queries import public_postings

    try:
        return one_of(public_postings(), posting_id)
    except DomainError as error:
        raise Http404 from error


@signed_in
def apply_view(request: AuthedRequest, posting_id: str) -> HttpResponse:
    """Pick a resume, read exactly who receives which data for what, confirm (PI-05)."""
    from rencai.applications.actions.applying import check_can_apply

    posting = _apply_posting(posting_id)
    user = request.user
    try:
        check_can_apply(user, posting)
    except DomainError as error:
        return _denied(request, error)
    previous = queries.latest_application(user, posting)
    resumes = queries.resumes_of(user)
    resume_list = list(resumes)
    context: dict[str, Any] = {
        "posting": posting,
        "version": posting.live_version,
        "org": posting.organisation,
        "previous": previous,
        "resume_editor_url": _resume_editor_url(),
        **NOINDEX,
    }
    if not resume_list:
        return render(request, "applications/apply.html", {**context, "no_resumes": True})
    chosen = _chosen_resume(request, resume_list)
    if request.method == "POST":
        form = ApplyForm(request.POST, resumes=resumes)
        if form.is_valid():
            resume = form.cleaned_data["resume"]
            try:
                application = actions.apply_to_job(
                    posting,
                    resume,
                    notice_hash=form.cleaned_data["notice_hash"],
                    cover_note=form.cleaned_data["cover_note"],
                    actor=web_actor(request),
                )
            except DomainError as error:
                if isinstance(error, PermissionDenied):
                    return _denied(request, error)
                apply_domain_error(form, error)
                context["error_code"] = error.code
            else:
                messages.success(
                    request,
                    _("Your application was sent to %(org)s.") % {"org": posting.organisation},
                )
                return redirect("applications:mine_detail", application.pk)
        chosen = form.cleaned_data.get("resume") or chosen
    else:
        form = ApplyForm(resumes=resumes, initial={"resume": chosen.pk})
    notice = consent_notice(posting, chosen)
    _show_notice(form, notice.hash, chosen)
    return render(
        request,
        "applications/apply.html",
        {**context, "form": form, "notice": notice, "chosen": chosen, "resumes": resume_list},
    )


def _show_notice(form: ApplyForm, notice_hash: str, resume: Resume) -> None:
    """The form confirms the notice shown on this page, for the resume shown with it."""
    form.initial.update({"notice_hash": notice_hash, "resume": resume.pk})
    if form.is_bound:
        data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict
        data["notice_hash"], data["resume"] = notice_hash, str(resume.pk)
        form.data = data


def _chosen_resume(request: HttpRequest, resumes: list[Resume]) -> Resume:
    wanted = request.POST.get("resume") or request.GET.get("resume") or ""
    for resume in resumes:
        if str(resume.pk) == wanted:
            return resume
    return resumes[0]


# --- the seeker's applications ---------------------------------------------------------------


@signed_in
def my_applications_view(request: AuthedRequest) -> HttpResponse:
    applications = queries.applications_of_seeker(request.user)
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    pending = queries.invitations_for_seeker(request.user).filter(status=InvitationStatus.PENDING)
    return render(
        request,
        "applications/mine.html",
        {"page_obj": page, "pending_invitations": pending.count(), **NOINDEX},
    )


def _my_application(request: AuthedRequest, application_id: str) -> Application:
    try:
        return queries.application_for_seeker(request.user, application_id)
    except DomainError as error:
        raise Http404 from error


@signed_in
def my_application_view(request: AuthedRequest, application_id: str) -> HttpResponse:
    application = _my_application(request, application_id)
    return render(
        request,
        "applications/mine_detail.html",
        {
            "application": application,
            "timeline": queries.seeker_timeline(application),
            "can_withdraw": application.status == ApplicationStatus.ACTIVE,
            **NOINDEX,
        },
    )


@signed_in
@require_POST
def withdraw_view(request: AuthedRequest, application_id: str) -> HttpResponse:
    application = _my_application(request, application_id)
    try:
        actions.withdraw_application(application, actor=web_actor(request))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request, _("You withdrew the application. The organisation no longer sees it.")
        )
    return redirect("applications:mine_detail", application.pk)


# --- the seeker's invitations ----------------------------------------------------------------


@signed_in
def my_invitations_view(request: AuthedRequest) -> HttpResponse:
    invitations = queries.invitations_for_seeker(request.user)
    page = Paginator(invitations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "applications/invitations.html", {"page_obj": page, **NOINDEX})


def _my_invitation(request: AuthedRequest, invitation_id: str) -> ApplyInvitation:
    try:
        return queries.invitation_for_seeker(request.user, invitation_id)
    except DomainError as error:
        raise Http404 from error


def _is_open(invitation: ApplyInvitation) -> bool:
    from django.utils import timezone

    return invitation.status == InvitationStatus.PENDING and invitation.expires_at > timezone.now()


@signed_in
def invitation_view(request: AuthedRequest, invitation_id: str) -> HttpResponse:
    """The invitation, and accepting it: the same notice and confirmation as applying."""
    invitation = _my_invitation(request, invitation_id)
    resumes = queries.resumes_of(request.user)
    resume_list = list(resumes) or [invitation.resume]
    context: dict[str, Any] = {
        "invitation": invitation,
        "is_open": _is_open(invitation),
        "resume_editor_url": _resume_editor_url(),
        **NOINDEX,
    }
    if not context["is_open"]:
        return render(request, "applications/invitation.html", context)
    wanted = request.POST.get("resume") or request.GET.get("resume") or str(invitation.resume_id)
    chosen = next((r for r in resume_list if str(r.pk) == wanted), invitation.resume)
    if request.method == "POST":
        form = ApplyForm(request.POST, resumes=resumes)
        if form.is_valid():
            try:
                application = actions.accept_invitation(
                    invitation,
                    notice_hash=form.cleaned_data["notice_hash"],
                    resume=form.cleaned_data["resume"],
                    cover_note=form.cleaned_data["cover_note"],
                    actor=web_actor(request),
                )
            except DomainError as error:
                if isinstance(error, PermissionDenied):
                    return _denied(request, error)
                apply_domain_error(form, error)
                context["error_code"] = error.code
            else:
                messages.success(request, _("You accepted the invitation and applied."))
                return redirect("applications:mine_detail", application.pk)
    else:
        form = ApplyForm(resumes=resumes, initial={"resume": chosen.pk})
    notice = consent_notice(invitation.posting, chosen)
    _show_notice(form, notice.hash, chosen)
    return render(
        request,
        "applications/invitation.html",
        {**context, "form": form, "notice": notice, "chosen": chosen, "resumes": resume_list},
    )


@signed_in
@require_POST
def decline_invitation_view(request: AuthedRequest, invitation_id: str) -> HttpResponse:
    invitation = _my_invitation(request, invitation_id)
    try:
        actions.decline_invitation(invitation, actor=web_actor(request))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("You declined the invitation."))
    return redirect("applications:invitations")


# --- the organisation's pipeline ---------------------------------------------------------------


def _member(request: AuthedRequest) -> Membership:
    try:
        return queries.pipeline_membership(request.user)
    except DomainError as error:
        from django.core.exceptions import PermissionDenied as DjangoPermissionDenied

        raise DjangoPermissionDenied from error


def _org_application(request: AuthedRequest, application_id: str) -> tuple[Application, Membership]:
    membership = _member(request)
    try:
        return queries.application_for_org(membership.organisation, application_id), membership
    except DomainError as error:
        raise Http404 from error


def _posting_choices(membership: Membership) -> list[tuple[str, str]]:
    from rencai.jobs.queries import postings_of

    return [
        (str(p.pk), p.live_version.title if p.live_version else str(p.pk))
        for p in postings_of(membership.organisation).filter(live_version__isnull=False)
    ]


@signed_in
def pipeline_list_view(request: AuthedRequest) -> HttpResponse:
    """Every application with filters (never protected attributes, DIS-03) and bulk
    actions."""
    membership = _member(request)
    org = membership.organisation
    stages = queries.stages_of(org)
    filters = FilterForm(
        request.GET or None,
        postings=_posting_choices(membership),
        stages=[(str(s.pk), s.name) for s in stages],
    )
    keys = [key for key in request.GET if key != "page"]
    error: DomainError | None = None
    page = None
    try:
        queries.check_filter_keys(keys)
        params = {key: request.GET.get(key, "") for key in keys}
        applications = queries.filter_applications(org, params)
        page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    except DomainError as failure:
        error = failure
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])
    return render(
        request,
        "applications/pipeline_list.html",
        {
            "org": org,
            "filters": filters,
            "page_obj": page,
            "error": error,
            "query": query,
            "filtered": bool(query),
            "stages": stages,
            "reject_form": RejectForm(),
            "reasons": RejectForm().fields["reason"],
            **NOINDEX,
        },
        status=400 if error is not None else 200,
    )


@signed_in
@require_POST
def bulk_view(request: AuthedRequest) -> HttpResponse:
    membership = _member(request)
    org = membership.organisation
    back = _safe_next(request, reverse("applications:pipeline"))
    ids = request.POST.getlist("application_ids")
    action = request.POST.get("action", "")
    try:
        if not ids:
            raise DomainError("bulk_invalid", _("Choose at least one application."))
        chosen = queries.applications_for_org_by_ids(org, list(ids))
        if action == "move":
            stage = queries.stage_of(org, request.POST.get("stage_id", ""))
            moved = actions.bulk_move(chosen, stage, actor=web_actor(request))
        elif action == "reject":
            moved = actions.bulk_reject(
                chosen,
                reason=request.POST.get("reason", ""),
                message=request.POST.get("message", ""),
                actor=web_actor(request),
            )
        else:
            raise DomainError("bulk_invalid", _("Choose an action."))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("%(count)s applications updated.") % {"count": len(moved)})
    return redirect(back)


def _board_context(
    request: AuthedRequest, membership: Membership, posting: JobPosting
) -> dict[str, Any]:
    columns = queries.board(membership.organisation, posting)
    stages = [stage for stage, _cards, _total in columns]
    return {
        "posting": posting,
        "columns": columns,
        "stages": stages,
        "org": membership.organisation,
        **NOINDEX,
    }


@signed_in
def board_view(request: AuthedRequest, posting_id: str) -> HttpResponse:
    """The kanban board of one posting: columns are the stages; cards move with a stage
    select and a button (htmx swaps the board; without JavaScript the form posts)."""
    from rencai.jobs.queries import posting_of

    membership = _member(request)
    try:
        posting = posting_of(membership.organisation, posting_id)
    except DomainError as error:
        raise Http404 from error
    return render(request, "applications/board.html", _board_context(request, membership, posting))


@signed_in
@require_POST
def move_view(request: AuthedRequest, application_id: str) -> HttpResponse:
    application, membership = _org_application(request, application_id)
    error: DomainError | None = None
    try:
        stage = queries.stage_of(membership.organisation, request.POST.get("stage_id", ""))
        actions.move_application(application, stage, actor=web_actor(request))
    except DomainError as failure:
        error = failure
    if request.headers.get("HX-Request") and request.POST.get("board"):
        context = _board_context(request, membership, application.posting)
        context["error"] = error
        return render(request, "applications/_board.html", context)
    if error is not None:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Moved."))
    return redirect(_safe_next(request, reverse("applications:detail", args=[application.pk])))


@signed_in
def application_view(request: AuthedRequest, application_id: str) -> HttpResponse:
    """One application for the organisation; the first opening marks it seen (新投递 →
    已查看) and records the resume view for the seeker (PI-08)."""
    application, membership = _org_application(request, application_id)
    application = actions.mark_seen(application, actor=web_actor(request))
    application = queries.application_for_org(membership.organisation, application.pk)
    return _render_detail(request, application, membership)


def _render_detail(
    request: AuthedRequest,
    application: Application,
    membership: Membership,
    *,
    reject_form: RejectForm | None = None,
    note_form: NoteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    stages = queries.stages_of(membership.organisation)
    phone, email = contact_for_org(application)
    entries = application.snapshot.get("entries", [])
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "snapshot": application.snapshot,
            "phone": phone,
            "email": email,
            "agency": application.organisation.account_class == AccountClass.AGENCY,
            "entries": entries,
            "stages": stages,
            "reject_form": reject_form or RejectForm(),
            "note_form": note_form or NoteForm(),
            "notes": list(queries.notes_of(application)),
            "history": list(queries.history_of(application)),
            "is_active": application.status == ApplicationStatus.ACTIVE,
            # What the seeker lets recruiters see of their activity (ALG-05).
            "signals": signals_of(application.seeker_id),
            **NOINDEX,
        },
        status=status,
    )


@signed_in
@require_POST
def reject_view(request: AuthedRequest, application_id: str) -> HttpResponse:
    application, membership = _org_application(request, application_id)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            actions.reject_application(
                application,
                reason=form.cleaned_data["reason"],
                message=form.cleaned_data["message"],
                actor=web_actor(request),
            )
        except DomainError as error:
            apply_domain_error(form, error)
            form.error_code = error.code  # type: ignore[attr-defined]
        else:
            messages.success(request, _("The application was closed as not suitable."))
            return redirect("applications:detail", application.pk)
    return _render_detail(request, application, membership, reject_form=form, status=400)


@signed_in
@require_POST
def note_view(request: AuthedRequest, application_id: str) -> HttpResponse:
    application, membership = _org_application(request, application_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            actions.add_note(
                application,
                text=form.cleaned_data["text"],
                rating=form.cleaned_data["rating"],
                actor=web_actor(request),
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("Note saved."))
            return redirect("applications:detail", application.pk)
    return _render_detail(request, application, membership, note_form=form, status=400)


# --- stage settings ------------------------------------------------------------------------------


@signed_in
def stages_view(request: AuthedRequest) -> HttpResponse:
    """Rename, reorder, add and archive stages (administrators); members see the list."""
    membership = _member(request)
    org = membership.organisation
    form = StageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.create_stage(
                org,
                name=form.cleaned_data["name"],
                name_en=form.cleaned_data["name_en"],
                kind=form.cleaned_data["kind"],
                actor=web_actor(request),
            )
        except DomainError as error:
            if isinstance(error, NotFound):
                raise Http404 from error
            apply_domain_error(form, error)
        else:
            messages.success(request, _("Stage added."))
            return redirect("applications:stages")
    stages = list(queries.all_stages_of(org))
    current = [s for s in stages if s.archived_at is None]
    return render(
        request,
        "applications/stages.html",
        {
            "org": org,
            "current": current,
            "archived": [s for s in stages if s.archived_at is not None],
            "form": form,
            "can_configure": can_configure_pipeline(membership),
            "rename_forms": {
                s.pk: RenameStageForm(initial={"name": s.name, "name_en": s.name_en})
                for s in current
            },
            **NOINDEX,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@signed_in
@require_POST
def stage_action_view(request: AuthedRequest, stage_id: str, action: str) -> HttpResponse:
    membership = _member(request)
    org = membership.organisation
    try:
        stage = queries.stage_of(org, stage_id)
        if action == "rename":
            actions.update_stage(
                stage,
                name=request.POST.get("name", ""),
                name_en=request.POST.get("name_en", ""),
                actor=web_actor(request),
            )
        elif action in ("up", "down"):
            order = [s.pk for s in queries.stages_of(org)]
            index = order.index(stage.pk)
            other = index - 1 if action == "up" else index + 1
            if 0 <= other < len(order):
                order[index], order[other] = order[other], order[index]
                actions.reorder_stages(org, list(order), actor=web_actor(request))
        elif action == "archive":
            actions.archive_stage(stage, actor=web_actor(request))
        else:
            raise Http404
    except DomainError as error:
        if isinstance(error, NotFound):
            raise Http404 from error
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Pipeline saved."))
    return redirect("applications:stages")


# --- invitations sent ---------------------------------------------------------------------------


@signed_in
def employer_invitations_view(request: AuthedRequest) -> HttpResponse:
    membership = _member(request)
    invitations = queries.invitations_of_org(membership.organisation)
    page = Paginator(invitations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "applications/employer_invitations.html",
        {"page_obj": page, "org": membership.organisation, **NOINDEX},
    )


@signed_in
def invite_view(request: AuthedRequest) -> HttpResponse:
    """Invite the owner of a resume found in resume search to apply (masked until they
    accept, PI-07)."""
    from rencai.jobs.queries import public_postings
    from rencai.resumes.access import searchable_resumes_for

    membership = _member(request)
    org = membership.organisation
    resume_id = request.POST.get("resume") or request.GET.get("resume") or ""
    try:
        from rencai.core.lookups import one_of

        resume = one_of(searchable_resumes_for(org).select_related("owner"), resume_id)
    except DomainError as error:
        raise Http404 from error
    postings = public_postings().filter(organisation=org)
    form = InviteForm(request.POST or None, postings=postings)
    error_code = ""
    if request.method == "POST" and form.is_valid():
        try:
            actions.invite_to_apply(
                resume,
                form.cleaned_data["posting"],
                message=form.cleaned_data["message"],
                actor=web_actor(request),
            )
        except DomainError as error:
            if isinstance(error, NotFound):
                raise Http404 from error
            apply_domain_error(form, error)
            error_code = error.code
        else:
            messages.success(request, _("Invitation sent."))
            return redirect("applications:employer_invitations")
    from rencai.core.masking import mask_name

    return render(
        request,
        "applications/invite.html",
        {
            "form": form,
            "resume": resume,
            "masked_name": mask_name(resume.full_name),
            "error_code": error_code,
            "no_postings": not postings.exists(),
            **NOINDEX,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@signed_in
@require_POST
def withdraw_invitation_view(request: AuthedRequest, invitation_id: str) -> HttpResponse:
    membership = _member(request)
    try:
        invitation = queries.invitation_of_org(membership.organisation, invitation_id)
        actions.withdraw_invitation(invitation, actor=web_actor(request))
    except DomainError as error:
        if isinstance(error, NotFound):
            raise Http404 from error
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Invitation withdrawn."))
    return redirect("applications:employer_invitations")
