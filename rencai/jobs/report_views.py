"""The "report this posting" page: anyone, signed in or not, can report a public posting
and gets a reference number (CMP-01; the trust & safety queue comes with its issue)."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from rencai.core.actors import actor_from_request
from rencai.core.errors import DomainError
from rencai.core.forms_support import apply_domain_error
from rencai.core.http import viewer
from rencai.jobs.actions import report_posting
from rencai.jobs.choices import ReportCategory
from rencai.jobs.queries import public_posting


class ReportForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What is wrong"), choices=ReportCategory.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label=_("Details"),
        min_length=5,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you saw or experienced. Do not include other people's ID numbers."),
    )


def report_view(request: HttpRequest, posting_id: str) -> HttpResponse:
    try:
        posting = public_posting(posting_id, viewer(request))
    except DomainError as error:
        raise Http404 from error
    form = ReportForm(request.POST or None)
    reference = ""
    if request.method == "POST" and form.is_valid():
        try:
            report = report_posting(
                posting,
                category=form.cleaned_data["category"],
                details=form.cleaned_data["details"],
                actor=actor_from_request(request),
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            reference = report.reference
    return render(
        request,
        "jobs/report/form.html",
        {"posting": posting, "form": form, "reference": reference},
    )
