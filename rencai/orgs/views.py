"""HTML pages for employer and agency staff: onboarding wizard, organisation dashboard,
members, re-verification and changes, and the public company pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.forms.formsets import BaseFormSet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rencai.core.errors import DomainError
from rencai.core.forms_support import apply_domain_error
from rencai.core.http import AuthedRequest, signed_in, web_actor
from rencai.files.serving import file_response
from rencai.orgs import actions, queries
from rencai.orgs.choices import DocumentKind, MembershipEndReason, OrgStatus
from rencai.orgs.constants import REVERIFY_AFTER
from rencai.orgs.forms import (
    ChangeForm,
    DocumentForm,
    EmailCodeForm,
    EmailForm,
    InviteForm,
    JoinForm,
    LicenceForm,
    LocationForm,
    ProfileForm,
    RegisteredForm,
    ServiceFormSet,
    SubmitForm,
    SuccessorForm,
)
from rencai.orgs.handover import describe, owned_items
from rencai.orgs.models import AgencyLicence, Membership, Organisation
from rencai.orgs.permissions import can_create_organisation
from rencai.orgs.setup import authority_methods_ready, setup_steps


def _load(
    request: AuthedRequest, org_id: str, *, admin: bool = False
) -> tuple[Organisation, Membership]:
    """The organisation of the signed-in member (404 for anyone else, 403 for a recruiter
    on an administrator's page)."""
    try:
        if admin:
            return queries.admin_org(request.user, org_id)
        return queries.member_org(request.user, org_id)
    except DomainError as error:
        if error.status == 403:
            raise DjangoPermissionDenied from error
        raise Http404 from error


def _form_name(request: HttpRequest) -> str:
    return request.POST.get("form", "") if request.method == "POST" else ""


def _bound(request: HttpRequest, name: str, form_class: type[forms.Form], **kwargs: Any) -> Any:
    """``form_class`` bound to the POST only when that form was submitted."""
    if _form_name(request) == name:
        return form_class(request.POST, request.FILES, **kwargs)
    return form_class(**kwargs)


def _formset_error(formset: BaseFormSet[Any], error: DomainError) -> None:
    """Put ``services.<i>.<field>`` messages on the right row; anything else on row one."""
    rows = [form for form in formset.forms if form.has_changed() or form.initial]
    for name, message in error.fields.items():
        parts = name.split(".")
        if len(parts) >= 2 and parts[1].isdigit() and int(parts[1]) < len(rows):
            row = rows[int(parts[1])]
            row.add_error(
                parts[2] if len(parts) > 2 and parts[2] in row.fields else None, str(message)
            )
            return
    if formset.forms:
        formset.forms[0].add_error(None, str(error.message))


def _attempt(form: forms.Form | BaseFormSet[Any], run: Callable[[], object]) -> bool:
    """Run an action; show a ``DomainError`` on ``form`` instead of failing."""
    try:
        run()
    except DomainError as error:
        if isinstance(form, forms.Form):
            apply_domain_error(form, error)
        else:
            _formset_error(form, error)
        return False
    return True


def _wizard_context(org: Organisation, request: AuthedRequest, current: str) -> dict[str, Any]:
    return {
        "org": org,
        "steps": setup_steps(org, request.user),
        "current_step": current,
        "editable": org.status in (OrgStatus.DRAFT, OrgStatus.MORE_INFO, OrgStatus.REJECTED),
    }


@signed_in
def home_view(request: AuthedRequest) -> HttpResponse:
    """My organisation, or how to get one: register, answer an invitation, or ask to join."""
    membership = queries.active_membership(request.user)
    if membership is not None:
        return redirect("orgs:detail", org_id=membership.organisation_id)
    return render(
        request,
        "orgs/start.html",
        {
            "can_create": can_create_organisation(request.user),
            "invitations": list(queries.invitations_for(request.user)),
            "join_requests": list(queries.join_requests_by(request.user)[:10]),
        },
    )


@signed_in
def create_view(request: AuthedRequest) -> HttpResponse:
    if queries.active_membership(request.user) is not None:
        messages.info(request, _("You already belong to an organisation."))
        return redirect("orgs:home")
    if not can_create_organisation(request.user):
        raise DjangoPermissionDenied
    form = RegisteredForm(request.POST or None)
    existing: Organisation | None = None
    if request.method == "POST" and form.is_valid():
        try:
            org = actions.create_organisation(
                request.user,
                actions.RegisteredDetails(**form.cleaned_data),
                actor=web_actor(request),
            )
        except DomainError as error:
            apply_domain_error(form, error)
            if error.code == "uscc_taken":
                existing = Organisation.objects.filter(pk=error.extra["organisation_id"]).first()
        else:
            messages.success(
                request, _("The organisation is registered as a draft. Next: its profile.")
            )
            return redirect("orgs:setup_profile", org_id=org.pk)
    return render(request, "orgs/create.html", {"form": form, "existing": existing})


@signed_in
def detail_view(request: AuthedRequest, org_id: str) -> HttpResponse:
    org, membership = _load(request, org_id)
    requests = list(queries.requests_of(org)[:20])
    return render(
        request,
        "orgs/detail.html",
        {
            "org": org,
            "membership": membership,
            "steps": setup_steps(org, request.user) if not org.is_verified else [],
            "block_reason": queries.posting_block_reason(org),
            "open_request": queries.open_request(org),
            "requests": requests,
            "notices": list(queries.open_display_notices(org)),
            "documents": queries.current_documents(org),
            "licence": AgencyLicence.objects.filter(organisation=org).first(),
            "members": list(queries.members_of(org)),
            "pending_joins": queries.pending_join_requests(org).count()
            if membership.is_admin
            else 0,
        },
    )


@signed_in
def edit_registered_view(request: AuthedRequest, org_id: str) -> HttpResponse:
    """Correct the registered details before verification (step 1 of the wizard)."""
    org, _membership = _load(request, org_id, admin=True)
    initial = {
        "account_class": org.account_class,
        "legal_name": org.legal_name,
        "uscc": org.uscc,
        "legal_representative": org.legal_representative,
        "registered_address": org.registered_address,
    }
    form = RegisteredForm(request.POST or None, initial=initial)
    context = _wizard_context(org, request, "details")
    if not context["editable"]:
        return redirect("orgs:change", org_id=org.pk)
    if request.method == "POST" and form.is_valid():
        details = actions.RegisteredDetails(**form.cleaned_data)
        if _attempt(
            form, lambda: actions.update_registered_details(org, details, actor=web_actor(request))
        ):
            messages.success(request, _("Saved."))
            return redirect("orgs:setup_profile", org_id=org.pk)
    return render(request, "orgs/setup_details.html", {**context, "form": form})


def _profile_initial(org: Organisation) -> dict[str, Any]:
    return {
        "industry": org.industry,
        "size": org.size,
        "website": org.website,
        "introduction": org.introduction,
    }


def _location_inputs(org: Organisation) -> list[actions.LocationInput]:
    return [
        actions.LocationInput(loc.division, loc.address, loc.is_headquarters)
        for loc in org.locations.all()
    ]


@signed_in
def setup_profile_view(request: AuthedRequest, org_id: str) -> HttpResponse:
    """Industry, size, introduction, logo and the office list (editable at any time)."""
    org, _membership = _load(request, org_id, admin=True)
    actor = web_actor(request)
    profile = _bound(request, "profile", ProfileForm, initial=_profile_initial(org))
    location = _bound(
        request, "location", LocationForm, initial={"is_headquarters": not org.locations.exists()}
    )
    if _form_name(request) == "profile" and profile.is_valid():
        data = profile.cleaned_data
        details = actions.ProfileDetails(
            data["industry"], data["size"], data["introduction"], data["website"] or ""
        )

        def save_profile() -> None:
            actions.update_profile(org, details, actor=actor)
            if data["logo"] is not None:
                actions.set_logo(org, data["logo"], actor=actor)

        if _attempt(profile, save_profile):
            messages.success(request, _("Profile saved."))
            return redirect("orgs:setup_profile", org_id=org.pk)
    elif _form_name(request) == "location" and location.is_valid():
        data = location.cleaned_data
        current = _location_inputs(org)
        if data["is_headquarters"]:
            current = [actions.LocationInput(c.division, c.address, False) for c in current]
        current.append(
            actions.LocationInput(data["division"], data["address"], data["is_headquarters"])
        )
        if _attempt(location, lambda: actions.set_locations(org, current, actor=actor)):
            messages.success(request, _("Office added."))
            return redirect("orgs:setup_profile", org_id=org.pk)
    elif _form_name(request) == "remove_location":
        remaining = [
            actions.LocationInput(loc.division, loc.address, loc.is_headquarters)
            for loc in org.locations.all()
            if str(loc.pk) != request.POST.get("location")
        ]
        try:
            actions.set_locations(org, remaining, actor=actor)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Office removed."))
        return redirect("orgs:setup_profile", org_id=org.pk)
    return render(
        request,
        "orgs/setup_profile.html",
        {
            **_wizard_context(org, request, "profile"),
            "profile_form": profile,
            "location_form": location,
            "locations": list(org.locations.all()),
        },
    )


def _licence_initial(org: Organisation) -> dict[str, Any]:
    licence = AgencyLicence.objects.filter(organisation=org).first()
    if licence is None:
        return {}
    return {name: getattr(licence, name) for name in LicenceForm.base_fields}


def _services_initial(org: Organisation) -> list[dict[str, Any]]:
    return [
        {
            "name": s.name,
            "description": s.description,
            "is_free": s.is_free,
            "fee_standard": s.fee_standard,
        }
        for s in org.services.all()
    ]


@signed_in
def setup_documents_view(request: AuthedRequest, org_id: str) -> HttpResponse:
    """The business licence; for agencies the HR service licence, its data, and the public
    list of services and fees (VER-06, LIC-07)."""
    org, _membership = _load(request, org_id, admin=True)
    actor = web_actor(request)
    name = _form_name(request)
    uploads = {
        kind: _bound(request, f"doc_{kind}", DocumentForm, prefix=kind)
        for kind in queries.required_documents(org)
    }
    licence = _bound(request, "licence", LicenceForm, initial=_licence_initial(org))
    services = ServiceFormSet(
        request.POST if name == "services" else None,
        initial=_services_initial(org),
        prefix="services",
    )
    for kind, form in uploads.items():
        if name == f"doc_{kind}" and form.is_valid():
            upload = form.cleaned_data["file"]
            if _attempt(form, partial(actions.upload_document, org, kind, upload, actor=actor)):
                messages.success(request, _("Document uploaded."))
                return redirect("orgs:setup_documents", org_id=org.pk)
    if name == "licence" and licence.is_valid():
        data = actions.LicenceInput(**licence.cleaned_data)
        if _attempt(licence, lambda: actions.set_agency_licence(org, data, actor=actor)):
            messages.success(request, _("Licence details saved."))
            return redirect("orgs:setup_documents", org_id=org.pk)
    if name == "services" and services.is_valid():
        rows = [
            actions.ServiceInput(
                f["name"],
                f.get("description", ""),
                f.get("is_free", False),
                f.get("fee_standard", ""),
            )
            for f in services.cleaned_data
            if f and not f.get("DELETE")
        ]
        if _attempt(services, lambda: actions.set_services(org, rows, actor=actor)):
            messages.success(request, _("Services and fees saved."))
            return redirect("orgs:setup_documents", org_id=org.pk)
    documents = queries.current_documents(org)
    return render(
        request,
        "orgs/setup_documents.html",
        {
            **_wizard_context(org, request, "documents"),
            "uploads": [
                (kind, DocumentKind(kind).label, form, documents.get(kind))
                for kind, form in uploads.items()
            ],
            "licence_form": licence,
            "services": services,
            "licence_locked": org.is_verified,
        },
    )


@signed_in
def setup_authority_view(request: AuthedRequest, org_id: str) -> HttpResponse:
    """Three ways to prove the right to act for the organisation (VER-02 (3))."""
    org, _membership = _load(request, org_id, admin=True)
    actor = web_actor(request)
    name = _form_name(request)
    letter = _bound(request, "letter", DocumentForm, prefix="letter")
    email = _bound(request, "email", EmailForm)
    code = _bound(request, "code", EmailCodeForm)
    if name == "letter" and letter.is_valid():
        upload = letter.cleaned_data["file"]
        if _attempt(
            letter,
            lambda: actions.upload_document(
                org, DocumentKind.AUTHORISATION_LETTER, upload, actor=actor
            ),
        ):
            messages.success(request, _("Authorisation letter uploaded."))
            return redirect("orgs:setup_authority", org_id=org.pk)
    elif name == "email" and email.is_valid():
        address = email.cleaned_data["email"]
        if _attempt(
            email, lambda: actions.send_email_code(org, request.user, address, actor=actor)
        ):
            messages.success(
                request, _("We sent a code to that address. It is valid for 30 minutes.")
            )
            return redirect("orgs:setup_authority", org_id=org.pk)
    elif name == "code" and code.is_valid():
        value = code.cleaned_data["code"]
        if _attempt(
            code, lambda: actions.confirm_email_code(org, request.user, value, actor=actor)
        ):
            messages.success(request, _("Company e-mail address confirmed."))
            return redirect("orgs:setup_authority", org_id=org.pk)
    return render(
        request,
        "orgs/setup_authority.html",
        {
            **_wizard_context(org, request, "authority"),
            "letter_form": letter,
            "email_form": email,
            "code_form": code,
            "ready": authority_methods_ready(org, request.user),
            "letter": queries.current_documents(org).get(DocumentKind.AUTHORISATION_LETTER),
            "code_sent": org.email_challenges.filter(
                user=request.user, verified_at__isnull=True
            ).exists(),
        },
    )


@signed_in
def setup_submit_view(request: AuthedRequest, org_id: str) -> HttpResponse:
    org, membership = _load(request, org_id, admin=True)
    ready = authority_methods_ready(org, request.user)
    form = SubmitForm(
        request.POST or None, initial={"authority_method": ready[0] if ready else None}
    )
    if request.method == "POST" and form.is_valid():
        method = form.cleaned_data["authority_method"]

        def submit() -> object:
            return actions.submit_verification(
                org, membership, authority_method=method, actor=web_actor(request)
            )

        if _attempt(form, submit):
            messages.success(
                request, _("Submitted. Reviewers usually decide within one working day.")
            )
            return redirect("orgs:detail", org_id=org.pk)
    return render(
        request,
        "orgs/setup_submit.html",
        {
            **_wizard_context(org, request, "submit"),
            "form": form,
            "ready": ready,
            "documents": queries.current_documents(org),
            "licence": AgencyLicence.objects.filter(organisation=org).first(),
            "open_request": queries.open_request(org),
            "real_name_ok": request.user.is_real_name_verified,
        },
    )


@signed_in
def change_view(request: AuthedRequest, org_id: str) -> HttpResponse:
    """A verified organisation asks to change its registered details (name, legal
    representative, address; for agencies the HR service licence): nothing changes on its
    pages until a reviewer approves."""
    org, membership = _load(request, org_id, admin=True)
    if not org.is_verified:
        return redirect("orgs:edit_registered", org_id=org.pk)
    form = ChangeForm(request.POST or None)
    licence = None
    if org.is_agency:
        licence = LicenceForm(
            request.POST if request.POST.get("licence-number") else None,
            initial=_licence_initial(org),
            prefix="licence",
        )
    licence_ok = licence is None or not licence.is_bound or licence.is_valid()
    if request.method == "POST" and form.is_valid() and licence_ok:
        data = form.cleaned_data
        new_licence = None
        if licence is not None and licence.is_bound:
            new_licence = actions.LicenceInput(**licence.cleaned_data)
        changes = actions.ProposedChanges(
            legal_name=data["legal_name"],
            legal_representative=data["legal_representative"],
            registered_address=data["registered_address"],
            agency_licence=new_licence,
        )
        submit = partial(
            actions.submit_verification,
            org,
            membership,
            authority_method=data["authority_method"],
            changes=changes,
            actor=web_actor(request),
        )
        if _attempt(form, submit):
            messages.success(request, _("Change submitted for review."))
            return redirect("orgs:detail", org_id=org.pk)
    return render(
        request,
        "orgs/change.html",
        {
            "org": org,
            "form": form,
            "licence_form": licence,
            "ready": authority_methods_ready(org, request.user),
            "open_request": queries.open_request(org),
        },
    )


@signed_in
def reverify_view(request: AuthedRequest, org_id: str) -> HttpResponse:
    """The six-monthly re-verification (VER-05): a current business licence and the
    declaration again."""
    org, membership = _load(request, org_id, admin=True)
    if not org.is_verified:
        return redirect("orgs:detail", org_id=org.pk)
    name = _form_name(request)
    upload = _bound(request, "licence", DocumentForm, prefix="licence")
    ready = authority_methods_ready(org, request.user)
    submit_form = SubmitForm(
        request.POST if name == "submit" else None,
        initial={"authority_method": org.authority_method or (ready[0] if ready else None)},
    )
    actor = web_actor(request)
    if name == "licence" and upload.is_valid():
        checked = upload.cleaned_data["file"]
        if _attempt(
            upload,
            lambda: actions.upload_document(
                org, DocumentKind.BUSINESS_LICENCE, checked, actor=actor
            ),
        ):
            messages.success(request, _("Document uploaded."))
            return redirect("orgs:reverify", org_id=org.pk)
    elif name == "submit" and submit_form.is_valid():
        method = submit_form.cleaned_data["authority_method"]
        submit = partial(
            actions.submit_verification, org, membership, authority_method=method, actor=actor
        )
        if _attempt(submit_form, submit):
            messages.success(request, _("Re-verification submitted."))
            return redirect("orgs:detail", org_id=org.pk)
    licence_doc = queries.current_documents(org).get(DocumentKind.BUSINESS_LICENCE)
    fresh = bool(
        licence_doc and org.last_verified_at and licence_doc.created_at >= org.last_verified_at
    )
    return render(
        request,
        "orgs/reverify.html",
        {
            "org": org,
            "upload_form": upload,
            "submit_form": submit_form,
            "ready": ready,
            "fresh_licence": fresh,
            "licence_doc": licence_doc,
            "open_request": queries.open_request(org),
            "months": REVERIFY_AFTER.days // 30,
        },
    )


@signed_in
def members_view(request: AuthedRequest, org_id: str) -> HttpResponse:
    org, membership = _load(request, org_id)
    actor = web_actor(request)
    name = _form_name(request)
    invite_form = _bound(request, "invite", InviteForm)
    if name and not membership.is_admin:
        raise DjangoPermissionDenied
    if name == "invite" and invite_form.is_valid():
        data = invite_form.cleaned_data
        if _attempt(
            invite_form,
            lambda: actions.invite(org, membership, data["phone"], data["role"], actor=actor),
        ):
            messages.success(request, _("Invitation sent by SMS. It is valid for 7 days."))
            return redirect("orgs:members", org_id=org.pk)
    elif name in ("revoke", "approve", "decline", "role"):
        try:
            if name == "revoke":
                actions.revoke_invitation(
                    queries.invitation_of(org, request.POST.get("id", "")), actor=actor
                )
            elif name == "role":
                target = queries.member_of(org, request.POST.get("id", ""))
                actions.change_role(target, request.POST.get("role", ""), actor=actor)
            else:
                join = queries.join_request_of(org, request.POST.get("id", ""))
                actions.decide_join_request(
                    join, membership, approve=name == "approve", actor=actor
                )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Done."))
        return redirect("orgs:members", org_id=org.pk)
    members = list(queries.members_of(org))
    return render(
        request,
        "orgs/members.html",
        {
            "org": org,
            "membership": membership,
            "members": [(m, sum(owned_items(m).values())) for m in members],
            "invite_form": invite_form,
            "invitations": list(queries.open_invitations(org)) if membership.is_admin else [],
            "join_requests": list(queries.pending_join_requests(org))
            if membership.is_admin
            else [],
        },
    )


def _end_membership(
    request: AuthedRequest, org: Organisation, target: Membership, reason: str
) -> HttpResponse:
    """The shared confirm-and-hand-over page for removing a member and for leaving."""
    others = [m for m in queries.members_of(org) if m.pk != target.pk]
    form = SuccessorForm(request.POST or None, members=others)
    if request.method == "POST" and form.is_valid():
        successor = form.cleaned_data["successor"]
        end = partial(
            actions.end_membership,
            target,
            successor=successor,
            reason=reason,
            actor=web_actor(request),
        )
        if _attempt(form, end):
            if reason == MembershipEndReason.LEFT:
                messages.success(request, _("You left the organisation."))
                return redirect("orgs:home")
            messages.success(request, _("The member was removed and their work handed over."))
            return redirect("orgs:members", org_id=org.pk)
    return render(
        request,
        "orgs/end_membership.html",
        {
            "org": org,
            "target": target,
            "leaving": reason == MembershipEndReason.LEFT,
            "form": form,
            "owned": describe(owned_items(target)),
        },
    )


@signed_in
def remove_member_view(request: AuthedRequest, org_id: str, member_id: str) -> HttpResponse:
    org, membership = _load(request, org_id, admin=True)
    try:
        target = queries.member_of(org, member_id)
    except DomainError as error:
        raise Http404 from error
    if target.pk == membership.pk:
        return redirect("orgs:leave", org_id=org.pk)
    return _end_membership(request, org, target, MembershipEndReason.REMOVED)


@signed_in
def leave_view(request: AuthedRequest, org_id: str) -> HttpResponse:
    org, membership = _load(request, org_id)
    return _end_membership(request, org, membership, MembershipEndReason.LEFT)


@login_required
def logo_view(request: AuthedRequest, org_id: str) -> HttpResponseBase:
    """The logo as members see it, also before verification (the public one needs it)."""
    org, _membership = _load(request, org_id)
    if org.logo is None:
        raise Http404
    return file_response(org.logo)


@login_required
def document_view(request: AuthedRequest, org_id: str, document_id: str) -> HttpResponseBase:
    """Evidence is served only to the organisation's members (reviewers use their desk)."""
    org, _membership = _load(request, org_id)
    try:
        document = queries.document_of(org, document_id)
    except DomainError as error:
        raise Http404 from error
    return file_response(document.file)


@signed_in
def join_view(request: AuthedRequest, org_id: str) -> HttpResponse:
    """Ask the administrators of an already registered organisation to let me in."""
    org = Organisation.objects.filter(pk=org_id).first()
    if org is None:
        raise Http404
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        message = form.cleaned_data["message"]
        if _attempt(
            form,
            lambda: actions.request_to_join(org, request.user, message, actor=web_actor(request)),
        ):
            messages.success(
                request, _("Request sent. You will be notified when an administrator answers.")
            )
            return redirect("orgs:home")
    return render(request, "orgs/join.html", {"org": org, "form": form})


@signed_in
@require_POST
def answer_invitation_view(request: AuthedRequest, invitation_id: str, answer: str) -> HttpResponse:
    try:
        invitation = queries.invitation_for(request.user, invitation_id)
        if answer == "accept":
            actions.accept_invitation(invitation, request.user, actor=web_actor(request))
            messages.success(
                request, _("Welcome to %(org)s.") % {"org": invitation.organisation.legal_name}
            )
        else:
            actions.decline_invitation(invitation, request.user, actor=web_actor(request))
            messages.info(request, _("Invitation declined."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("orgs:home")


# --- public pages ---------------------------------------------------------------------


def companies_view(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "")[:50]
    page = Paginator(queries.public_organisations(search), 20).get_page(request.GET.get("page"))
    return render(request, "orgs/companies.html", {"page_obj": page, "q": search})


def company_view(request: HttpRequest, org_id: str) -> HttpResponse:
    """The public company page (VER-07): the 招聘服务类 label, verification date, profile,
    and for agencies the licence, services, fees and supervisory authority (LIC-07)."""
    try:
        org = queries.public_organisation(org_id)
    except DomainError as error:
        raise Http404 from error
    return render(
        request,
        "orgs/company.html",
        {
            "org": org,
            "licence": getattr(org, "agency_licence", None) if org.is_agency else None,
            "services": list(org.services.all()) if org.is_agency else [],
            "locations": list(org.locations.all()),
        },
    )


def company_logo_view(request: HttpRequest, org_id: str) -> HttpResponseBase:
    """Logos of verified organisations are public; others are not served."""
    try:
        org = queries.public_organisation(org_id)
    except DomainError as error:
        raise Http404 from error
    if org.logo is None:
        raise Http404
    response = file_response(org.logo)
    response["Cache-Control"] = "public, max-age=3600"
    return response
