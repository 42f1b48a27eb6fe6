from __future__ import annotations

from django.urls import path

from rencai.privacy import centre_urls, export_urls, ops_urls, request_urls, views

app_name = "privacy"

urlpatterns = [
    path("legal/review/", views.review_view, name="review"),
    path("legal/<slug:kind>/", views.document_view, name="document"),
    path("legal/<slug:kind>/v/<str:version>/", views.document_view, name="document_version"),
    path("account/consents/", views.consents_view, name="consents"),
    path("account/consents/<slug:purpose>/", views.set_consent_view, name="set_consent"),
    path("ops/legal/", views.publish_view, name="publish"),
    *centre_urls.urlpatterns,
    *request_urls.urlpatterns,
    *export_urls.urlpatterns,
    *ops_urls.urlpatterns,
]
