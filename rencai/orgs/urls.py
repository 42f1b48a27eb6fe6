"""Pages of employer and agency staff, and the public company pages."""

from __future__ import annotations

from django.urls import path

from rencai.orgs import views

app_name = "orgs"

urlpatterns = [
    path("orgs/", views.home_view, name="home"),
    path("orgs/new/", views.create_view, name="create"),
    path(
        "orgs/invitations/<uuid:invitation_id>/<str:answer>/",
        views.answer_invitation_view,
        name="answer_invitation",
    ),
    path("orgs/<uuid:org_id>/", views.detail_view, name="detail"),
    path("orgs/<uuid:org_id>/setup/details/", views.edit_registered_view, name="edit_registered"),
    path("orgs/<uuid:org_id>/setup/profile/", views.setup_profile_view, name="setup_profile"),
    path("orgs/<uuid:org_id>/setup/documents/", views.setup_documents_view, name="setup_documents"),
    path("orgs/<uuid:org_id>/setup/authority/", views.setup_authority_view, name="setup_authority"),
    path("orgs/<uuid:org_id>/setup/submit/", views.setup_submit_view, name="setup_submit"),
    path("orgs/<uuid:org_id>/change/", views.change_view, name="change"),
    path("orgs/<uuid:org_id>/reverify/", views.reverify_view, name="reverify"),
    path("orgs/<uuid:org_id>/members/", views.members_view, name="members"),
    path(
        "orgs/<uuid:org_id>/members/<uuid:member_id>/remove/",
        views.remove_member_view,
        name="remove_member",
    ),
    path("orgs/<uuid:org_id>/leave/", views.leave_view, name="leave"),
    path("orgs/<uuid:org_id>/join/", views.join_view, name="join"),
    path("orgs/<uuid:org_id>/logo", views.logo_view, name="logo"),
    path(
        "orgs/<uuid:org_id>/documents/<uuid:document_id>",
        views.document_view,
        name="document",
    ),
    path("companies/", views.companies_view, name="companies"),
    path("companies/<uuid:org_id>/", views.company_view, name="company"),
    path("companies/<uuid:org_id>/logo", views.company_logo_view, name="company_logo"),
]
