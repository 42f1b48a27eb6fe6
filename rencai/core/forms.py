from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.core.choices import HolidayKind


class HolidayEntryForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=HolidayKind.choices)
    name = forms.CharField(label=_("Holiday"), max_length=64, help_text=_("e.g. 春节"))
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        help_text=_("The State Council notice, e.g. its title and number."),
    )


class HolidayYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    source = forms.CharField(label=_("Source"), max_length=200)
