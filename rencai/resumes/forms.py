"""Forms of the seeker's resume pages. They only collect input; the actions check it (the
same checks as the API) and their ``DomainError`` is shown next to the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rencai.core.divisions import CITY, PROVINCE
from rencai.core.errors import DomainError
from rencai.core.forms_support import apply_domain_error
from rencai.core.reference_forms import DivisionField, OccupationField
from rencai.files.choices import TEXT_DOCUMENT_KINDS
from rencai.jobs.choices import Education, EmploymentType
from rencai.resumes.actions import ATTACHMENT_KINDS
from rencai.resumes.choices import (
    EntryKind,
    LanguageLevel,
    PoliticalStatus,
    ResumeLanguage,
    SkillLevel,
    Visibility,
    WorkStatus,
)
from rencai.resumes.models import Resume, ResumeEntry
from rencai.resumes.presentation import display_phone

INTENDED_SLOTS = 3
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def show_error(form: forms.Form, error: DomainError) -> None:
    """Place an action's error on the form: ``skills.2.level`` → ``skill_level_2`` and so
    on, other fields by their name, the rest at the top."""
    renamed: dict[str, Any] = {}
    for name, message in error.fields.items():
        parts = name.split(".")
        if parts[0] in ("intended_categories", "intended_cities") and len(parts) > 1:
            prefix = "category" if parts[0] == "intended_categories" else "city"
            name = f"{prefix}_{int(parts[1]) + 1}"
        elif parts[0] in ("skills", "languages", "links") and len(parts) > 2:
            name = f"{parts[0][:-1]}_{parts[2]}_{parts[1]}"
        elif parts[0] in ("skills", "languages", "links") and len(parts) == 2:
            name = f"{parts[0][:-1]}_name_{parts[1]}"
        renamed[name] = message
    apply_domain_error(
        form, DomainError(error.code, error.message, fields=renamed, status=error.status)
    )


class ResumeCreateForm(forms.Form):
    title = forms.CharField(
        label=_("Resume name"),
        max_length=40,
        help_text=_("Only you see it, e.g. “Backend developer” or “English version”."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=ResumeLanguage.choices)
    full_name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=40)


class BasicForm(forms.Form):
    """Basic information; the optional fields at the end are never employer filters."""

    title = forms.CharField(label=_("Resume name"), max_length=40)
    language = forms.ChoiceField(label=_("Language"), choices=ResumeLanguage.choices)
    full_name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=40)
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=30,
        required=False,
        help_text=_("Shown only to organisations you apply to or whose invitation you accept."),
    )
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    city = DivisionField(label=_("Current city"), min_level=CITY, required=False)
    work_status = forms.ChoiceField(label=_("Work status"), choices=WorkStatus.choices)
    available_from = forms.DateField(label=_("Can start on"), required=False, widget=DATE_WIDGET)
    ethnicity = forms.CharField(label=_("Ethnicity (optional)"), max_length=20, required=False)
    hukou_division = DivisionField(
        label=_("Hukou location (optional)"), min_level=PROVINCE, required=False
    )
    political_status = forms.ChoiceField(
        label=_("Political status (optional)"),
        choices=[("", _("Not given")), *PoliticalStatus.choices],
        required=False,
    )

    OPTIONAL = ("ethnicity", "hukou_division", "political_status")

    @classmethod
    def initial_from(cls, resume: Resume) -> dict[str, Any]:
        initial = {name: getattr(resume, name) for name in cls.base_fields}
        initial["phone"] = display_phone(resume.phone)
        return initial

    def changes(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class IntentionForm(forms.Form):
    employment_types = forms.MultipleChoiceField(
        label=_("Employment type"),
        choices=EmploymentType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pay_min = forms.IntegerField(label=_("Expected pay from (yuan a month)"), required=False)
    pay_max = forms.IntegerField(label=_("Expected pay up to (yuan a month)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for slot in range(1, INTENDED_SLOTS + 1):
            label: str | Promise = _("Job category") if slot == 1 else _("Another job category")
            self.fields[f"category_{slot}"] = OccupationField(label=label, required=False)
            label = _("City you want to work in") if slot == 1 else _("Another city")
            self.fields[f"city_{slot}"] = DivisionField(label=label, min_level=CITY, required=False)

    @staticmethod
    def initial_from(resume: Resume) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "employment_types": list(resume.employment_types),
            "pay_min": resume.pay_min,
            "pay_max": resume.pay_max,
        }
        for index, code in enumerate(resume.intended_categories[:INTENDED_SLOTS]):
            initial[f"category_{index + 1}"] = code
        for index, code in enumerate(resume.intended_cities[:INTENDED_SLOTS]):
            initial[f"city_{index + 1}"] = code
        return initial

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        slots = range(1, INTENDED_SLOTS + 1)
        return {
            "intended_categories": [data[f"category_{i}"] for i in slots if data[f"category_{i}"]],
            "intended_cities": [data[f"city_{i}"] for i in slots if data[f"city_{i}"]],
            "employment_types": list(data["employment_types"]),
            "pay_min": data["pay_min"],
            "pay_max": data["pay_max"],
        }


class SkillsForm(forms.Form):
    """Rows of skills, languages and links: the filled rows are kept, empty rows ignored."""

    def __init__(self, *args: Any, resume: Resume, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.skill_rows = max(len(resume.skills) + 3, 6)
        self.language_rows = max(len(resume.languages) + 1, 2)
        self.link_rows = max(len(resume.links) + 1, 2)
        for i in range(self.skill_rows):
            self.fields[f"skill_name_{i}"] = forms.CharField(
                label=_("Skill"), max_length=30, required=False
            )
            self.fields[f"skill_level_{i}"] = forms.ChoiceField(
                label=_("Level"),
                choices=SkillLevel.choices,
                initial=SkillLevel.GOOD,
                required=False,
            )
        for i in range(self.language_rows):
            self.fields[f"language_language_{i}"] = forms.CharField(
                label=_("Language"), max_length=20, required=False
            )
            self.fields[f"language_level_{i}"] = forms.ChoiceField(
                label=_("Level"),
                choices=LanguageLevel.choices,
                initial=LanguageLevel.WORKING,
                required=False,
            )
        for i in range(self.link_rows):
            self.fields[f"link_title_{i}"] = forms.CharField(
                label=_("Title"), max_length=40, required=False
            )
            self.fields[f"link_url_{i}"] = forms.CharField(
                label=_("Web address"), max_length=300, required=False
            )
        for field in self.fields.values():  # shown in a table without <label>s
            field.widget.attrs["aria-label"] = field.label
        if not self.is_bound:
            for i, skill in enumerate(resume.skills):
                self.initial[f"skill_name_{i}"] = skill.get("name", "")
                self.initial[f"skill_level_{i}"] = skill.get("level", "")
            for i, item in enumerate(resume.languages):
                self.initial[f"language_language_{i}"] = item.get("language", "")
                self.initial[f"language_level_{i}"] = item.get("level", "")
            for i, link in enumerate(resume.links):
                self.initial[f"link_title_{i}"] = link.get("title", "")
                self.initial[f"link_url_{i}"] = link.get("url", "")

    def rows(self, kind: str) -> list[tuple[forms.BoundField, forms.BoundField]]:
        count = {"skill": self.skill_rows, "language": self.language_rows, "link": self.link_rows}
        first, second = {
            "skill": ("name", "level"),
            "language": ("language", "level"),
            "link": ("title", "url"),
        }[kind]
        return [
            (self[f"{kind}_{first}_{i}"], self[f"{kind}_{second}_{i}"]) for i in range(count[kind])
        ]

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        skills = [
            {"name": data[f"skill_name_{i}"], "level": data[f"skill_level_{i}"] or SkillLevel.GOOD}
            for i in range(self.skill_rows)
            if data[f"skill_name_{i}"].strip()
        ]
        languages = [
            {
                "language": data[f"language_language_{i}"],
                "level": data[f"language_level_{i}"] or LanguageLevel.WORKING,
            }
            for i in range(self.language_rows)
            if data[f"language_language_{i}"].strip()
        ]
        links = [
            {"title": data[f"link_title_{i}"], "url": data[f"link_url_{i}"]}
            for i in range(self.link_rows)
            if data[f"link_url_{i}"].strip() or data[f"link_title_{i}"].strip()
        ]
        return {"skills": skills, "languages": languages, "links": links}


class AboutForm(forms.Form):
    self_assessment = forms.CharField(
        label=_("Self-assessment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "A few sentences on your strengths and what you are looking for. Employers who "
            "find your resume in search do not see contact details written here."
        ),
    )

    @staticmethod
    def initial_from(resume: Resume) -> dict[str, Any]:
        return {"self_assessment": resume.self_assessment}

    def changes(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


# Labels of the organisation and title fields per section.
ENTRY_LABELS: dict[str, tuple[Promise, Promise]] = {
    EntryKind.WORK: (_("Company"), _("Position")),
    EntryKind.PROJECT: (_("Company or organisation"), _("Project name")),
    EntryKind.EDUCATION: (_("School"), _("Major")),
    EntryKind.TRAINING: (_("Training provider"), _("Course")),
    EntryKind.CERTIFICATE: (_("Issued by"), _("Certificate")),
}


class EntryForm(forms.Form):
    organisation = forms.CharField(max_length=100, required=False)
    title = forms.CharField(max_length=100)
    degree = forms.ChoiceField(
        label=_("Degree"),
        choices=[("", _("No degree")), *Education.choices[1:]],
        required=False,
    )
    start = forms.DateField(
        label=pgettext_lazy("period", "from"), required=False, widget=DATE_WIDGET
    )
    end = forms.DateField(
        label=pgettext_lazy("period", "to"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Leave empty if it is still going on."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        organisation, title = ENTRY_LABELS[kind]
        self.fields["organisation"].label = str(organisation)
        self.fields["title"].label = str(title)
        if kind != EntryKind.EDUCATION:
            del self.fields["degree"]
        if kind == EntryKind.CERTIFICATE:
            self.fields["start"].label = str(_("Obtained on"))
            del self.fields["end"]

    @staticmethod
    def initial_from(entry: ResumeEntry) -> dict[str, Any]:
        return {
            name: getattr(entry, name)
            for name in ("organisation", "title", "degree", "start", "end", "description")
        }

    def data_for_action(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.setdefault("degree", "")
        data.setdefault("end", None)
        return data


def _visibility_choices() -> list[tuple[str, Promise]]:
    return [
        (Visibility.HIDDEN, _("Invisible")),
        (Visibility.EMPLOYERS, _("Visible to verified employers, hidden from headhunters")),
        (Visibility.PUBLIC, _("Visible to verified employers and HR agencies")),
    ]


class VisibilityForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Who may find this resume"),
        choices=_visibility_choices,
        widget=forms.RadioSelect,
    )


class HideByUsccForm(forms.Form):
    uscc = forms.CharField(
        label=_("Unified social credit code"),
        max_length=30,
        help_text=_("18 characters, printed on the business licence."),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (DOCX) or an image (PNG, JPEG, WebP); at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.png,.jpg,.jpeg,.webp"}),
    )
    title = forms.CharField(label=_("Title"), max_length=60, required=False)

    accept = ATTACHMENT_KINDS


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Your CV file"),
        help_text=_(
            "A PDF or Word (DOCX) file with text, at most 10 MB. Nothing is saved until you "
            "confirm the items on the next page; the file itself is not kept."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )

    accept = TEXT_DOCUMENT_KINDS
