"""Helpers for Django forms on HTML pages."""

from __future__ import annotations

from django import forms

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
