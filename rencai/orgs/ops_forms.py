"""Forms of the operator's verification desk: queue filters, independent checks, decisions
and display notices. Business rules stay in the actions; these forms only parse input."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.core.forms_support import DeskForm, note_field, reasons_field
from rencai.orgs.choices import (
    AccountClass,
    CheckKind,
    CheckResult,
    Decision,
    DecisionReason,
    RequestKind,
)


class QueueFilterForm(forms.Form):
    """GET filters of the queue; an invalid value is ignored rather than reported."""

    kind = forms.ChoiceField(
        label=_("Kind of request"),
        required=False,
        choices=[("", _("All kinds")), *RequestKind.choices],
    )
    account_class = forms.ChoiceField(
        label=_("Account class"),
        required=False,
        choices=[("", _("All classes")), *AccountClass.choices],
    )
    q = forms.CharField(
        label=_("Name or credit code"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class CheckForm(DeskForm):
    """One independent check (VER-04). Which fields are needed depends on ``kind``; the
    action enforces that, the page shows only the chosen kind's fields where CSS allows."""

    kind = forms.ChoiceField(
        label=_("Channel"), choices=CheckKind.choices, widget=forms.RadioSelect
    )
    result = forms.ChoiceField(
        label=_("Result"), choices=CheckResult.choices, widget=forms.RadioSelect
    )
    registry_name = forms.CharField(
        label=_("Name in the registry"),
        required=False,
        max_length=100,
        help_text=_(
            "Exactly as the National Enterprise Credit Information Publicity System shows it."
        ),
    )
    registry_status = forms.CharField(
        label=_("Status in the registry"),
        required=False,
        max_length=40,
        help_text=_("For example 存续（在营、开业、在册）."),
    )
    email_domain = forms.CharField(
        label=_("E-mail domain"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    bank_name = forms.CharField(label=_("Bank"), required=False, max_length=60)
    account_last4 = forms.CharField(
        label=_("Account ends in"),
        required=False,
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    amount_fen = forms.IntegerField(
        label=_("Amount (fen)"),
        required=False,
        min_value=1,
        max_value=99,
        help_text=_("The random amount between 1 and 99 fen the organisation reported back."),
    )
    reference = forms.CharField(
        label=_("Reference"),
        required=False,
        max_length=100,
        help_text=_("A lookup or transaction number that lets someone repeat the check."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DecisionForm(DeskForm):
    """Approve, reject or ask for more; the reasons come from the controlled list."""

    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    reasons = reasons_field(
        DecisionReason.choices, help_text=_("Needed to reject or to ask for more material.")
    )
    note = note_field(
        _("Note to the applicant"),
        help_text=_("Needed when asking for more material or when the reason is “Other”."),
    )


class NoticeForm(DeskForm):
    """A display notice (VER-07): what the organisation must update."""

    reason = forms.CharField(
        label=_("What must be updated"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
