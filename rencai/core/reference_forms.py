"""Form fields for reference data: an industry select and a province → city → district select.

``DivisionField`` renders three ``<select>`` elements. With JavaScript, htmx reloads the
options of the next select from ``reference:division_options`` whenever one changes.
Without JavaScript nothing is lost: the server fills each select from the values submitted
so far, so a person picks the province, submits, and gets the cities of that province on the
re-rendered form (the field reports ``division_too_coarse`` until ``min_level`` is reached).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rencai.core.divisions import (
    CITY,
    DISTRICT,
    PROVINCE,
    Division,
    ancestors,
    children,
    get_division,
    provinces,
    validate_division,
)
from rencai.core.errors import DomainError
from rencai.core.industries import grouped_choices, validate_industry
from rencai.core.occupations import grouped_choices as occupation_grouped_choices
from rencai.core.occupations import validate_occupation

SLOTS = 3
OPTIONS_TEMPLATE = "core/widgets/division_options.html"
EMPTY_OPTION = "—"


def option_placeholder(options: Sequence[Division]) -> str | Promise:
    """The text of the empty first ``<option>``: what to choose, or a dash if nothing."""
    if not options:
        return EMPTY_OPTION
    coarsest = min(item.level for item in options)
    if coarsest == PROVINCE:
        return _("Select a province")
    if coarsest == CITY:
        return _("Select a city")
    return _("Select a district or county")


def division_slots(code: str) -> list[str]:
    """The codes of the three selects for a stored code: ``"110105"`` →
    ``["110000", "110105", ""]``; an unknown code fills the first slot only."""
    if get_division(code) is None:
        return [code, "", ""]
    chain = [item.code for item in ancestors(code)] + [code]
    return chain + [""] * (SLOTS - len(chain))


def most_specific(slots: Sequence[str]) -> str:
    """The deepest code of a consistent chain of selected codes.

    A valid code that is not a child of the previous one (left over after the province
    was changed without JavaScript) ends the chain; an unknown code is returned as it is, so
    validation reports it instead of silently dropping it.
    """
    chosen = ""
    parent: str | None = None
    for code in slots[:SLOTS]:
        if not code:
            break
        division = get_division(code)
        if division is None:
            return code
        if division.parent_code != parent:
            break
        chosen = parent = code
    return chosen


class DivisionSelect(forms.Widget):
    """Three chained selects named ``<name>_1``, ``<name>_2``, ``<name>_3``.

    The slots are positions, not levels: for 北京市 the second select lists districts and the
    third stays empty. A plain ``<name>=<code>`` in the submitted data is accepted too.
    """

    template_name = "core/widgets/division_select.html"
    use_fieldset = True
    labels: tuple[str | Promise, ...] = (_("Province"), _("City"), _("District / county"))

    def __init__(self, attrs: dict[str, Any] | None = None, options_url: str = "") -> None:
        super().__init__(attrs)
        self.options_url = options_url

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        values = [str(data.get(f"{name}_{slot}") or "") for slot in range(1, SLOTS + 1)]
        if not any(values) and data.get(name):
            return division_slots(str(data.get(name)))
        return values

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        keys = [name] + [f"{name}_{slot}" for slot in range(1, SLOTS + 1)]
        return not any(key in data for key in keys)

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_1" if id_ else id_

    def format_value(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, list | tuple):
            slots = [str(item or "") for item in value][:SLOTS]
            return slots + [""] * (SLOTS - len(slots))
        if isinstance(value, str) and value:
            return division_slots(value)
        return [""] * SLOTS

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        base_attrs = dict(widget["attrs"])
        base_id = str(base_attrs.pop("id", "") or f"id_{name}")
        required = base_attrs.pop("required", False)
        url = self.options_url or reverse("reference:division_options")
        selected: list[str] = widget["value"]
        parts = []
        parent: str | None = None
        for index in range(SLOTS):
            options = provinces() if index == 0 else children(parent) if parent else []
            chosen = selected[index] if selected[index] in {o.code for o in options} else ""
            part_attrs: dict[str, Any] = {**base_attrs, "id": f"{base_id}_{index + 1}"}
            if index == 0 and required:
                part_attrs["required"] = True
            if index > 0:
                source_id = f"{base_id}_{index}"
                trigger = f"change from:#{source_id}"
                if index > 1:
                    # The previous select got new options (its own parent changed): reload too.
                    trigger += f", htmx:afterSwap from:#{source_id}"
                part_attrs.update(
                    {
                        "hx-get": f"{url}?{urlencode({'source': f'{name}_{index}'})}",
                        "hx-include": f"#{source_id}",
                        "hx-trigger": trigger,
                        "hx-target": "this",
                        "hx-swap": "innerHTML",
                        "hx-sync": "this:replace",
                    }
                )
            parts.append(
                {
                    "name": f"{name}_{index + 1}",
                    "label": self.labels[index],
                    "attrs": part_attrs,
                    "options": options,
                    "placeholder": option_placeholder(options),
                    "selected": chosen,
                }
            )
            parent = chosen or None
        widget["parts"] = parts
        widget["wrapper_id"] = base_id
        return context


class DivisionField(forms.Field):
    """An administrative division; the cleaned value is the most specific code chosen
    (``""`` when nothing is chosen and the field is optional).

    ``min_level``: 1 any division, 2 at least a city, 3 at least a district or county —
    where the hierarchy has one (see ``rencai.core.divisions.is_specific_enough``).
    """

    widget = DivisionSelect

    def __init__(self, *, min_level: int = PROVINCE, **kwargs: Any) -> None:
        if min_level not in (PROVINCE, CITY, DISTRICT):
            raise ValueError(f"min_level must be 1, 2 or 3, not {min_level!r}")
        self.min_level = min_level
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        if isinstance(value, list | tuple):
            return most_specific([str(item or "") for item in value])
        if value in self.empty_values:
            return ""
        return str(value)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value in self.empty_values:
            return
        try:
            validate_division(value, min_level=self.min_level)
        except DomainError as error:
            raise ValidationError(str(error.message), code=error.code) from error


def industry_choices() -> list[Any]:
    """An empty first option, then the divisions grouped by section."""
    return [("", _("Select an industry")), *grouped_choices()]


class IndustryField(forms.ChoiceField):
    """A GB/T 4754-2017 division (two-digit code), chosen from optgroups per section."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("choices", industry_choices)
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        if value in self.empty_values:
            super().validate(value)
            return
        try:
            validate_industry(value)
        except DomainError as error:
            raise ValidationError(str(error.message), code=error.code) from error


def occupation_choices() -> list[Any]:
    """An empty first option, then the job categories grouped by major group."""
    return [("", _("Select a job category")), *occupation_grouped_choices()]


class OccupationField(forms.ChoiceField):
    """A job category of 职业分类大典（2022年版）, chosen from optgroups per major group.

    ``min_level`` is passed to ``validate_occupation`` (2, a medium group, by default).
    """

    def __init__(self, *, min_level: int = 2, **kwargs: Any) -> None:
        kwargs.setdefault("choices", occupation_choices)
        super().__init__(**kwargs)
        self.min_level = min_level

    def validate(self, value: Any) -> None:
        if value in self.empty_values:
            super().validate(value)
            return
        try:
            validate_occupation(value, min_level=self.min_level)
        except DomainError as error:
            raise ValidationError(str(error.message), code=error.code) from error
