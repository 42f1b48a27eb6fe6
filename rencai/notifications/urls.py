from __future__ import annotations

from django.urls import path

from rencai.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/read-all/", views.read_all, name="read_all"),
    path(
        "notifications/<uuid:notification_id>/open/",
        views.open_notification,
        name="open",
    ),
    path("account/notifications/", views.preferences_view, name="preferences"),
    path(
        "notifications/unsubscribe/<str:token>/",
        views.unsubscribe_view,
        name="unsubscribe",
    ),
]
