"""Fixtures of the resumes tests: Alice's resume, the three demo organisations, and an
application or accepted invitation written directly (the applications app has its own
actions and tests; here only the rows matter)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from rencai.accounts.models import User
from rencai.applications.choices import ApplicationStatus, InvitationStatus, StageKind
from rencai.applications.models import Application, ApplyInvitation, PipelineStage
from rencai.jobs.models import JobPosting
from rencai.orgs.models import Organisation
from rencai.resumes.models import Resume
from rencai.testing import jobs as job_seeds
from rencai.testing import orgs as org_seeds
from rencai.testing import resumes as resume_seeds


@pytest.fixture
def company_a(bob: User) -> Organisation:
    return org_seeds.build_org(org_seeds.COMPANY_A)


@pytest.fixture
def company_b(dave: User) -> Organisation:
    return org_seeds.build_org(org_seeds.COMPANY_B)


@pytest.fixture
def agency(carol: User) -> Organisation:
    return org_seeds.build_org(org_seeds.AGENCY)


@pytest.fixture
def resume(alice: User) -> Resume:
    return resume_seeds.build_resume(alice)


@pytest.fixture
def posting_a(company_a: Organisation, bob: User, oscar: User) -> JobPosting:
    return job_seeds.publish(company_a, bob, oscar)


def _stage(org: Organisation) -> PipelineStage:
    stage, _created = PipelineStage.objects.get_or_create(
        organisation=org, kind=StageKind.NEW, defaults={"name": "新投递", "position": 0}
    )
    return stage


@pytest.fixture
def send_application(oscar: User) -> Callable[..., Application]:
    def send(
        resume: Resume,
        org: Organisation,
        poster: User,
        posting: JobPosting | None = None,
        **fields: object,
    ) -> Application:
        posting = posting or job_seeds.publish(org, poster, oscar)
        return Application.objects.create(
            seeker=resume.owner,
            resume=resume,
            posting=posting,
            organisation=org,
            stage=_stage(org),
            snapshot={"v": 1},
            consent_recipient=org.legal_name,
            consent_recipient_uscc=org.uscc,
            consent_text_hash="0" * 64,
            consented_at=timezone.now(),
            **{"status": ApplicationStatus.ACTIVE, **fields},
        )

    return send


@pytest.fixture
def accept_invitation(oscar: User) -> Callable[..., ApplyInvitation]:
    def accept(
        resume: Resume, org: Organisation, poster: User, **fields: object
    ) -> ApplyInvitation:
        posting = job_seeds.publish(org, poster, oscar)
        return ApplyInvitation.objects.create(
            organisation=org,
            posting=posting,
            resume=resume,
            seeker=resume.owner,
            invited_by=poster,
            expires_at=timezone.now() + dt.timedelta(days=14),
            **{"status": InvitationStatus.ACCEPTED, **fields},
        )

    return accept
