"""The data catalogue is complete and consistent (PI-12, PI-15): every model that links to a
user is either catalogued or listed as not personal with a reason, and every entry names
real fields, a working path to its person, a seeded retention rule and a real page."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.urls import NoReverseMatch, reverse

from rencai.privacy.catalogue import CATALOGUE, NOT_PERSONAL, Erase
from rencai.privacy.models import RetentionRule


def _models_linking_to_users() -> set[str]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = set()
    for model in apps.get_models():
        if not model.__module__.startswith("rencai."):
            continue
        if model is user_model or any(
            field.concrete and getattr(field, "related_model", None) is user_model
            for field in model._meta.get_fields()
        ):
            found.add(model._meta.label)
    return found


def test_every_model_linking_to_a_user_is_catalogued_or_excused() -> None:
    catalogued = {entry.model for entry in CATALOGUE}
    missing = _models_linking_to_users() - catalogued - set(NOT_PERSONAL)
    assert not missing, f"add these models to privacy.catalogue: {sorted(missing)}"
    assert not catalogued & set(NOT_PERSONAL)
    assert len(catalogued) == len(CATALOGUE), "one entry per model"


def test_excuses_name_real_models_with_a_reason() -> None:
    for label, reason in NOT_PERSONAL.items():
        apps.get_model(label)
        assert len(reason) > 10


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda entry: entry.model)
def test_entries_name_real_fields_and_paths(entry) -> None:
    model = apps.get_model(entry.model)
    for name in (*entry.fields, *entry.personal_fields, *entry.masked_fields):
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            pytest.fail(f"{entry.model} has no field {name}")
    for name in entry.archive_fields:
        if name.endswith("_hash"):
            continue  # derived at archiving time (e.g. body_hash)
        model._meta.get_field(name.removesuffix("_id") if name.endswith("_id") else name)
    assert set(entry.masked_fields) <= set(entry.fields)
    model._meta.get_field(entry.since_field)
    # The path to the person is a valid lookup (no query needed to prove it).
    str(model.objects.filter(**{entry.owner_path: "00000000-0000-0000-0000-000000000000"}).query)
    if entry.erase in (Erase.ARCHIVE,):
        assert entry.archive_fields, f"{entry.model} archives without saying what"


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda entry: entry.model)
def test_correction_pages_exist(entry) -> None:
    try:
        reverse(entry.correct_url)
    except NoReverseMatch:
        pytest.fail(f"{entry.model}: no page {entry.correct_url}")


@pytest.mark.django_db
def test_every_retention_category_has_a_seeded_rule() -> None:
    seeded = set(RetentionRule.objects.values_list("category", flat=True))
    assert {entry.retention for entry in CATALOGUE} <= seeded
