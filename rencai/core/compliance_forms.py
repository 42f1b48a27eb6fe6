"""Forms of the compliance calendar pages (LIC-03, LIC-04)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.core.choices import RegistrationChangeKind
from rencai.core.forms_support import DeskForm


class AnnounceForm(DeskForm):
    end_date = forms.DateField(
        label=_("Last day of the service"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("At least 30 days from today."),
    )
    notice_text = forms.CharField(
        label=_("Notice to users"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Shown on the licences page: why the service ends, until when people can "
            "download their data, and whom to contact."
        ),
    )


class WithdrawForm(DeskForm):
    reason = forms.CharField(label=_("Reason for the withdrawal"), max_length=500)
    confirm = forms.BooleanField(
        label=_("The service continues: remove the notice from every page."), required=False
    )


class RegistrationChangeForm(DeskForm):
    kind = forms.ChoiceField(label=_("What changed"), choices=RegistrationChangeKind.choices)
    change_date = forms.DateField(
        label=_("Date of the registration change"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The date on the market-registration change; the report is due 15 days later."),
    )
    details = forms.CharField(
        label=_("Details"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The old and the new value, and the registration document."),
    )


class SubmitReportForm(DeskForm):
    reference = forms.CharField(
        label=_("Receipt or file number"),
        max_length=200,
        help_text=_("As given by the human-resources authority for the written report."),
    )
