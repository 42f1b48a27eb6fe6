"""Deletion of resume data (PI-15, RET-06) and the erasure's rules (catalogue-driven)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rencai.accounts.models import User
from rencai.audit.archive_verify import verify_archive
from rencai.audit.models import ArchiveRecord, AuditEvent
from rencai.core.actors import cli_actor, system_actor
from rencai.core.errors import DomainError
from rencai.files.actions import private_storage
from rencai.files.models import StoredFile
from rencai.jobs.models import JobPosting
from rencai.orgs.models import Organisation
from rencai.privacy.catalogue import CATALOGUE, Erase
from rencai.privacy.erasure import archive_days, erase_account, erase_resume_data
from rencai.privacy.models import RetentionRule
from rencai.resumes import actions as resume_actions
from rencai.resumes.models import HiddenOrganisation, Resume, ResumeEntry, ResumeView
from rencai.search import indexing
from rencai.search.backends import get_resume_backend
from rencai.testing import applications as application_seeds
from rencai.testing import jobs as job_seeds
from rencai.testing import orgs as org_seeds
from rencai.testing.resumes import cv_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def company_a(db: None) -> Organisation:
    return org_seeds.build_org(org_seeds.COMPANY_A)


@pytest.fixture
def posting(company_a: Organisation, bob: User, oscar: User) -> JobPosting:
    return job_seeds.publish(company_a, bob, oscar)


def test_erase_resume_data_keeps_applications(
    alice: User, bob: User, posting: JobPosting, company_a: Organisation
) -> None:
    from rencai.applications import actions as application_actions

    resume = application_seeds.sample_resume(alice)
    attachment = resume_actions.add_attachment(
        resume,
        SimpleUploadedFile("cv.pdf", cv_pdf(), content_type="application/pdf"),
        actor=cli_actor(alice),
    )
    blob = attachment.file.storage_name
    HiddenOrganisation.objects.create(owner=alice, uscc="91440300MA5G000000", name="某公司")
    application = application_seeds.apply(alice, posting, resume)
    application_actions.mark_seen(application, actor=cli_actor(bob))
    view = ResumeView.objects.get(resume=resume)
    indexing.index_resumes_now([resume.pk])
    assert str(resume.pk) in get_resume_backend().stamps()

    report = erase_resume_data(alice, actor=system_actor())

    assert not Resume.objects.filter(owner=alice).exists()
    assert not ResumeEntry.objects.filter(resume_id=resume.pk).exists()
    assert not HiddenOrganisation.objects.filter(owner=alice).exists()
    assert not StoredFile.objects.filter(pk=attachment.file_id).exists()
    assert not private_storage().exists(blob)
    assert str(resume.pk) not in get_resume_backend().stamps()
    # the application and its snapshot stay with the organisation
    application.refresh_from_db()
    assert application.snapshot and application.resume_id is None
    # the resume view went with the resume; its service-record subset is archived first
    record = ArchiveRecord.objects.get(source_type="resumes.ResumeView", source_id=str(view.pk))
    assert record.payload["organisation_id"] == str(company_a.pk)
    assert report.deleted["resumes.Resume"] == 1 and report.files_deleted == 1
    assert report.archived["resumes.ResumeView"] == 1
    alice.refresh_from_db()
    assert alice.is_active and alice.erased_at is None and alice.phone
    assert AuditEvent.objects.filter(action="privacy.resume_data_erased").exists()
    assert verify_archive().ok


def test_erase_account_needs_a_cancellation(alice: User) -> None:
    with pytest.raises(DomainError) as caught:
        erase_account(alice, actor=system_actor())
    assert caught.value.code == "erasure_account_active"


def test_archive_days_follow_the_retention_rule() -> None:
    RetentionRule.objects.filter(category="service_record").delete()
    assert archive_days("service_record") == 1095
    RetentionRule.objects.create(
        category="service_record",
        label="服务记录",
        trigger="service_end",
        min_days=1200,
        action="purge_archive",
    )
    assert archive_days("service_record") == 1200


def test_every_archive_entry_names_existing_fields() -> None:
    """Archive and personal fields exist on their models (a ``*_hash`` not on the model is
    derived from the field it names)."""
    from django.apps import apps

    for entry in CATALOGUE:
        model = apps.get_model(entry.model)
        names = {f.name for f in model._meta.get_fields()} | {
            f.attname for f in model._meta.concrete_fields
        }
        for name in entry.personal_fields:
            assert name in names, (entry.model, name)
        if entry.erase == Erase.ARCHIVE:
            for name in entry.archive_fields:
                base = name.removesuffix("_hash")
                assert name in names or base in names, (entry.model, name)
