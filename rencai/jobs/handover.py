"""Postings move to the successor when their owner leaves the organisation (Seed-000)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rencai.core.actors import Actor
from rencai.jobs.models import JobPosting
from rencai.orgs.models import Membership


@dataclass(frozen=True)
class PostingsHandler:
    key: str = "jobs.postings"
    label: Promise = _("Job postings")

    def count(self, membership: Membership) -> int:
        return JobPosting.objects.filter(owner=membership).count()

    def transfer(self, membership: Membership, successor: Membership, actor: Actor) -> int:
        return JobPosting.objects.filter(owner=membership).update(owner=successor)
