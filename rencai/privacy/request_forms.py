"""Forms of rights requests: filing one (for oneself or as a close relative) and the data
operators' steps. The actions in ``rencai.privacy.requests`` decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.core.forms_support import DeskForm
from rencai.files.choices import DOCUMENT_KINDS
from rencai.files.forms import CheckedFileField
from rencai.privacy.choices import (
    RELATIVE_KINDS,
    WITHDRAWABLE_PURPOSES,
    ConsentPurpose,
    RefusalReason,
    RelativeRelationship,
    RequestKind,
    RequestState,
)

# What each kind does, shown next to the choice (plain language, PI-18 "convenient").
KIND_EXPLANATIONS: dict[str, Any] = {
    RequestKind.ACCESS: _(
        "We prepare an archive of everything we hold about you (JSON, CSV and a PDF in "
        "Chinese). It is ready in minutes and can be downloaded for 7 days."
    ),
    RequestKind.CORRECTION: _(
        "Tell us what is wrong or missing. Most of your data you can also correct yourself "
        "on your profile and resume pages."
    ),
    RequestKind.DELETION: _(
        "Your resumes, attachments and hidden-company list are deleted at once. Records the "
        "law requires us to keep move to a restricted archive."
    ),
    RequestKind.EXPLANATION: _(
        "Ask how and why we process your data; a data operator answers in writing."
    ),
    RequestKind.PORTABILITY: _(
        "We prepare your data for another processor you name. An operator checks that the "
        "transfer is feasible; the recipient fetches it with a one-time token."
    ),
    RequestKind.WITHDRAWAL: _(
        "Withdraw a consent; the related processing stops at once. Past processing stays lawful."
    ),
    RequestKind.CANCELLATION: _(
        "Your account is closed at once and you are signed out everywhere. Your personal "
        "data is then deleted or anonymised, except what the law requires us to keep."
    ),
}


def _purpose_choices() -> list[tuple[str, Any]]:
    return [("", "—")] + [
        (value, label) for value, label in ConsentPurpose.choices if value in WITHDRAWABLE_PURPOSES
    ]


class RequestForm(forms.Form):
    """A request about one's own data."""

    kind = forms.ChoiceField(
        label=_("What do you ask for?"),
        choices=RequestKind.choices,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required for a correction or an explanation."),
    )
    consent_purpose = forms.ChoiceField(
        label=_("Consent to withdraw"), required=False, choices=_purpose_choices
    )
    recipient_name = forms.CharField(label=_("Receiving processor"), required=False, max_length=120)
    recipient_contact = forms.CharField(
        label=_("Receiving processor's contact"),
        required=False,
        max_length=200,
        help_text=_("An address, e-mail or telephone of the organisation that receives the data."),
    )
    sms_code = forms.CharField(
        label=_("Code from the text message"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class RelativeRequestForm(forms.Form):
    """A close relative's request about a deceased user's data (PI-17)."""

    kind = forms.ChoiceField(
        label=_("What do you ask for?"),
        choices=[(value, label) for value, label in RequestKind.choices if value in RELATIVE_KINDS],
        widget=forms.RadioSelect,
    )
    deceased_phone = forms.CharField(label=_("Mobile number of the deceased"), max_length=20)
    deceased_name = forms.CharField(label=_("Name of the deceased"), max_length=60)
    relationship = forms.ChoiceField(
        label=_("Your relationship to the deceased"), choices=RelativeRelationship.choices
    )
    relative_name = forms.CharField(
        label=_("Your full name"),
        max_length=60,
        help_text=_("As it appears on the proof of relationship."),
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Your lawful interest and, for a correction or explanation, what you ask."),
    )
    death_proof = CheckedFileField(
        label=_("Proof of death"),
        accept=DOCUMENT_KINDS,
        required=False,
        help_text=_("A death certificate or a notice of cancellation of household registration."),
    )
    relationship_proof = CheckedFileField(
        label=_("Proof of relationship"),
        accept=DOCUMENT_KINDS,
        required=False,
        help_text=_("For example a marriage certificate, household register or birth certificate."),
    )
    sms_code = forms.CharField(
        label=_("Code from the text message"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Open")), *RequestState.choices, ("all", _("All"))],
    )
    kind = forms.ChoiceField(
        label=_("Request"), required=False, choices=[("", _("All")), *RequestKind.choices]
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)


class CompleteForm(DeskForm):
    response = forms.CharField(
        label=_("Answer to the requester"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class RefuseForm(DeskForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=RefusalReason.choices)
    explanation = forms.CharField(
        label=_("Explanation to the requester"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The notice always tells the requester they may complain to the authorities or "
            "sue in a people's court."
        ),
    )
