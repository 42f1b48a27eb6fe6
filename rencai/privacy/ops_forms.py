"""Forms of the privacy operator pages: retention rules and runs, self-inspections and
findings, bulk exports (the actions validate again; forms only parse)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.accounts.choices import OPERATOR_ROLES, Role
from rencai.accounts.models import User
from rencai.core.forms_support import DeskForm
from rencai.privacy.choices import FindingSeverity, RequestKind, RequestState
from rencai.privacy.governance import DATASETS

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class RuleForm(DeskForm):
    min_days = forms.IntegerField(label=_("Kept for (days)"), min_value=0, max_value=36500)
    enabled = forms.BooleanField(label=_("Applied by the daily run"), required=False)


class SelfInspectionForm(DeskForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    conducted_on = forms.DateField(label=_("Conducted on"), widget=DATE_INPUT)
    scope = forms.CharField(label=_("Scope and method"), widget=forms.Textarea(attrs={"rows": 4}))
    summary = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 4}))


class OperatorChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class FindingForm(DeskForm):
    description = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 3}))
    severity = forms.ChoiceField(label=_("Severity"), choices=FindingSeverity.choices)
    remediation = forms.CharField(label=_("Remediation"), widget=forms.Textarea(attrs={"rows": 3}))
    owner = OperatorChoiceField(label=_("Responsible"), queryset=User.objects.none())
    due_date = forms.DateField(label=_("Due date"), widget=DATE_INPUT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = (
            User.objects.filter(
                is_active=True,
                role_grants__role__in=list(OPERATOR_ROLES),
                role_grants__revoked_at__isnull=True,
            )
            .distinct()
            .order_by("display_name")
        )


class ResolveForm(DeskForm):
    resolution = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))


class BulkExportForm(DeskForm):
    dataset = forms.ChoiceField(
        label=_("Data set"), choices=[(key, spec.label) for key, spec in DATASETS.items()]
    )
    role = forms.ChoiceField(
        label=_("Role (accounts only)"), choices=[("", "—"), *Role.choices], required=False
    )
    state = forms.ChoiceField(
        label=_("State (rights requests only)"),
        choices=[("", "—"), *RequestState.choices],
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("Request (rights requests only)"),
        choices=[("", "—"), *RequestKind.choices],
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason for the export"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def filters(self) -> dict[str, str]:
        keys = DATASETS[self.cleaned_data["dataset"]].filters
        return {k: self.cleaned_data[k] for k in sorted(keys) if self.cleaned_data.get(k)}


class DecisionForm(DeskForm):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
