"""Forms of the saved-search pages. They only shape the input; the actions in
``rencai.search.alerts`` check it and give the messages people see."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.search.models import (
    SAVED_SEARCH_NAME_MAX_LENGTH,
    SAVED_SEARCH_QUERY_MAX_LENGTH,
    AlertFrequency,
)

INPUT_SLACK = 4  # longer input is cut, not refused: the action reports what is wrong


class SaveSearchForm(forms.Form):
    """The "save this search" button: the search's query string plus optional settings."""

    query = forms.CharField(
        required=False,
        max_length=SAVED_SEARCH_QUERY_MAX_LENGTH * INPUT_SLACK,
        widget=forms.HiddenInput,
    )
    name = forms.CharField(
        label=_("Name"),
        required=False,
        strip=False,
        max_length=SAVED_SEARCH_NAME_MAX_LENGTH * INPUT_SLACK,
    )
    frequency = forms.ChoiceField(
        label=_("Alerts"),
        choices=AlertFrequency.choices,
        required=False,
        initial=AlertFrequency.DAILY,
    )
    email = forms.BooleanField(label=_("Also send alerts by e-mail"), required=False)


class SavedSearchForm(forms.Form):
    """Rename a saved search and choose how its alerts arrive."""

    name = forms.CharField(
        label=_("Name"), strip=False, max_length=SAVED_SEARCH_NAME_MAX_LENGTH * INPUT_SLACK
    )
    frequency = forms.ChoiceField(label=_("Alerts"), choices=AlertFrequency.choices)
    email = forms.BooleanField(label=_("Also send alerts by e-mail"), required=False)
