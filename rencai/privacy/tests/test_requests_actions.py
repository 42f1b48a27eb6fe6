"""Rights requests end to end through the actions (PI-12…PI-19): the identity re-check, the
15-working-day deadline across the National Day holiday (PI-18), states and their audit
rows, automatic completion of copy, deletion, cancellation and withdrawal, the operators'
steps, refusals, relatives of deceased users and their posthumous instruction (PI-17),
portability counting (PI-13) and the daily overdue alert."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from PIL import Image

from rencai.accounts.actions import send_reauth_code
from rencai.audit.models import AuditEvent
from rencai.core.actors import Actor, Channel, cli_actor, system_actor
from rencai.core.errors import DomainError
from rencai.files.choices import DOCUMENT_KINDS
from rencai.files.inspect import check_bytes
from rencai.notifications.models import Notification
from rencai.privacy import request_notices
from rencai.privacy import requests as actions
from rencai.privacy.choices import (
    ConsentPurpose,
    ExportAudience,
    ExportStatus,
    PosthumousInstruction,
    RefusalReason,
    RequestKind,
    RequestState,
)
from rencai.privacy.models import DataExport, RightsRequest
from rencai.privacy.queries import consent_states
from rencai.privacy.request_queries import portability_count, queue_counts
from rencai.testing.sms import latest_code

pytestmark = pytest.mark.django_db

ALICE_PHONE = "13800138001"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
# Monday 28 September 2026, 10:00 in Shanghai: three working days before National Day.
BEFORE_NATIONAL_DAY = dt.datetime(2026, 9, 28, 10, 0, tzinfo=SHANGHAI)


def web(user) -> Actor:
    return Actor(user=user, ip="127.0.0.1", channel=Channel.WEB)


def code_for(user) -> str:
    send_reauth_code(user, actor=web(user))
    return latest_code(user.phone.removeprefix("+86"))


def file_request(user, kind: str, **fields) -> RightsRequest:
    """Filed after a recent confirmation in the browser (the code paths have their own
    tests; a second code within a minute is refused as too soon)."""
    return actions.submit_request(user, kind, actor=web(user), identity_confirmed=True, **fields)


def states(request: RightsRequest) -> list[str]:
    return list(
        AuditEvent.objects.filter(
            object_type="privacy.RightsRequest",
            object_id=str(request.pk),
            action__startswith="privacy.rights_request_",
        )
        .order_by("seq")
        .values_list("action", flat=True)
    )


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, "PNG")
    return out.getvalue()


def evidence(name: str = "proof.png"):
    return check_bytes(png(), name, accept=DOCUMENT_KINDS)


# --- deadline, reference, identity ------------------------------------------------------


def test_the_deadline_counts_15_prc_working_days_across_national_day(alice) -> None:
    """Received Mon 28 Sep 2026. Working days by chinese-calendar: 29 and 30 Sep (1, 2);
    1–7 Oct National Day holiday; 8, 9 Oct (3, 4); Sat 10 Oct is a make-up working day (5);
    12–16 Oct (6–10); 19–23 Oct (11–15). Due Friday 23 October 2026."""
    with time_machine.travel(BEFORE_NATIONAL_DAY, tick=False):
        request = actions.submit_request(
            alice,
            RequestKind.EXPLANATION,
            actor=web(alice),
            sms_code=code_for(alice),
            details="为什么给我推荐这些职位？",
        )
    assert request.due_date == dt.date(2026, 10, 23)
    assert request.due_provisional is False
    assert request.reference == "DSR-2026-000001"
    assert request.state == RequestState.RECEIVED
    assert request.identity_verified_at is not None
    event = AuditEvent.objects.get(action="privacy.rights_request_received")
    assert event.after["due_date"] == "2026-10-23"


def test_a_request_late_on_new_years_eve_in_shanghai_counts_from_that_day(alice) -> None:
    # 23:30 in Shanghai on 31 Dec 2026 is still 2026 locally (15:30 UTC).
    with time_machine.travel(dt.datetime(2026, 12, 31, 23, 30, tzinfo=SHANGHAI), tick=False):
        request = file_request(alice, RequestKind.EXPLANATION, details="说明")
    assert request.reference.startswith("DSR-2026-")
    assert request.received_at.astimezone(SHANGHAI).date() == dt.date(2026, 12, 31)


def test_references_are_sequential_per_year(alice, bob) -> None:
    first = file_request(alice, RequestKind.EXPLANATION, details="a")
    second = file_request(bob, RequestKind.EXPLANATION, details="b")
    year = first.received_at.astimezone(SHANGHAI).year
    assert first.reference == f"DSR-{year}-000001"
    assert second.reference == f"DSR-{year}-000002"


def test_filing_needs_a_fresh_sms_code(alice) -> None:
    with pytest.raises(DomainError) as missing:
        actions.submit_request(alice, RequestKind.EXPLANATION, actor=web(alice), details="x")
    assert missing.value.code == "identity_check_required"
    assert "sms_code" in missing.value.fields
    send_reauth_code(alice, actor=web(alice))
    wrong = "000000" if latest_code(ALICE_PHONE) != "000000" else "111111"
    with pytest.raises(DomainError) as invalid:
        actions.submit_request(
            alice, RequestKind.EXPLANATION, actor=web(alice), details="x", sms_code=wrong
        )
    assert invalid.value.code == "code_invalid"
    assert "sms_code" in invalid.value.fields
    assert not RightsRequest.objects.exists()


def test_a_recent_web_confirmation_replaces_the_code(alice) -> None:
    request = actions.submit_request(
        alice, RequestKind.EXPLANATION, actor=web(alice), identity_confirmed=True, details="x"
    )
    assert request.state == RequestState.RECEIVED


@pytest.mark.parametrize(
    ("kind", "fields", "code"),
    [
        ("nonsense", {}, "request_kind_invalid"),
        (RequestKind.CORRECTION, {}, "request_details_required"),
        (RequestKind.PORTABILITY, {"recipient_name": "某公司"}, "request_recipient_required"),
        (RequestKind.WITHDRAWAL, {"consent_purpose": "agreement"}, "consent_not_withdrawable"),
        (RequestKind.WITHDRAWAL, {"consent_purpose": "marketing_sms"}, "request_consent_not_given"),
    ],
)
def test_bad_input_is_refused_before_the_code_is_used(alice, kind, fields, code) -> None:
    send_reauth_code(alice, actor=web(alice))
    sms = latest_code(ALICE_PHONE)
    with pytest.raises(DomainError) as error:
        actions.submit_request(alice, kind, actor=web(alice), sms_code=sms, **fields)
    assert error.value.code == code
    assert not RightsRequest.objects.exists()
    # The code was not spent on a request that could not be filed.
    actions.submit_request(
        alice, RequestKind.EXPLANATION, actor=web(alice), sms_code=sms, details="ok"
    )


def test_one_open_request_per_kind(alice) -> None:
    file_request(alice, RequestKind.EXPLANATION, details="x")
    with pytest.raises(DomainError) as error:
        file_request(alice, RequestKind.EXPLANATION, details="again")
    assert error.value.code == "request_already_open" and error.value.status == 409
    assert RightsRequest.objects.count() == 1


# --- automatic kinds ----------------------------------------------------------------------


def test_a_copy_completes_without_staff_once_the_archive_is_ready(alice) -> None:
    request = file_request(alice, RequestKind.ACCESS)
    export = DataExport.objects.get(request=request)
    assert export.audience == ExportAudience.SELF
    assert export.status == ExportStatus.READY
    assert request.state == RequestState.COMPLETED
    assert request.automatic and request.completed_at is not None
    assert states(request) == [
        "privacy.rights_request_received",
        "privacy.rights_request_in_progress",
        "privacy.rights_request_completed",
    ]
    kinds = set(Notification.objects.filter(recipient=alice).values_list("kind", flat=True))
    assert {request_notices.RECEIVED, request_notices.COMPLETED} <= kinds


def test_a_failed_copy_stays_in_progress_for_an_operator(alice, dana) -> None:
    request = file_request(alice, RequestKind.EXPLANATION, details="x")
    export = DataExport.objects.create(
        user=alice, request=request, status=ExportStatus.FAILED, audience=ExportAudience.SELF
    )
    RightsRequest.objects.filter(pk=request.pk).update(state=RequestState.IN_PROGRESS)
    actions.export_finished(export, actor=system_actor())
    request.refresh_from_db()
    assert request.state == RequestState.IN_PROGRESS
    assert AuditEvent.objects.filter(action="privacy.rights_request_export_failed").count() == 1
    assert Notification.objects.filter(recipient=dana, kind=request_notices.OPERATOR_NEW).exists()


def test_deletion_erases_resume_data_and_completes(alice) -> None:
    from rencai.resumes.models import Resume
    from rencai.testing.applications import sample_resume

    sample_resume(alice)
    assert Resume.objects.filter(owner=alice).exists()
    request = file_request(alice, RequestKind.DELETION)
    assert request.state == RequestState.COMPLETED
    assert not Resume.objects.filter(owner=alice).exists()
    assert states(request)[-1] == "privacy.rights_request_completed"


def test_cancellation_closes_the_account_at_once(alice) -> None:
    request = file_request(alice, RequestKind.CANCELLATION)
    alice.refresh_from_db()
    assert request.state == RequestState.COMPLETED
    assert alice.cancelled_at is not None and not alice.is_active
    assert states(request) == [
        "privacy.rights_request_received",
        "privacy.rights_request_in_progress",
        "privacy.rights_request_completed",
    ]


def test_withdrawal_of_personalised_recommendation_takes_effect(alice) -> None:
    from rencai.privacy.actions import set_optional_consent

    set_optional_consent(
        alice,
        ConsentPurpose.PERSONALISED_RECOMMENDATION,
        True,
        actor=web(alice),
        channel="web",
    )
    request = file_request(
        alice, RequestKind.WITHDRAWAL, consent_purpose=ConsentPurpose.PERSONALISED_RECOMMENDATION
    )
    assert request.state == RequestState.COMPLETED
    assert consent_states(alice.pk)[ConsentPurpose.PERSONALISED_RECOMMENDATION] is False


def test_withdrawal_of_the_real_name_consent_erases_name_and_id(alice) -> None:
    assert alice.real_name
    request = file_request(alice, RequestKind.WITHDRAWAL, consent_purpose=ConsentPurpose.REAL_NAME)
    alice.refresh_from_db()
    assert request.state == RequestState.COMPLETED
    assert alice.real_name == "" and alice.id_number == ""


def test_a_failing_automatic_step_leaves_the_request_received(alice, dana, monkeypatch) -> None:
    import rencai.privacy.erasure as erasure

    def broken(user, *, actor):
        raise DomainError("erasure_broken", "broken")

    monkeypatch.setattr(erasure, "erase_resume_data", broken)
    request = file_request(alice, RequestKind.DELETION)
    assert request.state == RequestState.RECEIVED
    assert states(request) == ["privacy.rights_request_received"]
    assert Notification.objects.filter(recipient=dana, kind=request_notices.OPERATOR_NEW).exists()
    monkeypatch.undo()
    result = actions.start_request(request, actor=web(dana))
    assert result.request.state == RequestState.COMPLETED


# --- manual kinds and the operators' steps -----------------------------------------------


def test_correction_goes_through_the_operator(alice, dana) -> None:
    request = file_request(alice, RequestKind.CORRECTION, details="我的毕业年份写错了")
    assert Notification.objects.filter(recipient=dana, kind=request_notices.OPERATOR_NEW).exists()
    actions.assign_request(request, actor=web(dana))
    actions.verify_request(request, actor=web(dana))
    result = actions.start_request(request, actor=web(dana))
    assert result.recipient_token == ""
    assert result.request.state == RequestState.IN_PROGRESS
    done = actions.complete_request(request, actor=web(dana), response="已更正为2020年。")
    assert done.state == RequestState.COMPLETED and done.response == "已更正为2020年。"
    assert done.assigned_to == dana
    assert states(request) == [
        "privacy.rights_request_received",
        "privacy.rights_request_assigned",
        "privacy.rights_request_verifying",
        "privacy.rights_request_in_progress",
        "privacy.rights_request_completed",
    ]


def test_complete_needs_an_answer_and_the_right_state(alice, dana) -> None:
    request = file_request(alice, RequestKind.EXPLANATION, details="x")
    with pytest.raises(DomainError) as wrong_state:
        actions.complete_request(request, actor=web(dana), response="答复")
    assert wrong_state.value.code == "request_wrong_state"
    actions.start_request(request, actor=web(dana))
    with pytest.raises(DomainError) as empty:
        actions.complete_request(request, actor=web(dana), response="  ")
    assert empty.value.code == "request_response_required"


def test_refusal_records_the_reason(alice, dana) -> None:
    request = file_request(alice, RequestKind.EXPLANATION, details="x")
    with pytest.raises(DomainError) as unknown:
        actions.refuse_request(request, actor=web(dana), reason="because")
    assert unknown.value.code == "refusal_reason_invalid"
    with pytest.raises(DomainError) as unexplained:
        actions.refuse_request(request, actor=web(dana), reason=RefusalReason.OTHER)
    assert unexplained.value.code == "refusal_explanation_required"
    refused = actions.refuse_request(
        request, actor=web(dana), reason=RefusalReason.OTHERS_RIGHTS, explanation="涉及他人信息"
    )
    assert refused.state == RequestState.REFUSED
    assert refused.refusal_reason == RefusalReason.OTHERS_RIGHTS
    event = AuditEvent.objects.get(action="privacy.rights_request_refused")
    assert event.after["refusal_reason"] == "others_rights"
    assert Notification.objects.filter(recipient=alice, kind=request_notices.REFUSED).exists()
    with pytest.raises(DomainError) as closed:
        actions.refuse_request(
            request, actor=web(dana), reason=RefusalReason.OTHER, explanation="x"
        )
    assert closed.value.code == "request_wrong_state"


@pytest.mark.parametrize("persona", ["alice", "oscar", "sam", "audrey", "rita"])
def test_only_data_operators_take_the_steps(request, alice, persona) -> None:
    filed = file_request(alice, RequestKind.EXPLANATION, details="x")
    someone = request.getfixturevalue(persona)
    for step in (actions.assign_request, actions.verify_request, actions.start_request):
        with pytest.raises(DomainError) as error:
            step(filed, actor=web(someone))
        assert error.value.code == "permission_denied"
    filed.refresh_from_db()
    assert filed.state == RequestState.RECEIVED and filed.assigned_to is None


def test_the_requester_withdraws_and_others_cannot(alice, bob) -> None:
    request = file_request(alice, RequestKind.EXPLANATION, details="x")
    with pytest.raises(DomainError) as error:
        actions.withdraw_request(request, actor=web(bob))
    assert error.value.code == "not_found"
    withdrawn = actions.withdraw_request(request, actor=web(alice))
    assert withdrawn.state == RequestState.WITHDRAWN
    assert states(request)[-1] == "privacy.rights_request_withdrawn"
    with pytest.raises(DomainError) as again:
        actions.withdraw_request(request, actor=web(alice))
    assert again.value.code == "request_wrong_state"


def test_portability_is_counted_and_approved_with_a_one_time_token(alice, dana) -> None:
    fields = {"recipient_name": "某人力资源公司", "recipient_contact": "hr@example.com"}
    first = file_request(alice, RequestKind.PORTABILITY, **fields)
    actions.refuse_request(first, actor=web(dana), reason=RefusalReason.NOT_TECHNICALLY_FEASIBLE)
    second = file_request(alice, RequestKind.PORTABILITY, **fields)
    assert portability_count(alice, before=second.received_at) == 1
    result = actions.start_request(second, actor=web(dana))
    assert len(result.recipient_token) >= 32
    export = DataExport.objects.get(request=second)
    assert export.audience == ExportAudience.RECIPIENT
    assert export.recipient_token_hash and result.recipient_token not in export.recipient_token_hash
    assert result.request.state == RequestState.COMPLETED


# --- relatives of deceased users (PI-17) --------------------------------------------------


def relative_request(requester, kind: str, **overrides) -> RightsRequest:
    fields = {
        "deceased_phone": ALICE_PHONE,
        "deceased_name": "王爱丽",
        "relationship": "parent",
        "relative_name": "王建国",
        "death_proof": evidence("death.png"),
        "relationship_proof": evidence("family.png"),
        "details": "整理女儿的遗物",
        "identity_confirmed": True,
    }
    fields.update(overrides)
    return actions.submit_relative_request(requester, kind, actor=web(requester), **fields)


def set_instruction(user, instruction: str) -> None:
    from rencai.privacy.settings_actions import update_privacy_settings

    update_privacy_settings(user, actor=cli_actor(user), posthumous_instruction=instruction)


def test_a_relative_files_with_evidence_and_the_operator_approves_a_copy(alice, bob, dana) -> None:
    request = relative_request(bob, RequestKind.ACCESS)
    assert request.subject == alice and request.requester == bob
    assert request.state == RequestState.RECEIVED and not request.automatic
    assert request.identity_verified_at is None
    assert request.death_proof.purpose == "rights_death_proof"
    assert request.relationship_proof.purpose == "rights_relationship_proof"
    assert Notification.objects.filter(recipient=dana, kind=request_notices.OPERATOR_NEW).exists()
    actions.verify_request(request, actor=web(dana))
    result = actions.start_request(request, actor=web(dana))
    alice.refresh_from_db()
    assert alice.deceased_at is not None
    assert AuditEvent.objects.filter(action="privacy.subject_recorded_deceased").count() == 1
    assert result.recipient_token
    assert DataExport.objects.get(request=request).audience == ExportAudience.RECIPIENT
    assert result.request.state == RequestState.COMPLETED


def test_no_relative_access_instruction_refuses_a_copy(alice, bob, dana) -> None:
    set_instruction(alice, PosthumousInstruction.NO_RELATIVE_ACCESS)
    request = relative_request(bob, RequestKind.ACCESS)
    result = actions.start_request(request, actor=web(dana))
    assert result.request.state == RequestState.REFUSED
    assert result.request.refusal_reason == RefusalReason.POSTHUMOUS_INSTRUCTION
    assert not DataExport.objects.filter(request=request).exists()


def test_delete_instruction_allows_only_deletion(alice, bob, dana) -> None:
    from rencai.resumes.models import Resume
    from rencai.testing.applications import sample_resume

    set_instruction(alice, PosthumousInstruction.DELETE)
    explanation = relative_request(bob, RequestKind.EXPLANATION)
    assert actions.start_request(explanation, actor=web(dana)).request.state == (
        RequestState.REFUSED
    )
    sample_resume(alice)
    deletion = relative_request(bob, RequestKind.DELETION)
    assert actions.start_request(deletion, actor=web(dana)).request.state == (
        RequestState.COMPLETED
    )
    assert not Resume.objects.filter(owner=alice).exists()


def test_without_a_settings_row_relatives_may_ask_for_a_correction(alice, bob, dana) -> None:
    request = relative_request(bob, RequestKind.CORRECTION)
    result = actions.start_request(request, actor=web(dana))
    assert result.request.state == RequestState.IN_PROGRESS


@pytest.mark.parametrize(
    ("kind", "overrides", "code"),
    [
        (RequestKind.CANCELLATION, {}, "relative_kind_not_allowed"),
        ("nonsense", {}, "request_kind_invalid"),
        (RequestKind.ACCESS, {"death_proof": None}, "relative_evidence_required"),
        (RequestKind.ACCESS, {"relationship_proof": None}, "relative_evidence_required"),
        (RequestKind.ACCESS, {"deceased_name": "李四"}, "deceased_not_found"),
        (RequestKind.ACCESS, {"deceased_phone": "13900000000"}, "deceased_not_found"),
        (RequestKind.ACCESS, {"deceased_phone": "12345"}, "phone_invalid"),
        (RequestKind.ACCESS, {"relationship": "friend"}, "relative_relationship_invalid"),
    ],
)
def test_relative_requests_refuse_bad_input(alice, bob, kind, overrides, code) -> None:
    with pytest.raises(DomainError) as error:
        relative_request(bob, kind, **overrides)
    assert error.value.code == code
    assert not RightsRequest.objects.exists()


def test_nobody_files_as_their_own_relative(alice) -> None:
    with pytest.raises(DomainError) as error:
        relative_request(alice, RequestKind.ACCESS)
    assert error.value.code == "deceased_not_found"


# --- overdue alerts -----------------------------------------------------------------------


def test_overdue_requests_are_flagged_once_and_operators_told(alice, dana) -> None:
    with time_machine.travel(BEFORE_NATIONAL_DAY, tick=False):
        request = file_request(alice, RequestKind.EXPLANATION, details="x")
    assert actions.flag_overdue_requests(actor=system_actor(), today=dt.date(2026, 10, 23)) == 0
    assert queue_counts(dt.date(2026, 10, 21))["due_soon"] == 1
    assert actions.flag_overdue_requests(actor=system_actor(), today=dt.date(2026, 10, 26)) == 1
    request.refresh_from_db()
    assert request.overdue_alerted_at is not None
    assert AuditEvent.objects.filter(action="privacy.rights_request_overdue").count() == 1
    assert (
        Notification.objects.filter(recipient=dana, kind=request_notices.OPERATOR_OVERDUE).count()
        == 1
    )
    assert actions.flag_overdue_requests(actor=system_actor(), today=dt.date(2026, 10, 27)) == 0
    assert queue_counts(dt.date(2026, 10, 26)) == {"open": 1, "overdue": 1, "due_soon": 0}
