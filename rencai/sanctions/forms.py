"""Forms of the sanctions pages. The actions validate the rules; these forms parse input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.core.forms_support import DeskForm
from rencai.files.choices import DOCUMENT_KINDS
from rencai.files.forms import CheckedFileField
from rencai.files.inspect import CheckedUpload
from rencai.sanctions.choices import AppealOutcome, SanctionKind, SanctionStatus
from rencai.sanctions.rules import RULE_CHOICES

FILE_FIELDS = ("evidence_1", "evidence_2", "evidence_3")


class NoEchoInput(forms.TextInput):
    """Never renders a typed ID number back into the page."""

    def format_value(self, value: Any) -> str | None:
        return None


def _file_field() -> CheckedFileField:
    return CheckedFileField(
        accept=DOCUMENT_KINDS,
        required=False,
        label=_("Evidence file"),
        help_text=_("PDF or image; optional."),
    )


class EvidenceFilesMixin(forms.Form):
    evidence_1 = _file_field()
    evidence_2 = _file_field()
    evidence_3 = _file_field()

    def uploads(self) -> list[CheckedUpload]:
        return [self.cleaned_data[name] for name in FILE_FIELDS if self.cleaned_data.get(name)]


class ImposeForm(EvidenceFilesMixin, DeskForm):
    subject_type = forms.ChoiceField(
        label=_("Who is sanctioned"),
        choices=[("user", _("A person (account)")), ("organisation", _("An organisation"))],
        widget=forms.RadioSelect,
    )
    subject = forms.CharField(
        label=_("Account or organisation"),
        max_length=64,
        help_text=_(
            "For a person: the mobile number or the account id. For an organisation: the "
            "unified social credit code or the organisation id."
        ),
    )
    posting = forms.UUIDField(
        label=_("Posting id"),
        required=False,
        help_text=_("Only for a take-down: the posting to remove."),
    )
    kind = forms.ChoiceField(label=_("Measure"), choices=SanctionKind.choices)
    rule = forms.ChoiceField(label=_("Rule broken"), choices=RULE_CHOICES)
    reason = forms.CharField(
        label=_("Reason shown to the user"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    days = forms.IntegerField(
        label=_("Period in days"),
        required=False,
        min_value=1,
        max_value=3650,
        help_text=_("For restrictions and suspensions; leave empty for the other measures."),
    )
    evidence_note = forms.CharField(
        label=_("Evidence"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What was found: report references, message or posting excerpts, dates. Kept "
            "unchanged with the sanction."
        ),
    )
    legal_rep_id_number = forms.CharField(
        label=_("Legal representative's ID number"),
        max_length=18,
        required=False,
        widget=NoEchoInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "Only for a ban of an organisation: also lists the legal representative, so they "
            "cannot register another organisation."
        ),
    )


class RevokeForm(DeskForm):
    reason = forms.CharField(
        label=_("Reason for revoking"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecideForm(DeskForm):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=AppealOutcome.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reasons (sent to the appellant)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SubmissionForm(DeskForm):
    reference = forms.CharField(label=_("Submission reference"), max_length=100)
    note = forms.CharField(
        label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AppealForm(EvidenceFilesMixin, DeskForm):
    statement = forms.CharField(
        label=_("Why the measure is wrong"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *SanctionStatus.choices],
    )
    kind = forms.ChoiceField(
        label=_("Measure"), required=False, choices=[("", _("All measures")), *SanctionKind.choices]
    )
    subject = forms.UUIDField(label=_("Account or organisation id"), required=False)
