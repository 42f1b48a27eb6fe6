"""The restricted archive page for auditors and security administrators (RET-01): counts
per category, the last verification with "verify now", and the legal holds with the forms
to place and release them (security administrators)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from rencai.audit import archive
from rencai.audit.archive_verify import PROBLEM_LABELS, run_verification
from rencai.audit.models import LegalHold
from rencai.audit.permissions import can_manage_legal_holds, can_view_archive
from rencai.core.errors import DomainError
from rencai.core.http import AuthedRequest, require, web_actor


class LegalHoldForm(forms.Form):
    subject_ref = forms.CharField(
        label=_("Person (archive pseudonym)"),
        required=False,
        max_length=64,
        help_text=_("The pseudonym shown on archived records; leave empty for a whole category."),
    )
    category = forms.CharField(
        label=_("Category"),
        required=False,
        max_length=40,
        help_text=_("For example service_record; leave empty to hold all of the person's records."),
    )
    reference = forms.CharField(label=_("Case reference"), max_length=120)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


def _page(request: AuthedRequest, form: LegalHoldForm | None = None) -> HttpResponse:
    holds = LegalHold.objects.select_related("placed_by").order_by("released_at", "-created_at")
    page = Paginator(holds, 20).get_page(request.GET.get("page"))
    counts = archive.category_counts()
    last = archive.last_verification()
    return render(
        request,
        "audit/archive.html",
        {
            "counts": counts,
            "total": sum(c.total for c in counts),
            "purged": sum(c.purged for c in counts),
            "last": last,
            "problem_label": PROBLEM_LABELS.get(last.problem, last.problem) if last else "",
            "page_obj": page,
            "query": "",
            "can_manage": can_manage_legal_holds(request.user),
            "form": form or LegalHoldForm(),
        },
    )


@require(can_view_archive)
def archive_view(request: AuthedRequest) -> HttpResponse:
    return _page(request)


@require_POST
@require(can_view_archive)
def verify_view(request: AuthedRequest) -> HttpResponse:
    report = run_verification(actor=web_actor(request))
    if report.ok:
        messages.success(request, _("The archive is intact."))
    else:
        messages.error(request, _("The archive's integrity check failed. See the result below."))
    return redirect("audit:archive")


@require_POST
@require(can_manage_legal_holds)
def place_hold_view(request: AuthedRequest) -> HttpResponse:
    form = LegalHoldForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            archive.place_legal_hold(
                subject_ref=data["subject_ref"],
                category=data["category"],
                reason=data["reason"],
                reference=data["reference"],
                actor=web_actor(request),
            )
        except DomainError as error:
            for name, message in error.fields.items():
                form.add_error(name if name in form.fields else None, str(message))
            if not error.fields:
                form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The legal hold is in place."))
            return redirect("audit:archive")
    return _page(request, form)


@require_POST
@require(can_manage_legal_holds)
def release_hold_view(request: AuthedRequest, hold_id: int) -> HttpResponse:
    hold = get_object_or_404(LegalHold, pk=hold_id)
    try:
        archive.release_legal_hold(hold, actor=web_actor(request))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The legal hold was released."))
    return redirect("audit:archive")
