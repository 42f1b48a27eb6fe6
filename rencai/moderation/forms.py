"""Forms of the abnormal-list pages. The actions validate the identifiers; these forms
only parse input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.core.errors import DomainError
from rencai.core.forms_support import apply_domain_error
from rencai.moderation.choices import SubjectKind

# Identifier validators name their own field; on these pages they all mean ``value``.
VALUE_FIELDS = frozenset({"uscc", "id_number", "phone"})


class NoEchoInput(forms.TextInput):
    """A text input that never renders the submitted value back into the page: an ID or
    phone number typed here must not reappear unmasked (for example after an error)."""

    def format_value(self, value: Any) -> str | None:
        return None


class ModerationForm(forms.Form):
    """Remembers the code of the domain error it shows (``data-error-code``)."""

    error_code = ""

    def show_error(self, error: DomainError) -> None:
        fields = {
            ("value" if name in VALUE_FIELDS else name): m for name, m in error.fields.items()
        }
        apply_domain_error(
            self,
            DomainError(error.code, error.message, fields=fields, status=error.status),
        )
        self.error_code = error.code


class ListSubjectForm(ModerationForm):
    subject_kind = forms.ChoiceField(
        label=_("What to list"), choices=SubjectKind.choices, widget=forms.RadioSelect
    )
    value = forms.CharField(
        label=_("Credit code, ID number or mobile number"),
        max_length=40,
        widget=NoEchoInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "Checked and stored as a blind index for people; only a masked form is shown later."
        ),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What happened, with case or complaint numbers (at least 5 characters)."),
    )


class LiftForm(ModerationForm):
    reason = forms.CharField(
        label=_("Reason for lifting"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
