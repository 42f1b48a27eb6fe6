"""Employer reviews and headhunter ratings (HTML). Included at "" by ``rencai/urls.py``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from rencai.reviews import views

app_name = "reviews"

urlpatterns: list[URLPattern | URLResolver] = [
    path("me/reviews/", views.my_reviews_view, name="mine"),
    path("me/applications/<uuid:application_id>/review/", views.write_view, name="write"),
    path("me/reviews/<uuid:review_id>/edit/", views.edit_view, name="edit"),
    path("me/reviews/<uuid:review_id>/withdraw/", views.withdraw_view, name="withdraw"),
    path("reviews/<uuid:review_id>/", views.detail_view, name="detail"),
    path("reviews/<uuid:review_id>/remove/", views.remove_view, name="remove"),
    path("reviews/<uuid:review_id>/publish/", views.publish_view, name="publish"),
    path("employer/reviews/", views.employer_view, name="employer"),
    path("employer/reviews/<uuid:review_id>/reply/", views.reply_view, name="reply"),
    path("ops/reviews/", views.ops_view, name="ops"),
]
