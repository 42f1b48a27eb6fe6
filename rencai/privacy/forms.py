from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rencai.privacy.choices import DocumentKind


class AcceptDocumentsForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I have read and agree to the updated documents"), required=True
    )


class PublishDocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    version = forms.CharField(label=_("Version"), max_length=16)
    title = forms.CharField(label=_("Title"), max_length=120)
    effective_at = forms.DateTimeField(
        label=_("Takes effect at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("At least 7 days after publication for a changed document."),
    )
    change_summary = forms.CharField(
        label=_("Summary of changes"), widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label=_("Text (Simplified Chinese, Markdown)"), widget=forms.Textarea(attrs={"rows": 16})
    )
    body_en = forms.CharField(
        label=_("Text (English translation, Markdown)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not self.is_bound:
            self.fields["effective_at"].initial = (
                timezone.localtime() + dt.timedelta(days=8)
            ).strftime("%Y-%m-%dT%H:%M")
