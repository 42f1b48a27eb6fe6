"""The abnormal list (异常名录) for operators (FRD-04): reviewers and trust & safety list
and lift subjects; the regulator reads the list. The same actions as the operator API."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rencai.core.errors import DomainError
from rencai.core.http import AuthedRequest, require, web_actor
from rencai.core.models import Id
from rencai.moderation import actions
from rencai.moderation.errors import ModerationErrorCode
from rencai.moderation.forms import LiftForm, ListSubjectForm
from rencai.moderation.models import AbnormalListEntry
from rencai.moderation.permissions import can_manage_abnormal_list, can_view_abnormal_list
from rencai.moderation.queries import entries_for_operator

PAGE_SIZE = 20


def _list_query(request: AuthedRequest) -> str:
    """The list's own parameters (lifted entries shown, page), kept across a lift."""
    params = {key: request.GET.get(key, "") for key in ("lifted", "page")}
    return urlencode({key: value for key, value in params.items() if value})


def _back_to_list(request: AuthedRequest) -> HttpResponse:
    query = _list_query(request)
    return redirect(reverse("moderation:abnormal_list") + (f"?{query}" if query else ""))


def _lift_form(entry: AbnormalListEntry, data: Any = None) -> LiftForm:
    """One lift form per row, with ids unique on the page."""
    return LiftForm(data, auto_id=f"id_lift_{entry.pk.hex}_%s")


def _render(
    request: AuthedRequest,
    *,
    form: ListSubjectForm | None = None,
    lifting: tuple[AbnormalListEntry, LiftForm] | None = None,
) -> HttpResponse:
    include_lifted = request.GET.get("lifted") == "1"
    page = Paginator(entries_for_operator(active_only=not include_lifted), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    can_manage = can_manage_abnormal_list(request.user)
    rows = []
    for entry in page.object_list:
        lift_form = None
        if can_manage and entry.is_active:
            if lifting is not None and lifting[0].pk == entry.pk:
                lift_form = lifting[1]
            else:
                lift_form = _lift_form(entry)
        rows.append({"entry": entry, "lift_form": lift_form})
    return render(
        request,
        "moderation/abnormal_list.html",
        {
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "rows": rows,
            "include_lifted": include_lifted,
            "query": "lifted=1" if include_lifted else "",
            "list_query": _list_query(request),
            "can_manage": can_manage,
            "form": (form or ListSubjectForm()) if can_manage else None,
        },
    )


@require(can_view_abnormal_list)
def abnormal_list_view(request: AuthedRequest) -> HttpResponse:
    """Active entries (optionally the lifted ones too) and, for managers, the form to list
    a USCC, ID number or mobile number."""
    if request.method != "POST":
        return _render(request)
    if not can_manage_abnormal_list(request.user):
        return render(request, "403.html", status=403)
    form = ListSubjectForm(request.POST)
    if form.is_valid():
        try:
            entry = actions.list_subject(
                form.cleaned_data["subject_kind"],
                form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
                actor=web_actor(request),
            )
        except DomainError as error:
            form.show_error(error)
        else:
            messages.success(
                request, _("%(subject)s is now on the abnormal list.") % {"subject": entry.label}
            )
            return redirect("moderation:abnormal_list")
    return _render(request, form=form)


@require(can_view_abnormal_list)
@require_POST
def lift_view(request: AuthedRequest, entry_id: Id) -> HttpResponse:
    """Lift one listing with a reason; the subject may register and recruit again."""
    if not can_manage_abnormal_list(request.user):
        return render(request, "403.html", status=403)
    entry = entries_for_operator(active_only=False).filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    form = _lift_form(entry, request.POST)
    if form.is_valid():
        try:
            actions.lift_listing(
                entry, reason=form.cleaned_data["reason"], actor=web_actor(request)
            )
        except DomainError as error:
            if error.code == ModerationErrorCode.LISTING_LIFTED:
                messages.error(request, str(error.message))
                return _back_to_list(request)
            form.show_error(error)
        else:
            messages.success(
                request, _("The listing of %(subject)s was lifted.") % {"subject": entry.label}
            )
            return _back_to_list(request)
    return _render(request, lifting=(entry, form))
