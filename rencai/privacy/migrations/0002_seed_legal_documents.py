"""Publish version 1.0 of every legal document from ``rencai/privacy/legal_texts/`` (data
only). Later versions are published by operators with the 7-day notice rule."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from django.db import migrations
from django.utils import timezone

TEXT_DIR = Path(__file__).resolve().parent.parent / "legal_texts"
KINDS = (
    "user_agreement",
    "privacy_policy",
    "platform_rules",
    "real_name_notice",
    "biometric_notice",
    "guardian_notice",
)
VERSION = "1.0"


def _title(text: str) -> str:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise ValueError("legal text without a level-1 heading")


def publish(apps, schema_editor):
    LegalDocument = apps.get_model("privacy", "LegalDocument")
    now = timezone.now()
    for kind in KINDS:
        body = (TEXT_DIR / f"{kind}.zh-hans.md").read_text(encoding="utf-8")
        body_en = (TEXT_DIR / f"{kind}.en.md").read_text(encoding="utf-8")
        LegalDocument.objects.get_or_create(
            kind=kind,
            version=VERSION,
            defaults={
                "id": uuid.uuid4(),
                "title": _title(body),
                "body": body,
                "body_en": body_en,
                "change_summary": "首次发布。",
                "text_hash": hashlib.sha256(body.encode("utf-8")).hexdigest(),
                "published_at": now,
                "effective_at": now,
                "created_at": now,
                "updated_at": now,
            },
        )


def unpublish(apps, schema_editor):
    LegalDocument = apps.get_model("privacy", "LegalDocument")
    LegalDocument.objects.filter(version=VERSION, kind__in=KINDS, consents__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]
    operations = [migrations.RunPython(publish, unpublish)]
