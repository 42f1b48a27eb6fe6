"""REST endpoints of rights requests: the person's own (``/me/privacy/requests``) and the
data operators' queue (``/operator/privacy/requests``). Same actions and queries as the
HTML pages (PI-12…PI-19)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from rencai.accounts.models import User
from rencai.core.api_support import AUTH, ERRORS, Page, api_actor, paginate
from rencai.core.errors import permission_denied
from rencai.privacy import request_queries as queries
from rencai.privacy import requests as actions
from rencai.privacy.choices import PiAccessPurpose, RequestKind
from rencai.privacy.models import RightsRequest
from rencai.privacy.permissions import can_handle_rights_requests
from rencai.privacy.request_schemas import (
    CompleteIn,
    EventOut,
    OpsRequestDetailOut,
    OpsRequestOut,
    RefuseIn,
    RequestDetailOut,
    RequestIn,
    RequestOut,
    TimelineOut,
)

requests_router = Router(tags=["rights requests"], auth=AUTH)
ops_requests_router = Router(tags=["rights requests (operators)"], auth=AUTH)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


# --- the person's own requests --------------------------------------------------------------


def _detail(rights_request: RightsRequest) -> RequestDetailOut:
    return RequestDetailOut(
        **RequestOut.build(rights_request).model_dump(),
        timeline=[
            TimelineOut(state=str(step["state"]), at=step["at"])
            for step in queries.requester_timeline(rights_request)
        ],
    )


@requests_router.get("", response={200: Page[RequestOut], **ERRORS}, summary="My requests")
def my_requests(request: HttpRequest, page: int = 1, page_size: int = 20) -> Page[RequestOut]:
    rows, total, page, page_size = paginate(
        queries.requests_of(_user(request)).prefetch_related("exports"), page, page_size
    )
    return Page(
        items=[RequestOut.build(r) for r in rows], total=total, page=page, page_size=page_size
    )


@requests_router.post("", response={201: RequestDetailOut, **ERRORS}, summary="File a request")
def file_request(request: HttpRequest, payload: RequestIn) -> Status[RequestDetailOut]:
    """Re-check the identity with ``sms_code`` (send it with ``POST /me/reauth-code``).
    ``access``, ``deletion``, ``cancellation`` and ``withdrawal`` are carried out at once
    (a copy completes when its archive is ready); the others go to a data operator. Due
    15 PRC working days after receipt (PI-18). 400 ``request_kind_invalid``,
    ``identity_check_required``, ``code_invalid``, ``request_details_required``,
    ``request_recipient_required``, ``consent_not_withdrawable``,
    ``request_consent_not_given``; 409 ``request_already_open``. A relative's request
    (PI-17) needs uploads: file it on the web page."""
    filed = actions.submit_request(
        _user(request),
        payload.kind,
        actor=api_actor(request),
        sms_code=payload.sms_code,
        details=payload.details,
        consent_purpose=payload.consent_purpose,
        recipient_name=payload.recipient_name,
        recipient_contact=payload.recipient_contact,
    )
    return Status(201, _detail(filed))


@requests_router.get(
    "/{reference}", response={200: RequestDetailOut, **ERRORS}, summary="One of my requests"
)
def my_request(request: HttpRequest, reference: str) -> RequestDetailOut:
    return _detail(queries.request_of(_user(request), reference))


@requests_router.post(
    "/{reference}/withdraw", response={200: RequestDetailOut, **ERRORS}, summary="Withdraw"
)
def withdraw(request: HttpRequest, reference: str) -> RequestDetailOut:
    """Close an open request; what was already done is not undone. 409
    ``request_wrong_state`` for a closed request."""
    rights_request = queries.request_of(_user(request), reference)
    return _detail(actions.withdraw_request(rights_request, actor=api_actor(request)))


# --- the data operators ------------------------------------------------------------------


def _ops_detail(
    user: User, rights_request: RightsRequest, *, token: str = ""
) -> OpsRequestDetailOut:
    dates = queries.QueueDates.now()
    return OpsRequestDetailOut(
        **OpsRequestOut.build_ops(rights_request, dates.today).model_dump(),
        events=[
            EventOut(
                action=e.action,
                occurred_at=e.occurred_at,
                actor_label=e.actor_label,
                channel=e.channel,
            )
            for e in queries.request_events(rights_request)
        ],
        posthumous_instruction=queries.posthumous_instruction(rights_request.subject)
        if rights_request.by_relative
        else "",
        portability_count=queries.portability_count(
            rights_request.subject, before=rights_request.received_at
        )
        if rights_request.kind == RequestKind.PORTABILITY
        else None,
        recipient_token=token,
    )


def _handler(request: HttpRequest) -> User:
    user = _user(request)
    if not can_handle_rights_requests(user):
        raise permission_denied()
    return user


def _record_read(user: User, rights_request: RightsRequest) -> None:
    from rencai.privacy.governance import record_pi_access

    categories = ["account", "privacy", *(["identity"] if rights_request.by_relative else [])]
    record_pi_access(
        user,
        rights_request.subject,
        purpose=PiAccessPurpose.RIGHTS_REQUEST,
        categories=categories,
        obj=rights_request,
    )


@ops_requests_router.get(
    "", response={200: Page[OpsRequestOut], **ERRORS}, summary="The queue, by due date"
)
def queue(
    request: HttpRequest,
    state: str = "",
    kind: str = "",
    overdue: bool = False,
    mine: bool = False,
    page: int = 1,
    page_size: int = 20,
) -> Page[OpsRequestOut]:
    """Open requests by default (``state=all`` for every state); data operators and
    auditors only."""
    dates = queries.QueueDates.now()
    rows, total, page, page_size = paginate(
        queries.request_queue(
            _user(request), state=state, kind=kind, overdue=overdue, mine=mine, today=dates.today
        ).prefetch_related("exports"),
        page,
        page_size,
    )
    return Page(
        items=[OpsRequestOut.build_ops(r, dates.today) for r in rows],
        total=total,
        page=page,
        page_size=page_size,
    )


@ops_requests_router.get(
    "/{reference}", response={200: OpsRequestDetailOut, **ERRORS}, summary="One request"
)
def one(request: HttpRequest, reference: str) -> OpsRequestDetailOut:
    """Writes a PI-access record (SEC-03)."""
    user = _user(request)
    rights_request = queries.request_for_operator(user, reference)
    _record_read(user, rights_request)
    return _ops_detail(user, rights_request)


def _for_handler(request: HttpRequest, reference: str) -> tuple[User, RightsRequest]:
    user = _handler(request)
    return user, queries.request_for_operator(user, reference)


@ops_requests_router.post(
    "/{reference}/assign", response={200: OpsRequestDetailOut, **ERRORS}, summary="Assign to me"
)
def assign(request: HttpRequest, reference: str) -> OpsRequestDetailOut:
    user, rights_request = _for_handler(request, reference)
    return _ops_detail(user, actions.assign_request(rights_request, actor=api_actor(request)))


@ops_requests_router.post(
    "/{reference}/verify",
    response={200: OpsRequestDetailOut, **ERRORS},
    summary="Start verifying",
)
def verify(request: HttpRequest, reference: str) -> OpsRequestDetailOut:
    user, rights_request = _for_handler(request, reference)
    return _ops_detail(user, actions.verify_request(rights_request, actor=api_actor(request)))


@ops_requests_router.post(
    "/{reference}/start",
    response={200: OpsRequestDetailOut, **ERRORS},
    summary="Accept and carry out",
)
def start(request: HttpRequest, reference: str) -> OpsRequestDetailOut:
    """Identity, evidence (relatives: the subject is recorded deceased and their
    posthumous instruction applied) or feasibility (portability) accepted. A portability
    request (or a relative's copy) returns ``recipient_token`` once."""
    user, rights_request = _for_handler(request, reference)
    result = actions.start_request(rights_request, actor=api_actor(request))
    return _ops_detail(user, result.request, token=result.recipient_token)


@ops_requests_router.post(
    "/{reference}/complete",
    response={200: OpsRequestDetailOut, **ERRORS},
    summary="Complete with an answer",
)
def complete(request: HttpRequest, reference: str, payload: CompleteIn) -> OpsRequestDetailOut:
    user, rights_request = _for_handler(request, reference)
    done = actions.complete_request(
        rights_request, actor=api_actor(request), response=payload.response
    )
    return _ops_detail(user, done)


@ops_requests_router.post(
    "/{reference}/refuse",
    response={200: OpsRequestDetailOut, **ERRORS},
    summary="Refuse with a reason",
)
def refuse(request: HttpRequest, reference: str, payload: RefuseIn) -> OpsRequestDetailOut:
    """The requester's notice names the right to complain or sue (PIPL Art 50)."""
    user, rights_request = _for_handler(request, reference)
    refused = actions.refuse_request(
        rights_request,
        actor=api_actor(request),
        reason=payload.reason,
        explanation=payload.explanation,
    )
    return _ops_detail(user, refused)
