"""Helpers for Django forms on HTML pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.core.errors import DomainError


def apply_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a ``DomainError`` on the form: field messages next to their fields (when the
    form has that field), everything else at the top."""
    placed = False
    for name, message in error.fields.items():
        if name in form.fields:
            form.add_error(name, str(message))
            placed = True
    if not placed:
        form.add_error(None, str(error.message))


class DeskForm(forms.Form):
    """An operator desk form remembers the code of the domain error it shows
    (``data-error-code`` on the rendered form), so pages and tests can rely on the stable
    code, not the text."""

    error_code = ""

    def show_error(self, error: DomainError) -> None:
        apply_domain_error(self, error)
        self.error_code = error.code


def reasons_field(choices: Any, *, help_text: Any = "") -> forms.MultipleChoiceField:
    """Checkboxes of reasons from a controlled list (the action decides when they are
    required)."""
    return forms.MultipleChoiceField(
        label=_("Reasons"),
        required=False,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


def note_field(label: Any, *, help_text: Any = "", rows: int = 3) -> forms.CharField:
    """An optional free-text note to the other party."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )
