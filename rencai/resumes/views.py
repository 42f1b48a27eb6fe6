"""HTML pages of resumes: the seeker's list, editor, visibility and hidden companies, CV
import, attachments and "who viewed me"; an organisation's resume page and download.
Every page carries ``noindex`` (PI-06); everything else is the actions and queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from rencai.core.errors import DomainError
from rencai.core.forms_support import apply_domain_error
from rencai.core.http import AuthedRequest, signed_in, web_actor
from rencai.files.serving import file_response
from rencai.jobs.choices import Education
from rencai.orgs.queries import active_membership
from rencai.resumes import actions, employer, queries
from rencai.resumes.choices import EntryKind, Visibility
from rencai.resumes.cvimport import CvProposal, ProposedEntry, read_cv
from rencai.resumes.derived import completeness
from rencai.resumes.forms import (
    ENTRY_LABELS,
    AboutForm,
    AttachmentForm,
    BasicForm,
    EntryForm,
    HideByUsccForm,
    ImportUploadForm,
    IntentionForm,
    ResumeCreateForm,
    SkillsForm,
    VisibilityForm,
    show_error,
)
from rencai.resumes.models import Resume
from rencai.resumes.permissions import can_keep_resumes
from rencai.resumes.presentation import display_phone, resume_card

PAGE_SIZE = 20
PARTS: dict[str, Any] = {
    "basic": BasicForm,
    "intention": IntentionForm,
    "skills": SkillsForm,
    "about": AboutForm,
}
SKILL_SECTIONS = (
    (
        "skill",
        gettext_lazy("Skills"),
        gettext_lazy("Skill"),
        gettext_lazy("Level"),
        gettext_lazy("One skill per row, e.g. Python, 叉车驾驶, 财务报表. Empty rows are ignored."),
    ),
    ("language", gettext_lazy("Languages"), gettext_lazy("Language"), gettext_lazy("Level"), ""),
    (
        "link",
        gettext_lazy("Portfolio links"),
        gettext_lazy("Title"),
        gettext_lazy("Web address"),
        gettext_lazy("Shown only to organisations you apply to: links often name you."),
    ),
)
PART_TITLES = {
    "basic": gettext_lazy("Basic information"),
    "intention": gettext_lazy("Job intention"),
    "skills": gettext_lazy("Skills, languages and links"),
    "about": gettext_lazy("Self-assessment"),
}


def _page(request: AuthedRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, template, {**context, "noindex": True})


def _own(request: AuthedRequest, resume_id: Any) -> Resume:
    try:
        return queries.resume_of(request.user, resume_id)
    except DomainError as error:
        raise Http404 from error


# --- list, create, copy, delete --------------------------------------------------------


@signed_in
def list_view(request: AuthedRequest) -> HttpResponse:
    resumes = list(queries.resumes_of(request.user))
    return _page(
        request,
        "resumes/list.html",
        {
            "resumes": resumes,
            "can_create": can_keep_resumes(request.user),
            "views_count": queries.views_of(request.user).count(),
        },
    )


@signed_in
def create_view(request: AuthedRequest) -> HttpResponse:
    initial = {"full_name": request.user.real_name, "language": "zh-hans"}
    form = ResumeCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        if request.user.phone:
            fields["phone"] = request.user.phone
        try:
            resume = actions.create_resume(request.user, fields, actor=web_actor(request))
        except DomainError as error:
            show_error(form, error)
        else:
            messages.success(
                request, _("Resume created. It stays invisible until you choose who may find it.")
            )
            return redirect("resumes:edit", resume_id=resume.pk)
    return _page(request, "resumes/create.html", {"form": form})


@signed_in
@require_POST
def resume_action_view(request: AuthedRequest, resume_id: str, action: str) -> HttpResponse:
    resume = _own(request, resume_id)
    actor = web_actor(request)
    try:
        if action == "primary":
            actions.set_primary(resume, actor=actor)
            messages.success(request, _("This is now your default resume."))
        elif action == "copy":
            language = request.POST.get("language", "")
            title = (_("%(title)s (copy)") % {"title": resume.title})[:40]
            copy = actions.copy_resume(resume, title=title, language=language, actor=actor)
            messages.success(
                request, _("Copied. The copy is invisible until you choose otherwise.")
            )
            return redirect("resumes:edit", resume_id=copy.pk)
        elif action == "delete":
            actions.delete_resume(resume, actor=actor)
            messages.success(request, _("The resume was deleted."))
            return redirect("resumes:list")
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("resumes:list")


# --- the editor -------------------------------------------------------------------------


def _sections(resume: Resume) -> list[dict[str, Any]]:
    entries = list(resume.entries.all())
    return [
        {
            "kind": kind,
            "label": label,
            "labels": ENTRY_LABELS[kind],
            "entries": [entry for entry in entries if entry.kind == kind],
        }
        for kind, label in EntryKind.choices
    ]


@signed_in
def edit_view(request: AuthedRequest, resume_id: str) -> HttpResponse:
    resume = _own(request, resume_id)
    return _page(
        request,
        "resumes/edit.html",
        {
            "resume": resume,
            "phone": display_phone(resume.phone),
            "sections": _sections(resume),
            "completeness": completeness(resume, list(resume.entries.all())),
        },
    )


@signed_in
def preview_view(request: AuthedRequest, resume_id: str) -> HttpResponse:
    """The resume as an employer who found it in resume search sees it (masked, PI-07)."""
    resume = _own(request, resume_id)
    return _page(
        request,
        "resumes/preview.html",
        {"resume": resume, "card": resume_card(resume, full_contact=False)},
    )


@signed_in
def part_view(request: AuthedRequest, resume_id: str, part: str) -> HttpResponse:
    resume = _own(request, resume_id)
    form_class = PARTS.get(part)
    if form_class is None:
        raise Http404
    if form_class is SkillsForm:
        form = SkillsForm(request.POST or None, resume=resume)
    else:
        form = form_class(request.POST or None, initial=form_class.initial_from(resume))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_resume(resume, form.changes(), actor=web_actor(request))
        except DomainError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{resume_url(resume)}#{part}")
    return _page(
        request,
        f"resumes/part_{part}.html",
        {
            "resume": resume,
            "form": form,
            "part": part,
            "part_title": PART_TITLES[part],
            "skill_sections": SKILL_SECTIONS,
        },
    )


def resume_url(resume: Resume) -> str:
    return reverse("resumes:edit", kwargs={"resume_id": resume.pk})


@signed_in
def entry_view(
    request: AuthedRequest, resume_id: str, kind: str = "", entry_id: str = ""
) -> HttpResponse:
    """Add an entry of ``kind`` or edit ``entry_id``."""
    resume = _own(request, resume_id)
    entry = None
    if entry_id:
        try:
            entry = queries.entry_of(request.user, resume.pk, entry_id)
        except DomainError as error:
            raise Http404 from error
        kind = entry.kind
    if kind not in EntryKind.values:
        raise Http404
    initial = EntryForm.initial_from(entry) if entry else None
    form = EntryForm(request.POST or None, kind=kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if entry is None:
                actions.add_entry(resume, kind, form.data_for_action(), actor=web_actor(request))
            else:
                actions.update_entry(entry, form.data_for_action(), actor=web_actor(request))
        except DomainError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{resume_url(resume)}#{kind}")
    return _page(
        request,
        "resumes/entry_form.html",
        {"resume": resume, "form": form, "entry": entry, "kind_label": EntryKind(kind).label},
    )


@signed_in
@require_POST
def entry_action_view(
    request: AuthedRequest, resume_id: str, entry_id: str, action: str
) -> HttpResponse:
    try:
        entry = queries.entry_of(request.user, resume_id, entry_id)
    except DomainError as error:
        raise Http404 from error
    actor = web_actor(request)
    if action == "delete":
        actions.delete_entry(entry, actor=actor)
        messages.success(request, _("The entry was deleted."))
    elif action in ("up", "down"):
        actions.move_entry(entry, -1 if action == "up" else 1, actor=actor)
    else:
        raise Http404
    return redirect(f"{resume_url(entry.resume)}#{entry.kind}")


# --- visibility and hidden organisations -------------------------------------------------


@signed_in
def visibility_view(request: AuthedRequest, resume_id: str) -> HttpResponse:
    resume = _own(request, resume_id)
    form = VisibilityForm(request.POST or None, initial={"visibility": resume.visibility})
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_visibility(
                resume, form.cleaned_data["visibility"], actor=web_actor(request)
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            if form.cleaned_data["visibility"] == Visibility.HIDDEN:
                messages.success(request, _("Your resume is now invisible in resume search."))
            else:
                messages.success(request, _("Saved. Verified organisations can now find it."))
            return redirect("resumes:visibility", resume_id=resume.pk)
    return _page(
        request,
        "resumes/visibility.html",
        {
            "resume": resume,
            "form": form,
            "hidden": list(queries.hidden_organisations_of(request.user)),
        },
    )


@signed_in
def hidden_view(request: AuthedRequest) -> HttpResponse:
    """The companies all resumes are hidden from; search verified organisations by name or
    add one by its USCC (PI-05 (b))."""
    q = request.GET.get("q", "").strip()[:50]
    uscc_form = HideByUsccForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.POST.get("organisation_id"):
                organisation = queries.verified_organisation(request.POST["organisation_id"])
                actions.hide_organisation(
                    request.user, organisation=organisation, actor=web_actor(request)
                )
            elif uscc_form.is_valid():
                actions.hide_organisation(
                    request.user, uscc=uscc_form.cleaned_data["uscc"], actor=web_actor(request)
                )
            else:
                raise DomainError("field_required", _("This field is required."))
        except DomainError as error:
            if request.POST.get("organisation_id"):
                messages.error(request, str(error.message))
            else:
                apply_domain_error(uscc_form, error)
        else:
            messages.success(request, _("Your resumes are now hidden from this organisation."))
            return redirect("resumes:hidden")
    hidden = list(queries.hidden_organisations_of(request.user))
    hidden_usccs = {item.uscc for item in hidden}
    return _page(
        request,
        "resumes/hidden.html",
        {
            "hidden": hidden,
            "q": q,
            "found": [
                org for org in queries.organisations_to_hide(q) if org.uscc not in hidden_usccs
            ],
            "uscc_form": uscc_form,
        },
    )


@signed_in
@require_POST
def unhide_view(request: AuthedRequest, hidden_id: str) -> HttpResponse:
    try:
        hidden = queries.hidden_organisation_of(request.user, hidden_id)
    except DomainError as error:
        raise Http404 from error
    actions.unhide_organisation(hidden, actor=web_actor(request))
    messages.success(request, _("Removed from the list."))
    return redirect("resumes:hidden")


# --- attachments -------------------------------------------------------------------------


@signed_in
def attachments_view(request: AuthedRequest, resume_id: str) -> HttpResponse:
    resume = _own(request, resume_id)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_attachment(
                resume,
                form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                actor=web_actor(request),
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The file is attached."))
            return redirect("resumes:attachments", resume_id=resume.pk)
    return _page(
        request,
        "resumes/attachments.html",
        {"resume": resume, "form": form, "attachments": list(resume.attachments.all())},
    )


@signed_in
def attachment_file_view(request: AuthedRequest, resume_id: str, attachment_id: str) -> Any:
    try:
        attachment = queries.attachment_of(request.user, resume_id, attachment_id)
    except DomainError as error:
        raise Http404 from error
    return file_response(attachment.file, as_attachment=True)


@signed_in
@require_POST
def attachment_delete_view(
    request: AuthedRequest, resume_id: str, attachment_id: str
) -> HttpResponse:
    try:
        attachment = queries.attachment_of(request.user, resume_id, attachment_id)
    except DomainError as error:
        raise Http404 from error
    actions.delete_attachment(attachment, actor=web_actor(request))
    messages.success(request, _("The file was removed."))
    return redirect("resumes:attachments", resume_id=resume_id)


@signed_in
@require_POST
def photo_view(request: AuthedRequest, resume_id: str) -> HttpResponse:
    """Upload (``file``) or remove (``remove``) the optional photo (DIS-09)."""
    resume = _own(request, resume_id)
    try:
        if request.POST.get("remove"):
            actions.remove_photo(resume, actor=web_actor(request))
            messages.success(request, _("The photo was removed."))
        else:
            actions.set_photo(resume, request.FILES.get("file"), actor=web_actor(request))
            messages.success(request, _("The photo was saved."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect(f"{resume_url(resume)}#photo")


@signed_in
def photo_file_view(request: AuthedRequest, resume_id: str) -> Any:
    resume = _own(request, resume_id)
    if resume.photo is None:
        raise Http404
    return file_response(resume.photo)


# --- CV import ---------------------------------------------------------------------------

_ENTRY_FIELDS = ("organisation", "title", "degree", "start", "end", "description")


def _proposal_from_post(data: Any) -> CvProposal:
    """The proposal as the review form sent it back (possibly corrected by the seeker)."""
    proposal = CvProposal(
        full_name=data.get("full_name", ""),
        phone=data.get("phone", ""),
        email=data.get("email", ""),
        self_assessment=data.get("self_assessment", ""),
    )
    for key in data.getlist("entry_keys")[:30]:
        kind = key.partition(".")[0]
        if kind not in EntryKind.values:
            continue
        values = {name: data.get(f"{key}__{name}", "") for name in _ENTRY_FIELDS}
        proposal.entries.append(
            ProposedEntry(
                key,
                kind,
                organisation=values["organisation"],
                title=values["title"],
                degree=values["degree"],
                start=_date_or_none(values["start"]),
                end=_date_or_none(values["end"]),
                description=values["description"],
            )
        )
    proposal.skills = [skill for skill in data.getlist("skills")[:30] if skill.strip()]
    return proposal


def _date_or_none(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _review(
    request: AuthedRequest,
    proposal: CvProposal,
    *,
    target: Resume | None,
    ticked: set[str] | None,
    error: str = "",
    failed_key: str = "",
) -> HttpResponse:
    fields = [
        {"name": name, "label": label, "value": value}
        for name, label, value in (
            ("full_name", pgettext_lazy("person", "Name"), proposal.full_name),
            ("phone", _("Mobile number"), display_phone(proposal.phone) or proposal.phone),
            ("email", _("E-mail"), proposal.email),
            ("self_assessment", _("Self-assessment"), proposal.self_assessment),
        )
        if value
    ]
    return _page(
        request,
        "resumes/import_review.html",
        {
            "proposal": proposal,
            "fields": fields,
            "skill_items": [(f"skill.{i}", skill) for i, skill in enumerate(proposal.skills)],
            "target": target,
            "resumes": list(queries.resumes_of(request.user)),
            "ticked": ticked,
            "error": error,
            "failed_key": failed_key,
            "entry_rows": [
                {"entry": entry, "labels": ENTRY_LABELS[entry.kind]} for entry in proposal.entries
            ],
            "degrees": Education.choices[1:],
        },
    )


@signed_in
def import_view(request: AuthedRequest, resume_id: str = "") -> HttpResponse:
    """Upload a CV (PDF or DOCX) and review what was read; nothing is saved here."""
    target = _own(request, resume_id) if resume_id else None
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = read_cv(form.cleaned_data["file"])
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            if proposal.is_empty:
                form.add_error("file", _("Nothing could be recognised in this file."))
            else:
                return _review(request, proposal, target=target, ticked=None)
    return _page(request, "resumes/import.html", {"form": form, "target": target})


@signed_in
@require_POST
def import_confirm_view(request: AuthedRequest) -> HttpResponse:
    """Save only the ticked items of the reviewed proposal."""
    proposal = _proposal_from_post(request.POST)
    ticked = set(request.POST.getlist("take"))
    target_id = request.POST.get("target", "")
    target = _own(request, target_id) if target_id else None
    fields = {name: value for name, value in proposal.fields.items() if name in ticked}
    entries = [(entry.kind, entry.as_data()) for entry in proposal.entries if entry.key in ticked]
    skills = [skill for index, skill in enumerate(proposal.skills) if f"skill.{index}" in ticked]
    try:
        resume = actions.apply_import(
            request.user,
            target,
            fields=fields,
            entries=entries,
            skills=skills,
            title=request.POST.get("title", "")[:40],
            actor=web_actor(request),
        )
    except DomainError as error:
        ticked_keys = [entry.key for entry in proposal.entries if entry.key in ticked]
        index = error.extra.get("entry")
        failed = ticked_keys[index] if isinstance(index, int) and index < len(ticked_keys) else ""
        return _review(
            request,
            proposal,
            target=target,
            ticked=ticked,
            error=str(error.message),
            failed_key=failed,
        )
    messages.success(request, _("The ticked items were added to your resume. Check them below."))
    return redirect("resumes:edit", resume_id=resume.pk)


# --- who viewed me ------------------------------------------------------------------------


@signed_in
def views_view(request: AuthedRequest) -> HttpResponse:
    page = Paginator(queries.views_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return _page(request, "resumes/views.html", {"page_obj": page})


# --- organisations ------------------------------------------------------------------------


@signed_in
def employer_resume_view(request: AuthedRequest, resume_id: str) -> HttpResponse:
    """An organisation's member opens a resume (PI-07, PI-08): masked unless the seeker
    applied to the organisation or accepted its invitation; 404 when the organisation may
    not see it at all."""
    membership = active_membership(request.user)
    if membership is None:
        raise Http404
    try:
        seen = employer.view_as_org(
            membership.organisation, request.user, resume_id, actor=web_actor(request)
        )
    except DomainError as error:
        raise Http404 from error
    return _page(
        request,
        "resumes/employer_resume.html",
        {
            "org": membership.organisation,
            "seen": seen,
            "card": seen.card,
            "resume": seen.resume,
            "is_agency": membership.organisation.is_agency,
            "photo_url": reverse("resumes:employer_photo", kwargs={"resume_id": seen.resume.pk}),
            # The applications app adds "invite to apply" and the like through this include.
            "applications_actions": _has_template(APPLICATION_ACTIONS),
        },
    )


APPLICATION_ACTIONS = "applications/_resume_actions.html"


def _has_template(name: str) -> bool:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


@signed_in
def employer_photo_view(request: AuthedRequest, resume_id: str) -> Any:
    membership = active_membership(request.user)
    if membership is None:
        raise Http404
    try:
        return file_response(employer.photo_for_org(membership.organisation, resume_id))
    except DomainError as error:
        raise Http404 from error


@signed_in
def employer_download_view(request: AuthedRequest, resume_id: str) -> HttpResponse:
    membership = active_membership(request.user)
    if membership is None:
        raise Http404
    try:
        return employer.download_response(
            request, membership.organisation, request.user, resume_id, actor=web_actor(request)
        )
    except DomainError as error:
        if error.status == 404:
            raise Http404 from error
        messages.error(request, str(error.message))
        return redirect("resumes:employer_resume", resume_id=resume_id)
