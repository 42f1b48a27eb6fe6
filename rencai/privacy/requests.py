"""Writes of rights requests (PIPL Arts 44–50; PI-12…PI-19).

A person files a request after re-confirming their identity with a fresh SMS code (PI-18);
it gets a reference (``DSR-2026-000123``) and a due date of receipt + 15 PRC working days.
States: received → verifying → in progress → completed or refused (with a reason and the
right to complain or sue, PIPL Art 50), or withdrawn by the requester. Every transition
writes a ``privacy.rights_request_<state>`` audit event and tells the requester.

Copy (access), deletion of resume data, cancellation and withdrawal of a consent complete
without staff (``AUTOMATIC_KINDS``); correction, explanation, portability and every request
of a close relative of a deceased user (PI-17) go to the data operators' queue.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rencai.accounts.choices import Role
from rencai.accounts.models import User
from rencai.audit.actions import record_event
from rencai.core.actors import Actor, Channel
from rencai.core.errors import DomainError, not_found, permission_denied
from rencai.files.choices import DOCUMENT_KINDS
from rencai.files.errors import FileErrorCode, file_error
from rencai.files.inspect import CheckedUpload
from rencai.privacy import request_notices as notices
from rencai.privacy.choices import (
    AUTOMATIC_KINDS,
    OPEN_REQUEST_STATES,
    RELATIVE_KINDS,
    WITHDRAWABLE_PURPOSES,
    ConsentChannel,
    ConsentPurpose,
    ExportAudience,
    ExportStatus,
    PosthumousInstruction,
    RefusalReason,
    RelativeRelationship,
    RequestKind,
    RequestState,
)
from rencai.privacy.errors import PrivacyErrorCode, RequestErrorCode
from rencai.privacy.models import DataExport, RightsRequest
from rencai.privacy.permissions import can_handle_rights_requests
from rencai.privacy.queries import consent_states
from rencai.privacy.request_queries import (
    deadline_for,
    open_request_of,
    overdue_requests,
    posthumous_instruction,
)

logger = logging.getLogger(__name__)

REFERENCE_PREFIX = "DSR"
DEATH_PROOF_PURPOSE = "rights_death_proof"
RELATIONSHIP_PROOF_PURPOSE = "rights_relationship_proof"
MAX_DETAILS = 4000
# What a relative's request may not do under each posthumous instruction (PIPL Art 49).
FORBIDDEN_BY_INSTRUCTION: dict[str, frozenset[str]] = {
    PosthumousInstruction.NONE: frozenset(),
    PosthumousInstruction.NO_RELATIVE_ACCESS: frozenset(
        {RequestKind.ACCESS, RequestKind.CORRECTION, RequestKind.EXPLANATION}
    ),
    PosthumousInstruction.DELETE: frozenset(RELATIVE_KINDS - {RequestKind.DELETION}),
}

_MESSAGES = {
    RequestErrorCode.KIND_INVALID: _("Please choose what you are asking for."),
    RequestErrorCode.ALREADY_OPEN: _(
        "You already have an open request of this kind. Please wait for our answer."
    ),
    RequestErrorCode.WRONG_STATE: _("This request cannot be changed in its current state."),
    RequestErrorCode.IDENTITY_CHECK_REQUIRED: _(
        "Please confirm it is you with the code we send to your mobile number."
    ),
    RequestErrorCode.DETAILS_REQUIRED: _("Please describe what you are asking for."),
    RequestErrorCode.RECIPIENT_REQUIRED: _(
        "Please name the processor that should receive your data and how to reach them."
    ),
    RequestErrorCode.CONSENT_NOT_GIVEN: _(
        "You have not given this consent, or already withdrew it."
    ),
    RequestErrorCode.RELATIVE_KIND: _(
        "A close relative may ask for a copy, a correction, a deletion or an explanation."
    ),
    RequestErrorCode.DECEASED_NOT_FOUND: _(
        "We could not find an account with this mobile number and name."
    ),
    RequestErrorCode.RELATIONSHIP_INVALID: _("Please choose your relationship to the deceased."),
    RequestErrorCode.REASON_INVALID: _("Please choose a reason for the refusal."),
    RequestErrorCode.EXPLANATION_REQUIRED: _("Please explain the reason to the requester."),
    RequestErrorCode.RESPONSE_REQUIRED: _("Please write the answer to the requester."),
    RequestErrorCode.ACCOUNT_CLOSED: _("This account is closed."),
    RequestErrorCode.EVIDENCE_REQUIRED: _(
        "Please upload a proof of death and a proof of your relationship."
    ),
}
_STATUS = {RequestErrorCode.ALREADY_OPEN: 409, RequestErrorCode.WRONG_STATE: 409}


def request_error(code: RequestErrorCode, *, field: str = "") -> DomainError:
    message = _MESSAGES[code]
    return DomainError(
        code.value,
        message,
        fields={field: message} if field else None,
        status=_STATUS.get(code, 400),
    )


@dataclass(frozen=True)
class StartResult:
    """An operator started a request; ``recipient_token`` is the one-time token of a
    portability package (or of a relative's copy), shown once and never stored."""

    request: RightsRequest
    recipient_token: str = ""


# --- filing -------------------------------------------------------------------------------


def _clean(text: str, limit: int) -> str:
    return (text or "").strip()[:limit]


def _check_identity(
    requester: User, *, actor: Actor, sms_code: str, identity_confirmed: bool
) -> None:
    """PI-18: a fresh SMS code (API, or a web form) unless the web session confirmed one
    within ``REAUTH_VALID_MINUTES`` (``identity_confirmed``)."""
    if identity_confirmed:
        return
    code = "".join((sms_code or "").split())
    if not code:
        raise request_error(RequestErrorCode.IDENTITY_CHECK_REQUIRED, field="sms_code")
    from rencai.accounts.actions import confirm_identity

    try:
        confirm_identity(requester, code, actor=actor)
    except DomainError as error:
        first = next(iter(error.fields.values()), error.message)
        error.fields = {"sms_code": first}
        raise


def _next_reference(now: dt.datetime) -> str:
    year = timezone.localdate(now).year
    prefix = f"{REFERENCE_PREFIX}-{year}-"
    last = (
        RightsRequest.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:06d}"


def _create(**fields: object) -> RightsRequest:
    """A new row with the next reference of the year (retried if another request took the
    same number at the same moment)."""
    now = timezone.now()
    due, provisional = deadline_for(timezone.localdate(now))
    for attempt in range(5):
        try:
            with transaction.atomic():
                return RightsRequest.objects.create(
                    reference=_next_reference(now),
                    received_at=now,
                    due_date=due,
                    due_provisional=provisional,
                    **fields,
                )
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def _url(request: RightsRequest) -> str:
    return reverse("privacy:request", args=[request.reference])


def _notify_requester(
    request: RightsRequest, kind: str, *, actor: Actor, sms: bool = False
) -> None:
    from rencai.notifications.actions import notify

    params = {"reference": request.reference}
    if kind == notices.RECEIVED:
        params["due"] = request.due_date.isoformat()
    notify(request.requester, kind, params=params, url=_url(request), sms=sms, actor=actor)


def data_operators() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_grants__role=Role.OPERATOR_DATA,
            role_grants__revoked_at__isnull=True,
        ).distinct()
    )


def _notify_operators(request: RightsRequest, *, actor: Actor) -> None:
    from rencai.notifications.actions import notify_many

    notify_many(
        data_operators(),
        notices.OPERATOR_NEW,
        params={"reference": request.reference, "due": request.due_date.isoformat()},
        url=reverse("privacy:ops_request", args=[request.reference]),
        dedupe_key=f"dsr-new-{request.reference}",
        actor=actor,
    )


def _record(
    request: RightsRequest, state: str, *, actor: Actor, before: str = "", **after: object
) -> None:
    record_event(
        actor,
        f"privacy.rights_request_{state}",
        request,
        before={"state": before} if before else None,
        after={"state": state, "reference": request.reference, "kind": request.kind, **after},
    )


def _validate_kind_fields(
    subject: User,
    kind: str,
    *,
    details: str,
    consent_purpose: str,
    recipient_name: str,
    recipient_contact: str,
) -> None:
    if kind in (RequestKind.CORRECTION, RequestKind.EXPLANATION) and not details:
        raise request_error(RequestErrorCode.DETAILS_REQUIRED, field="details")
    if kind == RequestKind.PORTABILITY and not (recipient_name and recipient_contact):
        field = "recipient_name" if not recipient_name else "recipient_contact"
        raise request_error(RequestErrorCode.RECIPIENT_REQUIRED, field=field)
    if kind == RequestKind.WITHDRAWAL:
        if consent_purpose not in WITHDRAWABLE_PURPOSES:
            message = _(
                "This consent is part of using the platform; to end it, cancel your account."
            )
            raise DomainError(
                PrivacyErrorCode.NOT_WITHDRAWABLE, message, fields={"consent_purpose": message}
            )
        if not consent_states(subject.pk).get(consent_purpose):
            raise request_error(RequestErrorCode.CONSENT_NOT_GIVEN, field="consent_purpose")


def submit_request(
    requester: User,
    kind: str,
    *,
    actor: Actor,
    sms_code: str = "",
    identity_confirmed: bool = False,
    details: str = "",
    consent_purpose: str = "",
    recipient_name: str = "",
    recipient_contact: str = "",
) -> RightsRequest:
    """File a request about one's own data (PI-12…PI-16, PI-19, PI-20).

    The identity is re-checked first (``sms_code``, or ``identity_confirmed`` when the web
    session confirmed a code recently). Automatic kinds are carried out at once; a copy
    completes when its archive is ready (``export_finished``). If an automatic step fails,
    the request stays *received* in the operators' queue. Raises ``request_kind_invalid``,
    ``request_already_open`` (409), ``request_details_required``,
    ``request_recipient_required``, ``consent_not_withdrawable``,
    ``request_consent_not_given``, ``identity_check_required``, ``code_invalid``.
    """
    if kind not in RequestKind.values:
        raise request_error(RequestErrorCode.KIND_INVALID, field="kind")
    if requester.cancelled_at is not None or not requester.is_active:
        raise request_error(RequestErrorCode.ACCOUNT_CLOSED)
    details = _clean(details, MAX_DETAILS)
    recipient_name = _clean(recipient_name, 120) if kind == RequestKind.PORTABILITY else ""
    recipient_contact = _clean(recipient_contact, 200) if kind == RequestKind.PORTABILITY else ""
    consent_purpose = (consent_purpose or "") if kind == RequestKind.WITHDRAWAL else ""
    _validate_kind_fields(
        requester,
        kind,
        details=details,
        consent_purpose=consent_purpose,
        recipient_name=recipient_name,
        recipient_contact=recipient_contact,
    )
    if open_request_of(requester, kind) is not None:
        raise request_error(RequestErrorCode.ALREADY_OPEN, field="kind")
    _check_identity(
        requester, actor=actor, sms_code=sms_code, identity_confirmed=identity_confirmed
    )
    automatic = kind in AUTOMATIC_KINDS
    with transaction.atomic():
        request = _create(
            kind=kind,
            subject=requester,
            requester=requester,
            identity_verified_at=timezone.now(),
            automatic=automatic,
            details=details,
            consent_purpose=consent_purpose,
            recipient_name=recipient_name,
            recipient_contact=recipient_contact,
        )
        _record(
            request,
            RequestState.RECEIVED,
            actor=actor,
            due_date=request.due_date.isoformat(),
            due_provisional=request.due_provisional,
            identity="sms",
        )
        _notify_requester(request, notices.RECEIVED, actor=actor)
        if not automatic:
            _notify_operators(request, actor=actor)
    if automatic:
        try:
            _start(request, actor=actor, by_operator=False)
        except DomainError as error:
            # Left for an operator: the request is received, with its deadline running.
            logger.warning("automatic rights request %s failed: %s", request.reference, error.code)
            with transaction.atomic():
                _notify_operators(request, actor=actor)
        request.refresh_from_db()
    return request


def submit_relative_request(
    requester: User,
    kind: str,
    *,
    actor: Actor,
    deceased_phone: str,
    deceased_name: str,
    relationship: str,
    relative_name: str,
    death_proof: CheckedUpload | None,
    relationship_proof: CheckedUpload | None,
    details: str = "",
    sms_code: str = "",
    identity_confirmed: bool = False,
) -> RightsRequest:
    """A close relative asks about a deceased user's data for their own lawful interests
    (PIPL Art 49, PI-17). The deceased is named by mobile number and name; proofs of death
    and of the relationship are stored privately for the operator, who verifies them. The
    request always goes to the queue; the deceased's posthumous instruction is applied
    when the operator accepts the evidence (``start_request``)."""
    from rencai.accounts.queries import find_user_by_phone
    from rencai.core.phones import normalise_mobile
    from rencai.files.actions import store_checked

    if kind not in RELATIVE_KINDS:
        code = (
            RequestErrorCode.RELATIVE_KIND
            if kind in RequestKind.values
            else RequestErrorCode.KIND_INVALID
        )
        raise request_error(code, field="kind")
    if relationship not in RelativeRelationship.values:
        raise request_error(RequestErrorCode.RELATIONSHIP_INVALID, field="relationship")
    relative_name = _clean(relative_name, 60)
    if not relative_name:
        raise request_error(RequestErrorCode.DETAILS_REQUIRED, field="relative_name")
    details = _clean(details, MAX_DETAILS)
    if kind in (RequestKind.CORRECTION, RequestKind.EXPLANATION) and not details:
        raise request_error(RequestErrorCode.DETAILS_REQUIRED, field="details")
    for field, upload in (("death_proof", death_proof), ("relationship_proof", relationship_proof)):
        if upload is None:
            raise request_error(RequestErrorCode.EVIDENCE_REQUIRED, field=field)
        if upload.kind not in DOCUMENT_KINDS:
            raise file_error(FileErrorCode.TYPE_NOT_ALLOWED, field=field, accept=DOCUMENT_KINDS)
    assert death_proof is not None
    assert relationship_proof is not None
    subject = find_user_by_phone(normalise_mobile(deceased_phone, field="deceased_phone"))
    name = "".join((deceased_name or "").split())
    if (
        subject is None
        or subject.pk == requester.pk
        or not name
        or name not in {"".join(subject.real_name.split()), "".join(subject.display_name.split())}
    ):
        raise request_error(RequestErrorCode.DECEASED_NOT_FOUND, field="deceased_phone")
    if RightsRequest.objects.filter(
        subject=subject, requester=requester, kind=kind, state__in=OPEN_REQUEST_STATES
    ).exists():
        raise request_error(RequestErrorCode.ALREADY_OPEN, field="kind")
    _check_identity(
        requester, actor=actor, sms_code=sms_code, identity_confirmed=identity_confirmed
    )
    with transaction.atomic():
        death_file = store_checked(
            death_proof, purpose=DEATH_PROOF_PURPOSE, owner=requester, actor=actor
        )
        relationship_file = store_checked(
            relationship_proof, purpose=RELATIONSHIP_PROOF_PURPOSE, owner=requester, actor=actor
        )
        request = _create(
            kind=kind,
            subject=subject,
            requester=requester,
            details=details,
            relative_relationship=relationship,
            relative_name=relative_name,
            death_proof=death_file,
            relationship_proof=relationship_file,
        )
        _record(
            request,
            RequestState.RECEIVED,
            actor=actor,
            due_date=request.due_date.isoformat(),
            due_provisional=request.due_provisional,
            identity="sms",
            by_relative=True,
            relationship=relationship,
            subject=str(subject.pk),
        )
        _notify_requester(request, notices.RECEIVED, actor=actor)
        _notify_operators(request, actor=actor)
    return request


# --- carrying a request out ---------------------------------------------------------------


def _locked(request: RightsRequest) -> RightsRequest:
    return (
        RightsRequest.objects.select_for_update()
        .select_related("subject", "requester")
        .get(pk=request.pk)
    )


def _set_state(request: RightsRequest, state: str, *, actor: Actor, **fields: object) -> None:
    before = request.state
    request.state = state
    for name, value in fields.items():
        setattr(request, name, value)
    request.save(update_fields=["state", *fields, "updated_at"])
    extra = {
        key: (value.isoformat() if hasattr(value, "isoformat") else value)
        for key, value in fields.items()
        if key in ("refusal_reason", "completed_at")
    }
    _record(request, state, actor=actor, before=before, **extra)


def _consent_channel(actor: Actor) -> str:
    return {
        Channel.WEB: ConsentChannel.WEB,
        Channel.API: ConsentChannel.API,
        Channel.CLI: ConsentChannel.CLI,
    }.get(actor.channel, ConsentChannel.SYSTEM)


def _withdraw_consent(request: RightsRequest, *, actor: Actor) -> None:
    """As the consents page does: withdrawing the real-name consent erases the name and ID
    number; other purposes stop their processing where it reads the consent (PI-20)."""
    from rencai.accounts.actions import withdraw_real_name
    from rencai.privacy.actions import withdraw_consent

    if request.consent_purpose == ConsentPurpose.REAL_NAME:
        withdraw_real_name(request.subject, actor=actor)
    else:
        withdraw_consent(
            request.subject,
            request.consent_purpose,
            actor=actor,
            channel=_consent_channel(actor),
        )


def _complete(request: RightsRequest, *, actor: Actor, response: str = "") -> None:
    _set_state(
        request,
        RequestState.COMPLETED,
        actor=actor,
        completed_at=timezone.now(),
        response=response,
    )
    _notify_requester(request, notices.COMPLETED, actor=actor, sms=True)


def _refuse(request: RightsRequest, reason: str, explanation: str, *, actor: Actor) -> None:
    _set_state(
        request,
        RequestState.REFUSED,
        actor=actor,
        completed_at=timezone.now(),
        refusal_reason=reason,
        response=explanation,
    )
    _notify_requester(request, notices.REFUSED, actor=actor, sms=True)


def _mark_deceased(subject: User, request: RightsRequest, *, actor: Actor) -> None:
    if subject.deceased_at is not None:
        return
    subject.deceased_at = timezone.now()
    subject.save(update_fields=["deceased_at"])
    record_event(
        actor,
        "privacy.subject_recorded_deceased",
        subject,
        after={"request": request.reference, "relationship": request.relative_relationship},
    )


def _carry_out(request: RightsRequest, *, actor: Actor) -> str:
    """Do what the request asks, in the caller's transaction; complete it when done.
    Returns a portability (or relative's copy) token, shown once."""
    kind, subject = request.kind, request.subject
    if kind == RequestKind.ACCESS and not request.by_relative:
        from rencai.privacy.exports import request_export

        request_export(subject, actor=actor, request=request)
        return ""
    if kind == RequestKind.PORTABILITY or (kind == RequestKind.ACCESS and request.by_relative):
        from rencai.privacy.exports import issue_recipient_token, request_export

        export = request_export(
            subject, actor=actor, request=request, audience=ExportAudience.RECIPIENT
        )
        return issue_recipient_token(export, actor=actor)
    if kind == RequestKind.DELETION:
        from rencai.privacy.erasure import erase_resume_data

        erase_resume_data(subject, actor=actor)
        _complete(request, actor=actor)
    elif kind == RequestKind.CANCELLATION:
        from rencai.accounts.actions import cancel_account

        cancel_account(subject, actor=actor, rights_request=request)
        _complete(request, actor=actor)
    elif kind == RequestKind.WITHDRAWAL:
        _withdraw_consent(request, actor=actor)
        _complete(request, actor=actor)
    return ""


def _start(request: RightsRequest, *, actor: Actor, by_operator: bool) -> StartResult:
    with transaction.atomic():
        request = _locked(request)
        if request.state not in (RequestState.RECEIVED, RequestState.VERIFYING):
            raise request_error(RequestErrorCode.WRONG_STATE)
        fields: dict[str, object] = {}
        if request.identity_verified_at is None:
            fields["identity_verified_at"] = timezone.now()
        if by_operator and request.assigned_to_id is None and actor.user is not None:
            fields["assigned_to"] = actor.user
        _set_state(request, RequestState.IN_PROGRESS, actor=actor, **fields)
        if by_operator:
            _notify_requester(request, notices.IN_PROGRESS, actor=actor)
        if request.by_relative:
            _mark_deceased(request.subject, request, actor=actor)
            instruction = posthumous_instruction(request.subject)
            if request.kind in FORBIDDEN_BY_INSTRUCTION.get(instruction, frozenset()):
                _refuse(request, RefusalReason.POSTHUMOUS_INSTRUCTION, "", actor=actor)
                return StartResult(request)
            if request.kind not in (RequestKind.ACCESS, RequestKind.DELETION):
                return StartResult(request)
        elif (
            not by_operator
            and request.kind not in AUTOMATIC_KINDS
            or by_operator
            and request.kind not in AUTOMATIC_KINDS | {RequestKind.PORTABILITY}
        ):
            return StartResult(request)
        token = _carry_out(request, actor=actor)
    request.refresh_from_db()
    return StartResult(request, token)


# --- the operators' steps -----------------------------------------------------------------


def _ensure_handler(actor: Actor) -> User:
    if actor.user is None or not can_handle_rights_requests(actor.user):
        raise permission_denied()
    return actor.user


def assign_request(
    request: RightsRequest, *, actor: Actor, assignee: User | None = None
) -> RightsRequest:
    """Give an open request to a data operator (by default the acting one)."""
    operator = _ensure_handler(actor)
    assignee = assignee or operator
    if not can_handle_rights_requests(assignee):
        raise permission_denied()
    with transaction.atomic():
        request = _locked(request)
        if request.state not in OPEN_REQUEST_STATES:
            raise request_error(RequestErrorCode.WRONG_STATE)
        before = str(request.assigned_to_id) if request.assigned_to_id else None
        request.assigned_to = assignee
        request.save(update_fields=["assigned_to", "updated_at"])
        record_event(
            actor,
            "privacy.rights_request_assigned",
            request,
            before={"assigned_to": before},
            after={"assigned_to": str(assignee.pk), "reference": request.reference},
        )
    return request


def verify_request(request: RightsRequest, *, actor: Actor) -> RightsRequest:
    """An operator starts checking the identity, the evidence (relatives) or whether a
    transfer is feasible (portability): received → verifying."""
    operator = _ensure_handler(actor)
    with transaction.atomic():
        request = _locked(request)
        if request.state != RequestState.RECEIVED:
            raise request_error(RequestErrorCode.WRONG_STATE)
        fields: dict[str, object] = {}
        if request.assigned_to_id is None:
            fields["assigned_to"] = operator
        _set_state(request, RequestState.VERIFYING, actor=actor, **fields)
    return request


def start_request(request: RightsRequest, *, actor: Actor) -> StartResult:
    """The operator accepts the identity / evidence / feasibility: → in progress.

    For a relative's request the subject is recorded as deceased and their posthumous
    instruction applied (a forbidden kind is refused with ``posthumous_instruction``); a
    copy or deletion is then carried out. Portability (and a relative's copy) builds a
    package for the recipient and returns its one-time token.
    """
    _ensure_handler(actor)
    return _start(request, actor=actor, by_operator=True)


def complete_request(request: RightsRequest, *, actor: Actor, response: str) -> RightsRequest:
    """The operator answers a request in progress (correction done, explanation given…)."""
    _ensure_handler(actor)
    response = _clean(response, MAX_DETAILS)
    if not response:
        raise request_error(RequestErrorCode.RESPONSE_REQUIRED, field="response")
    with transaction.atomic():
        request = _locked(request)
        if request.state != RequestState.IN_PROGRESS:
            raise request_error(RequestErrorCode.WRONG_STATE)
        _complete(request, actor=actor, response=response)
    return request


def refuse_request(
    request: RightsRequest, *, actor: Actor, reason: str, explanation: str = ""
) -> RightsRequest:
    """Refuse an open request with a reason from ``RefusalReason`` (``other`` needs an
    explanation). The requester's notice names the right to complain or sue (PIPL Art 50)."""
    _ensure_handler(actor)
    if reason not in RefusalReason.values:
        raise request_error(RequestErrorCode.REASON_INVALID, field="reason")
    explanation = _clean(explanation, MAX_DETAILS)
    if reason == RefusalReason.OTHER and not explanation:
        raise request_error(RequestErrorCode.EXPLANATION_REQUIRED, field="explanation")
    with transaction.atomic():
        request = _locked(request)
        if request.state not in OPEN_REQUEST_STATES:
            raise request_error(RequestErrorCode.WRONG_STATE)
        _refuse(request, reason, explanation, actor=actor)
    return request


def withdraw_request(request: RightsRequest, *, actor: Actor) -> RightsRequest:
    """The requester withdraws an open request (404 for anyone else)."""
    if actor.user is None or actor.user.pk != request.requester_id:
        raise not_found()
    with transaction.atomic():
        request = _locked(request)
        if request.state not in OPEN_REQUEST_STATES:
            raise request_error(RequestErrorCode.WRONG_STATE)
        _set_state(request, RequestState.WITHDRAWN, actor=actor, completed_at=timezone.now())
        _notify_requester(request, notices.WITHDRAWN, actor=actor)
    return request


# --- callbacks and the daily check --------------------------------------------------------


def export_finished(export: DataExport, *, actor: Actor) -> RightsRequest | None:
    """Called by the export task when ``export`` is ready (or failed): a copy or a
    portability package completes its request. A failed export leaves the request in
    progress for an operator (audited ``privacy.rights_request_export_failed``)."""
    if export.request_id is None:
        return None
    with transaction.atomic():
        request = (
            RightsRequest.objects.select_for_update()
            .select_related("requester")
            .get(pk=export.request_id)
        )
        if request.state != RequestState.IN_PROGRESS:
            return request
        if export.status == ExportStatus.READY:
            _complete(request, actor=actor)
        elif export.status == ExportStatus.FAILED:
            record_event(
                actor,
                "privacy.rights_request_export_failed",
                request,
                after={"reference": request.reference, "export": str(export.pk)},
            )
            _notify_operators(request, actor=actor)
    return request


def flag_overdue_requests(*, actor: Actor, today: dt.date | None = None) -> int:
    """Daily: open requests past their due date not yet flagged get ``overdue_alerted_at``
    (audited ``privacy.rights_request_overdue``); data operators are told once per run."""
    from rencai.notifications.actions import notify_many

    now = timezone.now()
    with transaction.atomic():
        overdue = list(
            overdue_requests(today).filter(overdue_alerted_at__isnull=True).select_for_update()
        )
        for request in overdue:
            request.overdue_alerted_at = now
            request.save(update_fields=["overdue_alerted_at", "updated_at"])
            record_event(
                actor,
                "privacy.rights_request_overdue",
                request,
                after={"reference": request.reference, "due_date": request.due_date.isoformat()},
            )
        if overdue:
            notify_many(
                data_operators(),
                notices.OPERATOR_OVERDUE,
                params={"count": str(len(overdue))},
                url=reverse("privacy:ops_requests") + "?overdue=1",
                dedupe_key=f"dsr-overdue-{timezone.localdate(now).isoformat()}",
                actor=actor,
            )
    return len(overdue)
