"""Forms of the job-posting pages: one posting form mapped onto ``PostingContent``, the
submit and renew forms, and the public search form."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.core.divisions import CITY
from rencai.core.errors import DomainError
from rencai.core.reference_forms import DivisionField, OccupationField
from rencai.jobs.choices import Benefit, Education, EmploymentType, PayPeriod
from rencai.jobs.constants import MAX_OPENINGS, MAX_PAY
from rencai.jobs.content import Location, PostingContent
from rencai.orgs.models import Organisation

QA_PAIRS = 3
SKILL_SEPARATORS = re.compile(r"[,，、;；\n]+")

# Where a field named by an action (``PostingContent`` names, dotted for locations) is shown.
ERROR_FIELDS = {
    "locations": "division",
    "locations.0.division": "division",
    "locations.0.address": "address",
    "locations.1.division": "second_division",
    "locations.1.address": "second_address",
    "client_id": "client",
    "qa": "q1",
}


def form_field_name(name: str) -> str:
    """The form field that shows an action's error about ``name``."""
    return ERROR_FIELDS.get(name, name)


def mapped_error(error: DomainError) -> DomainError:
    """``error`` with its field names translated to this module's form field names."""
    mapped = DomainError(
        error.code,
        error.message,
        fields={form_field_name(name): message for name, message in error.fields.items()},
        status=error.status,
        extra=error.extra,
    )
    return mapped


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class PostingForm(forms.Form):
    """Everything a posting says (JOB-01); for agencies also the client and entrustment."""

    # basics
    title = forms.CharField(label=_("Job title"), max_length=60)
    category = OccupationField(label=_("Job category"))
    employment_type = forms.ChoiceField(
        label=_("Employment type"), choices=[("", "—"), *EmploymentType.choices]
    )
    openings = forms.IntegerField(
        label=_("Openings"), min_value=1, max_value=MAX_OPENINGS, initial=1
    )
    # content and requirements
    description = forms.CharField(
        label=_("Job content"),
        max_length=5000,
        widget=_textarea(6),
        help_text=_("What the person will do. Checked for unlawful content as you type."),
    )
    requirements = forms.CharField(
        label=_("Requirements"),
        max_length=3000,
        widget=_textarea(4),
        help_text=_(
            "Only what the job needs. Gender, age, ethnicity, origin, marital status or "
            "health requirements are discriminatory unless the law allows them."
        ),
    )
    education = forms.ChoiceField(
        label=_("Education"), choices=Education.choices, initial=Education.ANY
    )
    experience_years = forms.IntegerField(
        label=_("Years of experience"), min_value=0, max_value=40, initial=0
    )
    skills = forms.CharField(
        label=_("Skills"),
        required=False,
        max_length=600,
        help_text=_("Separate skills with commas."),
    )
    # conditions and pay
    working_hours = forms.CharField(label=_("Working hours"), max_length=200)
    shifts = forms.CharField(label=_("Shifts"), max_length=200, required=False)
    environment = forms.CharField(label=_("Working environment"), max_length=300, required=False)
    occupational_hazards = forms.CharField(
        label=_("Occupational hazards and protection"),
        required=False,
        widget=_textarea(3),
        help_text=_("Required for job categories with occupational hazards."),
    )
    pay_min = forms.IntegerField(label=_("Pay from (yuan)"), min_value=1, max_value=MAX_PAY)
    pay_max = forms.IntegerField(label=_("Pay up to (yuan)"), min_value=1, max_value=MAX_PAY)
    pay_period = forms.ChoiceField(
        label=_("Pay period"), choices=PayPeriod.choices, initial=PayPeriod.MONTH
    )
    months_per_year = forms.IntegerField(
        label=_("Months of pay per year"), min_value=12, max_value=24, initial=12
    )
    probation_months = forms.IntegerField(
        label=_("Probation (months)"), min_value=0, max_value=6, required=False
    )
    benefits = forms.MultipleChoiceField(
        label=_("Benefits"),
        choices=Benefit.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # location
    division = DivisionField(label=_("Work location"), min_level=CITY)
    address = forms.CharField(label=_("Address"), max_length=200)
    second_division = DivisionField(
        label=_("Second work location (optional)"), min_level=CITY, required=False
    )
    second_address = forms.CharField(
        label=_("Address of the second location"), max_length=200, required=False
    )
    # validity and extras
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("At most 90 days from today; 30 days when left empty."),
    )
    targets_foreign_nationals = forms.BooleanField(
        label=_("Open to foreign nationals"), required=False
    )
    work_permit_acknowledged = forms.BooleanField(
        label=_("The employer will obtain a work permit before a foreign national starts work"),
        required=False,
    )
    q1 = forms.CharField(label=_("Question 1"), max_length=200, required=False)
    a1 = forms.CharField(label=_("Answer 1"), max_length=1000, required=False, widget=_textarea(2))
    q2 = forms.CharField(label=_("Question 2"), max_length=200, required=False)
    a2 = forms.CharField(label=_("Answer 2"), max_length=1000, required=False, widget=_textarea(2))
    q3 = forms.CharField(label=_("Question 3"), max_length=200, required=False)
    a3 = forms.CharField(label=_("Answer 3"), max_length=1000, required=False, widget=_textarea(2))
    source = forms.CharField(
        label=_("Information source"),
        max_length=200,
        required=False,
        help_text=_("Only for reposted vacancies: where the information comes from."),
    )
    # agencies only (removed for employers and when editing)
    client = forms.ModelChoiceField(
        label=_("Client organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("The verified employer the vacancy belongs to."),
    )
    entrustment = forms.CharField(
        label=_("Entrustment record"),
        max_length=200,
        required=False,
        help_text=_("The number or title of the contract or letter of entrustment."),
    )

    def __init__(
        self,
        *args: Any,
        clients: Any = None,
        with_posting_fields: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if clients is None or not with_posting_fields:
            del self.fields["client"]
            del self.fields["entrustment"]
        else:
            client = self.fields["client"]
            assert isinstance(client, forms.ModelChoiceField)
            client.queryset = clients
            client.required = True
            self.fields["entrustment"].required = True
        if not with_posting_fields:
            del self.fields["source"]

    @property
    def is_agency_form(self) -> bool:
        return "client" in self.fields

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("second_division") and not data.get("second_address", "").strip():
            self.add_error("second_address", _("Give the address of the second location."))
        low, high = data.get("pay_min"), data.get("pay_max")
        if low is not None and high is not None and low > high:
            self.add_error("pay_max", _("The upper figure must not be below the lower one."))
        return data

    def content(self) -> PostingContent:
        """The cleaned form as posting content (the action validates it again)."""
        data = self.cleaned_data
        locations = [Location(data["division"], data["address"])]
        if data.get("second_division"):
            locations.append(Location(data["second_division"], data["second_address"]))
        qa = [
            {"q": data.get(f"q{i}", ""), "a": data.get(f"a{i}", "")}
            for i in range(1, QA_PAIRS + 1)
            if data.get(f"q{i}", "").strip()
        ]
        return PostingContent(
            title=data["title"],
            category=data["category"],
            openings=data["openings"],
            employment_type=data["employment_type"],
            description=data["description"],
            requirements=data["requirements"],
            working_hours=data["working_hours"],
            locations=locations,
            pay_min=data["pay_min"],
            pay_max=data["pay_max"],
            pay_period=data["pay_period"],
            education=data["education"],
            experience_years=data["experience_years"],
            skills=split_skills(data.get("skills", "")),
            shifts=data.get("shifts", ""),
            environment=data.get("environment", ""),
            months_per_year=data["months_per_year"],
            benefits=list(data.get("benefits") or []),
            occupational_hazards=data.get("occupational_hazards", ""),
            probation_months=data.get("probation_months"),
            qa=qa,
            targets_foreign_nationals=bool(data.get("targets_foreign_nationals")),
            work_permit_acknowledged=bool(data.get("work_permit_acknowledged")),
            valid_until=data.get("valid_until"),
        )


def split_skills(text: str) -> list[str]:
    return [part.strip() for part in SKILL_SEPARATORS.split(text or "") if part.strip()]


def initial_from(content: PostingContent) -> dict[str, Any]:
    """Form initial values of stored content."""
    initial: dict[str, Any] = {
        name: getattr(content, name)
        for name in (
            "title",
            "category",
            "openings",
            "employment_type",
            "description",
            "requirements",
            "education",
            "experience_years",
            "working_hours",
            "shifts",
            "environment",
            "occupational_hazards",
            "pay_min",
            "pay_max",
            "pay_period",
            "months_per_year",
            "probation_months",
            "benefits",
            "targets_foreign_nationals",
            "work_permit_acknowledged",
            "valid_until",
        )
    }
    initial["skills"] = ", ".join(content.skills)
    if content.locations:
        initial["division"] = content.locations[0].division
        initial["address"] = content.locations[0].address
    if len(content.locations) > 1:
        initial["second_division"] = content.locations[1].division
        initial["second_address"] = content.locations[1].address
    for index, item in enumerate(content.qa[:QA_PAIRS], start=1):
        initial[f"q{index}"] = item.get("q", "")
        initial[f"a{index}"] = item.get("a", "")
    return initial


class SubmitForm(forms.Form):
    justification = forms.CharField(
        label=_("Why the job needs the contested requirements"),
        required=False,
        max_length=2000,
        widget=_textarea(4),
        help_text=_("A reviewer reads this before deciding."),
    )


class RenewForm(forms.Form):
    valid_until = forms.DateField(
        label=_("New end of validity"), widget=forms.DateInput(attrs={"type": "date"})
    )
