"""The six-month re-verification clock (VER-05) and the 10-working-day display notice
(VER-07), with time travel."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from rencai.accounts.models import User
from rencai.core.actors import cli_actor
from rencai.core.errors import DomainError
from rencai.notifications.models import Notification
from rencai.orgs import actions
from rencai.orgs.actions.verification import submit_verification
from rencai.orgs.models import Organisation
from rencai.orgs.queries import active_membership, posting_block_reason
from rencai.testing import orgs as seeds

pytestmark = pytest.mark.django_db


def _kinds(user: User) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_warnings_then_flag_then_reverification(
    company_a: Organisation, bob: User, oscar: User
) -> None:
    verified_at = company_a.last_verified_at
    assert verified_at is not None
    due = company_a.reverification_due_at
    assert due == verified_at + dt.timedelta(days=183)
    with time_machine.travel(due - dt.timedelta(days=40), tick=False):
        assert actions.run_org_clock().warned == []
    with time_machine.travel(due - dt.timedelta(days=29), tick=False):
        assert actions.run_org_clock().warned == [str(company_a.pk)]
        assert actions.run_org_clock().warned == [str(company_a.pk)]  # runs again …
    assert _kinds(bob).count("orgs.reverification_soon") == 1  # … but warns once
    with time_machine.travel(due - dt.timedelta(days=6), tick=False):
        actions.run_org_clock()
    assert _kinds(bob).count("orgs.reverification_soon") == 2
    with time_machine.travel(due + dt.timedelta(hours=1), tick=False):
        report = actions.run_org_clock()
        assert report.flagged == [str(company_a.pk)]
        company_a.refresh_from_db()
        assert company_a.reverification_required
        assert posting_block_reason(company_a) == "reverification_required"
        assert "orgs.reverification_required" in _kinds(bob)
        membership = active_membership(bob)
        assert membership is not None
        with pytest.raises(DomainError) as caught:  # the old licence is not enough
            submit_verification(
                company_a, membership, authority_method="letter", actor=cli_actor(bob)
            )
        assert caught.value.code == "document_missing"
        actions.upload_document(
            company_a, "business_licence", seeds.demo_upload("2027"), actor=cli_actor(bob)
        )
        request = submit_verification(
            company_a, membership, authority_method="letter", actor=cli_actor(bob)
        )
        assert request.kind == "reverification"
        seeds.approve(company_a, oscar)
        company_a.refresh_from_db()
        assert posting_block_reason(company_a) is None
        due_again = company_a.reverification_due_at
        assert due_again is not None
        assert due_again > timezone.now() + dt.timedelta(days=180)
        assert company_a.reverification_required is False


def test_display_notice_deadline_counts_working_days(
    company_a: Organisation, oscar: User, bob: User
) -> None:
    notice = actions.issue_display_notice(
        company_a, "请更新企业简介中的经营范围", actor=cli_actor(oscar)
    )
    assert notice.deadline > timezone.localdate()
    assert "orgs.display_notice" in _kinds(bob)
    day_after = dt.datetime.combine(
        notice.deadline + dt.timedelta(days=1), dt.time(3), tzinfo=timezone.get_current_timezone()
    )
    with time_machine.travel(day_after, tick=False):
        report = actions.run_org_clock()
    assert report.suspended == [str(company_a.pk)]
    company_a.refresh_from_db()
    assert company_a.display_suspended
    assert posting_block_reason(company_a) == "display_suspended"
    actions.resolve_display_notice(notice, actor=cli_actor(oscar))
    company_a.refresh_from_db()
    assert not company_a.display_suspended


def test_expired_agency_licence_opens_a_notice(agency: Organisation) -> None:
    licence = agency.agency_licence
    after = dt.datetime.combine(
        licence.valid_until + dt.timedelta(days=1),
        dt.time(3),
        tzinfo=timezone.get_current_timezone(),
    )
    with time_machine.travel(after, tick=False):
        report = actions.run_org_clock()
        assert str(agency.pk) in report.noticed
        assert actions.run_org_clock().noticed == []  # one notice, not one a night


def test_command_runs_the_clock(
    company_a: Organisation, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("run_org_clock")
    assert "flagged 0" in capsys.readouterr().out


def test_nightly_task_runs_the_clock(company_a: Organisation) -> None:
    from rencai.orgs.tasks import org_clock

    due = company_a.reverification_due_at
    assert due is not None
    with time_machine.travel(due + dt.timedelta(hours=1), tick=False):
        org_clock.call_local()
    company_a.refresh_from_db()
    assert company_a.reverification_required
