"""HTML routes of resumes: the seeker's pages under /me/resumes/, /me/hidden-organisations/
and /me/resume-views/, and an organisation's resume page under /employer/resumes/."""

from __future__ import annotations

from django.urls import path

from rencai.resumes import views

app_name = "resumes"

urlpatterns = [
    path("me/resumes/", views.list_view, name="list"),
    path("me/resumes/new/", views.create_view, name="create"),
    path("me/resumes/import/", views.import_view, name="import"),
    path("me/resumes/import/confirm/", views.import_confirm_view, name="import_confirm"),
    path("me/resumes/<uuid:resume_id>/", views.edit_view, name="edit"),
    path("me/resumes/<uuid:resume_id>/import/", views.import_view, name="import_into"),
    path("me/resumes/<uuid:resume_id>/preview/", views.preview_view, name="preview"),
    path("me/resumes/<uuid:resume_id>/visibility/", views.visibility_view, name="visibility"),
    path("me/resumes/<uuid:resume_id>/attachments/", views.attachments_view, name="attachments"),
    path(
        "me/resumes/<uuid:resume_id>/attachments/<uuid:attachment_id>/file/",
        views.attachment_file_view,
        name="attachment_file",
    ),
    path(
        "me/resumes/<uuid:resume_id>/attachments/<uuid:attachment_id>/delete/",
        views.attachment_delete_view,
        name="attachment_delete",
    ),
    path(
        "me/resumes/<uuid:resume_id>/entries/new/<slug:kind>/",
        views.entry_view,
        name="entry_new",
    ),
    path(
        "me/resumes/<uuid:resume_id>/entries/<uuid:entry_id>/",
        views.entry_view,
        name="entry_edit",
    ),
    path(
        "me/resumes/<uuid:resume_id>/entries/<uuid:entry_id>/<slug:action>/",
        views.entry_action_view,
        name="entry_action",
    ),
    path("me/resumes/<uuid:resume_id>/edit/<slug:part>/", views.part_view, name="part"),
    path("me/resumes/<uuid:resume_id>/photo/", views.photo_view, name="photo"),
    path("me/resumes/<uuid:resume_id>/photo/file/", views.photo_file_view, name="photo_file"),
    path(
        "me/resumes/<uuid:resume_id>/<slug:action>/",
        views.resume_action_view,
        name="resume_action",
    ),
    path("me/hidden-organisations/", views.hidden_view, name="hidden"),
    path("me/hidden-organisations/<uuid:hidden_id>/remove/", views.unhide_view, name="unhide"),
    path("me/resume-views/", views.views_view, name="views"),
    path("employer/resumes/<uuid:resume_id>/", views.employer_resume_view, name="employer_resume"),
    path(
        "employer/resumes/<uuid:resume_id>/photo/",
        views.employer_photo_view,
        name="employer_photo",
    ),
    path(
        "employer/resumes/<uuid:resume_id>/download/",
        views.employer_download_view,
        name="employer_download",
    ),
]
