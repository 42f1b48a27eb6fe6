"""HTML routes of applications (included at "" by rencai/urls.py)."""

from __future__ import annotations

from django.urls import path

from rencai.applications import views

app_name = "applications"

urlpatterns = [
    path("jobs/<uuid:posting_id>/apply/", views.apply_view, name="apply"),
    path("me/applications/", views.my_applications_view, name="mine"),
    path("me/applications/<uuid:application_id>/", views.my_application_view, name="mine_detail"),
    path(
        "me/applications/<uuid:application_id>/withdraw/",
        views.withdraw_view,
        name="withdraw",
    ),
    path("me/invitations/", views.my_invitations_view, name="invitations"),
    path("me/invitations/<uuid:invitation_id>/", views.invitation_view, name="invitation"),
    path(
        "me/invitations/<uuid:invitation_id>/decline/",
        views.decline_invitation_view,
        name="decline",
    ),
    path("employer/applications/", views.pipeline_list_view, name="pipeline"),
    path("employer/applications/bulk/", views.bulk_view, name="bulk"),
    path("employer/applications/board/<uuid:posting_id>/", views.board_view, name="board"),
    path("employer/applications/<uuid:application_id>/", views.application_view, name="detail"),
    path("employer/applications/<uuid:application_id>/move/", views.move_view, name="move"),
    path("employer/applications/<uuid:application_id>/reject/", views.reject_view, name="reject"),
    path("employer/applications/<uuid:application_id>/notes/", views.note_view, name="note"),
    path("employer/pipeline/", views.stages_view, name="stages"),
    path(
        "employer/pipeline/<uuid:stage_id>/<slug:action>/",
        views.stage_action_view,
        name="stage_action",
    ),
    path("employer/invitations/", views.employer_invitations_view, name="employer_invitations"),
    path("employer/invitations/new/", views.invite_view, name="invite"),
    path(
        "employer/invitations/<uuid:invitation_id>/withdraw/",
        views.withdraw_invitation_view,
        name="withdraw_invitation",
    ),
]
