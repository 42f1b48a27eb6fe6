from __future__ import annotations

from django.urls import path

from rencai.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("about/licences/", views.licences, name="licences"),
    path("dev/outbox/", views.dev_outbox, name="dev_outbox"),
    path("ops/", views.ops_dashboard, name="ops_dashboard"),
    path("ops/holidays/", views.holidays, name="holidays"),
]
