"""Forms of the operator's posting review desk: decisions on versions and take-downs.
Business rules (reasons required, a note with "Other") stay in the actions; these forms
only parse input."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.core.errors import DomainError
from rencai.core.forms_support import apply_domain_error
from rencai.jobs.choices import ReviewReason


class DeskForm(forms.Form):
    """A desk form remembers the code of the domain error it shows (``data-error-code`` on
    the rendered form), so pages and tests can rely on the stable code, not the text."""

    error_code = ""

    def show_error(self, error: DomainError) -> None:
        apply_domain_error(self, error)
        self.error_code = error.code


class ReviewDecisionForm(DeskForm):
    """Approve or reject a version waiting for review."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))]
    )
    reasons = forms.MultipleChoiceField(
        label=_("Reasons"),
        required=False,
        choices=ReviewReason.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Needed to reject; the employer sees them."),
    )
    note = forms.CharField(
        label=_("Note to the employer"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the reason is “Other”."),
    )


class TakeDownForm(DeskForm):
    """Take a published posting down at once, with reasons from the controlled list."""

    reasons = forms.MultipleChoiceField(
        label=_("Reasons"),
        required=False,
        choices=ReviewReason.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you found; needed when the reason is “Other”."),
    )
