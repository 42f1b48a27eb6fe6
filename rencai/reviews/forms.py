"""Forms of the review pages. The actions validate; these forms only parse input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.core.forms_support import DeskForm
from rencai.reviews.choices import DIMENSION_LABELS, RemovalReason, dimensions_of

STARS = [(str(n), str(n)) for n in range(5, 0, -1)]


class ReviewForm(DeskForm):
    """Scores of the review's kind (1–5 as radio buttons), the text and the name display."""

    text = forms.CharField(
        label=_("Your review"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Describe the application and interview process and whether the posting was "
            "honest. No phone numbers, ID numbers or insults; staff names are masked."
        ),
    )
    anonymous = forms.BooleanField(
        label=_("Show me as an anonymous job seeker (匿名求职者)"),
        required=False,
        initial=True,
        help_text=_(
            "When you turn this off, only a masked form of your name is shown. The "
            "organisation never sees who wrote the review."
        ),
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dimensions = dimensions_of(kind)
        scores = {
            f"score_{name}": forms.TypedChoiceField(
                label=DIMENSION_LABELS[name],
                choices=STARS,
                coerce=int,
                widget=forms.RadioSelect,
            )
            for _column, name in self.dimensions
        }
        self.fields = {**scores, **self.fields}

    def scores(self) -> dict[str, int]:
        return {name: self.cleaned_data[f"score_{name}"] for _column, name in self.dimensions}

    def score_fields(self) -> list[forms.BoundField]:
        return [self[f"score_{name}"] for _column, name in self.dimensions]


class ReplyForm(DeskForm):
    text = forms.CharField(
        label=_("Reply for the organisation"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown under the review. You can reply once; be factual and polite."),
    )


class RemoveForm(DeskForm):
    reasons = forms.MultipleChoiceField(
        label=_("Reasons"),
        choices=RemovalReason.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown to the author. Required with “Other”."),
    )
