"""The operators' page for extending the screening rules (DIS-01)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core.errors import DomainError
from rencai.core.forms_support import apply_domain_error
from rencai.core.http import AuthedRequest, require, web_actor
from rencai.jobs.models import ScreeningRuleSet
from rencai.jobs.permissions import can_inspect_postings, can_take_down_postings
from rencai.jobs.rules import current_rule_set, publish_rule_set
from rencai.jobs.screening.engine import compiled_rules


class RuleSetForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Additional rules (TOML)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "class": "mono", "spellcheck": "false"}),
    )
    note = forms.CharField(label=gettext_lazy("What changed"), max_length=300)


@require(can_inspect_postings)
def rules_view(request: AuthedRequest) -> HttpResponse:
    """Reviewers and trust & safety publish new versions; the regulator reads them."""
    current = current_rule_set()
    can_edit = can_take_down_postings(request.user)
    form = RuleSetForm(
        request.POST if request.method == "POST" else None,
        initial={"text": current.text if current else ""},
    )
    if request.method == "POST":
        if not can_edit:
            return render(request, "403.html", status=403)
        if form.is_valid():
            try:
                rule_set = publish_rule_set(
                    form.cleaned_data["text"],
                    note=form.cleaned_data["note"],
                    actor=web_actor(request),
                )
            except DomainError as error:
                apply_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("Version %(number)s of the rules is in force.") % {"number": rule_set.number},
                )
                return redirect("jobs_rules:rules")
    return render(
        request,
        "jobs/rules/edit.html",
        {
            "form": form,
            "can_edit": can_edit,
            "current": current,
            "versions": ScreeningRuleSet.objects.select_related("created_by")[:20],
            "platform_rule_count": len(compiled_rules()),
        },
    )
