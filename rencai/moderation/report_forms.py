"""Forms of the report pages. The actions check everything; these forms parse input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.core.forms_support import DeskForm
from rencai.files.forms import accept_attribute
from rencai.moderation.choices import CaseOutcome, CaseStatus, ReportCategory, TargetKind
from rencai.moderation.reports import EVIDENCE_KINDS, MAX_EVIDENCE_FILES


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Up to ``MAX_EVIDENCE_FILES`` images or PDFs; ``file_report`` checks each file."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [item for item in files if item]

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs["accept"] = accept_attribute(EVIDENCE_KINDS)
        return attrs


class ReportForm(DeskForm):
    category = forms.ChoiceField(
        label=_("What is wrong"), choices=ReportCategory.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What you saw or experienced, when and where (5 to 2000 characters). Do not "
            "include other people's ID numbers."
        ),
    )
    evidence = EvidenceField(
        label=_("Evidence (optional)"),
        required=False,
        help_text=_(
            "Up to %(count)s screenshots or PDFs. They are kept unchanged with a checksum "
            "and shown only to trust & safety."
        )
        % {"count": MAX_EVIDENCE_FILES},
    )
    contact = forms.CharField(
        label=_("How to reach you (optional)"),
        required=False,
        max_length=100,
        help_text=_("A phone number or e-mail address, only if you want us to ask you more."),
    )

    def __init__(self, *args: Any, anonymous: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not anonymous:
            del self.fields["contact"]


class LookupForm(DeskForm):
    reference = forms.CharField(label=_("Reference number"), max_length=16)
    token = forms.CharField(
        label=_("Access code"),
        max_length=64,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("The code shown once when you sent the report."),
    )


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("open", _("Open or under review")),
            *CaseStatus.choices,
            ("all", _("All")),
        ],
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All")), *ReportCategory.choices]
    )
    target_kind = forms.ChoiceField(
        label=_("Reported"), required=False, choices=[("", _("All")), *TargetKind.choices]
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)


class NoteForm(DeskForm):
    note = forms.CharField(
        label=_("Note to the reporters"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on every open report of this case; no personal data of others."),
    )


class DecideForm(DeskForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=CaseOutcome.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The facts and the rule applied (at least 5 characters); kept on the case."),
    )
    note_to_reporters = forms.CharField(
        label=_("Note to the reporters (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    sanction_reference = forms.CharField(
        label=_("Sanction (optional)"),
        required=False,
        max_length=64,
        help_text=_("The number of a sanction imposed for this case."),
    )
