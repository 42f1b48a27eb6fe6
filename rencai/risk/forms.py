"""Forms of the risk desk."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.core.forms_support import DeskForm
from rencai.risk.choices import ReviewOutcome, RiskLevel, SubjectKind


class FilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Subject"),
        required=False,
        choices=[("", _("Postings and accounts")), *SubjectKind.choices],
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All levels")), *RiskLevel.choices]
    )
    unreviewed = forms.BooleanField(label=_("Not reviewed yet"), required=False)


class ReviewForm(DeskForm):
    outcome = forms.ChoiceField(
        label=_("Conclusion"), choices=ReviewOutcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you checked and why you reached this conclusion."),
    )
