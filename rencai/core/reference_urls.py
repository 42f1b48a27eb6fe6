"""HTML endpoints for reference data; included by the project under the namespace
``reference`` (``reverse("reference:division_options")``)."""

from __future__ import annotations

from django.urls import path

from rencai.core import reference_views

app_name = "reference"

urlpatterns = [
    path(
        "reference/divisions/options",
        reference_views.division_options,
        name="division_options",
    ),
]
