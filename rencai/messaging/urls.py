"""HTML routes of conversations and interviews (included at "" by rencai/urls.py)."""

from __future__ import annotations

from django.urls import path
from django.views.generic import RedirectView

from rencai.messaging import views

app_name = "messaging"

urlpatterns = [
    path("messages/", views.inbox_view, name="inbox"),
    path(
        "messages/open/<slug:kind>/<uuid:subject_id>/",
        views.open_view,
        name="open",
    ),
    path("messages/<uuid:conversation_id>/", views.conversation_view, name="conversation"),
    path("messages/<uuid:conversation_id>/send/", views.send_view, name="send"),
    path("messages/<uuid:conversation_id>/check/", views.composer_check_view, name="check"),
    path(
        "messages/<uuid:conversation_id>/attachments/<uuid:message_id>/",
        views.attachment_view,
        name="attachment",
    ),
    path(
        "messages/<uuid:conversation_id>/<slug:action>/",
        views.conversation_action_view,
        name="conversation_action",
    ),
    path("interviews/", views.seeker_interviews_view, name="seeker_interviews"),
    path("interviews/<uuid:interview_id>/", views.seeker_interview_view, name="seeker_interview"),
    path("interviews/<uuid:interview_id>/calendar.ics", views.seeker_ics_view, name="seeker_ics"),
    path("employer/interviews/", views.employer_interviews_view, name="employer_interviews"),
    path(
        "employer/interviews/<uuid:interview_id>/",
        views.employer_interview_view,
        name="employer_interview",
    ),
    path(
        "employer/interviews/<uuid:interview_id>/calendar.ics",
        views.employer_ics_view,
        name="employer_ics",
    ),
    path(
        "employer/applications/<uuid:application_id>/interviews/new/",
        views.new_interview_view,
        name="new_interview",
    ),
    path("employer/interview-templates/", views.templates_view, name="templates"),
    path("employer/interview-templates/new/", views.template_form_view, name="template_new"),
    path(
        "employer/interview-templates/<uuid:template_id>/",
        views.template_form_view,
        name="template_edit",
    ),
    path(
        "employer/interview-templates/<uuid:template_id>/delete/",
        views.template_delete_view,
        name="template_delete",
    ),
    # Reports of conversations are in the trust & safety queue now (rencai.moderation).
    path(
        "ops/conversation-reports/",
        RedirectView.as_view(url="/ops/reports/", permanent=True),
        name="reports",
    ),
]
