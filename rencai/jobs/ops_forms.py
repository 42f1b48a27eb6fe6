"""Forms of the operator's posting review desk: decisions on versions and take-downs.
Business rules (reasons required, a note with "Other") stay in the actions; these forms
only parse input."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.core.forms_support import DeskForm, note_field, reasons_field
from rencai.jobs.choices import ReviewReason


class ReviewDecisionForm(DeskForm):
    """Approve or reject a version waiting for review."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))]
    )
    reasons = reasons_field(
        ReviewReason.choices, help_text=_("Needed to reject; the employer sees them.")
    )
    note = note_field(_("Note to the employer"), help_text=_("Needed when the reason is “Other”."))


class TakeDownForm(DeskForm):
    """Take a published posting down at once, with reasons from the controlled list."""

    reasons = reasons_field(ReviewReason.choices)
    note = note_field(_("Note"), help_text=_("What you found; needed when the reason is “Other”."))
