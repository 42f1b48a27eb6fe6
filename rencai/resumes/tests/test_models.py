"""The resume schema collects job-related data only (DIS-09)."""

from __future__ import annotations

from django.db import models

from rencai.resumes.content import EDITABLE_FIELDS
from rencai.resumes.models import PROTECTED_FIELDS, Resume, ResumeEntry

FORBIDDEN = (
    "marital",
    "married",
    "child",
    "pregnan",
    "health",
    "hbv",
    "hepatitis",
    "height",
    "weight",
    "blood",
    "gender",
    "sex",
    "religion",
    "id_number",
    "birth",
    "age",
)


def _names(model: type[models.Model]) -> list[str]:
    return [field.name.lower() for field in model._meta.get_fields()]


def test_dis_09_no_resume_field_for_forbidden_personal_data() -> None:
    for model in (Resume, ResumeEntry):
        for name in _names(model):
            assert not any(word in name for word in FORBIDDEN if word != "age"), name
            assert not name.startswith("age"), name


def test_dis_09_optional_fields_are_listed_as_protected_and_blank_by_default() -> None:
    assert {"ethnicity", "hukou_division", "political_status", "photo"} == PROTECTED_FIELDS
    for name in PROTECTED_FIELDS:
        field = Resume._meta.get_field(name)
        assert field.blank, name


def test_dis_09_editable_fields_are_model_fields_and_include_no_derived_ones() -> None:
    names = set(_names(Resume))
    assert set(EDITABLE_FIELDS) <= names
    assert not {"visibility", "owner", "completeness", "experience_months"} & set(EDITABLE_FIELDS)
