from __future__ import annotations

from django.urls import path

from rencai.jobs import rules_views

app_name = "jobs_rules"

urlpatterns = [path("ops/jobs/rules/", rules_views.rules_view, name="rules")]
