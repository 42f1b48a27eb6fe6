"""API contract of copies of one's data (PI-12) and portability packages (PI-13)."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Schema
from pydantic import Field

from rencai.core.api_support import StrictSchema
from rencai.privacy.export_queries import is_active, step_label
from rencai.privacy.models import DataExport


class ExportOut(Schema):
    id: uuid.UUID
    audience: str = Field(..., description="self (a copy for me) or recipient (portability)")
    status: str = Field(..., description="queued, building, ready, failed or expired")
    status_label: str
    progress: int = Field(..., description="0–100")
    step: str = Field(..., description="stable key of the current step")
    step_label: str
    active: bool = Field(..., description="queued or building: poll again in a few seconds")
    created_at: dt.datetime
    finished_at: dt.datetime | None
    expires_at: dt.datetime | None
    size: int | None = Field(None, description="bytes of the ZIP archive when ready")
    download_count: int
    error: str = Field("", description="error code of a failed build")

    @staticmethod
    def build(export: DataExport) -> ExportOut:
        return ExportOut(
            id=export.pk,
            audience=export.audience,
            status=export.status,
            status_label=str(export.get_status_display()),
            progress=export.progress,
            step=export.step,
            step_label=step_label(export.step),
            active=is_active(export),
            created_at=export.created_at,
            finished_at=export.finished_at,
            expires_at=export.expires_at,
            size=export.file.size if export.file is not None else None,
            download_count=export.download_count,
            error=export.error,
        )


class ExportCreateIn(StrictSchema):
    sms_code: str = Field(..., description="code from POST /api/v1/me/reauth-code (PI-18)")


class DownloadLinkIn(StrictSchema):
    sms_code: str = Field(..., description="code from POST /api/v1/me/reauth-code (PI-18)")


class DownloadLinkOut(Schema):
    url: str = Field(..., description="GET it (signed in as the same person) to download")
    expires_at: dt.datetime
