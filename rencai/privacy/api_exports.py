"""REST endpoints of copies of one's data (PI-12) and portability packages (PI-13).

Asking for a copy and downloading it need a fresh SMS code (PI-18, from
``POST /api/v1/me/reauth-code``): ``POST {id}/download-link`` with the code returns a
signed link valid for 10 minutes, which ``GET {id}/download`` serves to the same person.
The processor a person named fetches a portability package without an account, with the
transfer key in the path; wrong or expired keys get 404 ``portability_token_invalid``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from urllib.parse import urlencode

from django.core import signing
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Router, Status

from rencai.accounts.actions import confirm_identity
from rencai.accounts.models import User
from rencai.core.api_support import AUTH, ERRORS, Page, api_actor, paginate
from rencai.core.errors import DomainError
from rencai.files.serving import file_response
from rencai.privacy import export_queries, exports
from rencai.privacy.errors import ExportErrorCode
from rencai.privacy.export_schemas import DownloadLinkIn, DownloadLinkOut, ExportCreateIn, ExportOut

exports_router = Router(tags=["data exports"], auth=AUTH)
# The processor a user named fetches a portability package with its one-time token.
portability_router = Router(tags=["data portability"])

LINK_SALT = "rencai.privacy.export-download"
LINK_MAX_AGE = dt.timedelta(minutes=10)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _link_invalid() -> DomainError:
    return DomainError(
        ExportErrorCode.LINK_INVALID,
        _("This download link is not valid or has expired. Ask for a new one."),
        status=403,
    )


@exports_router.get("", response={200: Page[ExportOut], **ERRORS}, summary="My copies")
def list_exports(request: HttpRequest, page: int = 1, page_size: int = 20) -> Page[ExportOut]:
    rows, total, page, page_size = paginate(
        export_queries.exports_of(_user(request)), page, page_size
    )
    return Page(
        items=[ExportOut.build(e) for e in rows], total=total, page=page, page_size=page_size
    )


@exports_router.post("", response={201: ExportOut, **ERRORS}, summary="Ask for a copy")
def create_export(request: HttpRequest, payload: ExportCreateIn) -> Status[ExportOut]:
    """Queue a copy of all my data (after a fresh SMS code); poll ``GET {id}`` for its
    progress. 409 ``export_already_running`` while another copy is being prepared."""
    user, actor = _user(request), api_actor(request)
    confirm_identity(user, payload.sms_code, actor=actor)
    export = exports.request_export(user, actor=actor)
    return Status(201, ExportOut.build(export_queries.export_of(user, export.pk)))


@exports_router.get("/{export_id}", response={200: ExportOut, **ERRORS}, summary="One copy")
def get_export(request: HttpRequest, export_id: uuid.UUID) -> ExportOut:
    return ExportOut.build(export_queries.export_of(_user(request), export_id))


@exports_router.post(
    "/{export_id}/download-link",
    response={200: DownloadLinkOut, **ERRORS},
    summary="A 10-minute download link",
)
def download_link(
    request: HttpRequest, export_id: uuid.UUID, payload: DownloadLinkIn
) -> DownloadLinkOut:
    """After a fresh SMS code: a link to ``GET {id}/download`` valid for 10 minutes."""
    user, actor = _user(request), api_actor(request)
    export = export_queries.export_of(user, export_id)
    exports.ensure_downloadable(export)
    confirm_identity(user, payload.sms_code, actor=actor)
    signature = signing.dumps({"e": str(export.pk), "u": str(user.pk)}, salt=LINK_SALT)
    path = reverse("api:privacy_export_download", kwargs={"export_id": export.pk})
    return DownloadLinkOut(
        url=f"{path}?{urlencode({'signature': signature})}",
        expires_at=timezone.now() + LINK_MAX_AGE,
    )


@exports_router.get(
    "/{export_id}/download",
    response={200: None, **ERRORS},
    url_name="privacy_export_download",
    summary="Download a copy (signed link)",
)
def download_export(request: HttpRequest, export_id: uuid.UUID, signature: str) -> HttpResponseBase:
    """The ZIP archive, with the signature from ``POST {id}/download-link`` (403
    ``export_link_invalid`` when it is wrong, expired or for another copy)."""
    user = _user(request)
    export = export_queries.export_of(user, export_id)
    try:
        claims = signing.loads(signature, salt=LINK_SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature as exc:
        raise _link_invalid() from exc
    if not isinstance(claims, dict) or claims != {"e": str(export.pk), "u": str(user.pk)}:
        raise _link_invalid()
    stored = exports.ensure_downloadable(export)
    exports.record_download(export, actor=api_actor(request))
    return file_response(stored, as_attachment=True)


@portability_router.get(
    "/{token}", response={200: None, **ERRORS}, summary="Fetch a portability package"
)
def fetch_package(request: HttpRequest, token: str) -> HttpResponseBase:
    """For the processor the person named (PI-13): the ZIP archive, until it expires.
    Every fetch, refused or not, is audited."""
    stored = exports.fetch_portability_package(token, actor=api_actor(request))
    return file_response(stored, as_attachment=True)
