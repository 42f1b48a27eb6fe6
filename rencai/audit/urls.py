from __future__ import annotations

from django.urls import path

from rencai.audit import views

app_name = "audit"

urlpatterns = [path("ops/audit/", views.events_view, name="events")]
