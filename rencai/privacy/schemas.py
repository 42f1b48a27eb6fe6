"""API contract of the privacy app."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Schema
from pydantic import Field

from rencai.privacy.models import ConsentRecord, LegalDocument


class DocumentSummaryOut(Schema):
    id: uuid.UUID
    kind: str
    version: str
    title: str
    text_hash: str
    published_at: dt.datetime
    effective_at: dt.datetime
    change_summary: str

    @staticmethod
    def build(document: LegalDocument) -> DocumentSummaryOut:
        return DocumentSummaryOut(
            id=document.pk,
            kind=document.kind,
            version=document.version,
            title=document.title,
            text_hash=document.text_hash,
            published_at=document.published_at,
            effective_at=document.effective_at,
            change_summary=document.change_summary,
        )


class DocumentOut(DocumentSummaryOut):
    body: str = Field(..., description="Markdown, Simplified Chinese (authoritative)")
    body_en: str = Field(..., description="Markdown, English courtesy translation")


class PublishDocumentIn(Schema):
    kind: str = Field(..., max_length=32)
    version: str = Field(..., max_length=16, min_length=1)
    title: str = Field(..., max_length=120, min_length=1)
    body: str = Field(..., min_length=1, max_length=200_000)
    body_en: str = Field("", max_length=200_000)
    change_summary: str = Field("", max_length=4000)
    effective_at: dt.datetime


class ConsentRecordOut(Schema):
    id: int
    purpose: str
    granted: bool
    document_version: str
    text_hash: str
    channel: str
    created_at: dt.datetime

    @staticmethod
    def build(record: ConsentRecord) -> ConsentRecordOut:
        return ConsentRecordOut(
            id=record.pk,
            purpose=record.purpose,
            granted=record.granted,
            document_version=record.document_version,
            text_hash=record.text_hash,
            channel=record.channel,
            created_at=record.created_at,
        )


class ConsentsOut(Schema):
    states: dict[str, bool]
    history: list[ConsentRecordOut]


class ConsentIn(Schema):
    purpose: str = Field(..., max_length=40)
    granted: bool = True
    document_id: uuid.UUID | None = Field(
        None, description="For purposes bound to a document: the id of its current version"
    )
