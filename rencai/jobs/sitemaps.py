"""Sitemaps of the public pages: published jobs and verified company pages (wired with
``django.contrib.sitemaps`` in rencai/urls.py)."""

from __future__ import annotations

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from rencai.jobs.models import JobPosting
from rencai.jobs.queries import public_postings
from rencai.orgs.models import Organisation
from rencai.orgs.queries import public_organisations


class JobPostingSitemap(Sitemap):  # type: ignore[type-arg]
    """Every posting the public may see (the same query as the job list)."""

    changefreq = "daily"
    priority = 0.8
    limit = 5000

    def items(self) -> QuerySet[JobPosting]:
        return public_postings().order_by("-published_at", "pk")

    def location(self, item: JobPosting) -> str:
        return reverse("jobs:detail", args=[item.pk])

    def lastmod(self, item: JobPosting) -> dt.datetime:
        return item.updated_at


class CompanySitemap(Sitemap):  # type: ignore[type-arg]
    """The public pages of verified organisations."""

    changefreq = "weekly"
    priority = 0.5
    limit = 5000

    def items(self) -> QuerySet[Organisation]:
        return public_organisations().filter(display_suspended=False).order_by("legal_name", "pk")

    def location(self, item: Organisation) -> str:
        return reverse("orgs:company", args=[item.pk])

    def lastmod(self, item: Organisation) -> dt.datetime:
        return item.updated_at


SITEMAPS = {"jobs": JobPostingSitemap, "companies": CompanySitemap}
