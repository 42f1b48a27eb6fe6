from __future__ import annotations

from django.urls import path

from rencai.core import compliance_views, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("about/licences/", views.licences, name="licences"),
    path("dev/outbox/", views.dev_outbox, name="dev_outbox"),
    path("ops/", views.ops_dashboard, name="ops_dashboard"),
    path("ops/holidays/", views.holidays, name="holidays"),
    path(
        "ops/compliance-calendar/",
        compliance_views.compliance_calendar,
        name="compliance_calendar",
    ),
    path(
        "ops/compliance-calendar/service-end/",
        compliance_views.service_end,
        name="service_end",
    ),
]
