"""``manage.py rotate_field_encryption``: re-encrypt every encrypted column with the current
key and recompute blind indexes with the current blind-index key.

Rotation: put the new key first in ``FIELD_ENCRYPTION_KEYS`` / ``BLIND_INDEX_KEYS`` (keep
the old ones after it), restart, run this command, then remove the old keys. Indexes that
have no encrypted source (rate-limit counters, check history) age out on their own.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from rencai.audit.actions import record_event
from rencai.core import crypto
from rencai.core.actors import cli_actor
from rencai.core.fields import EncryptedTextField

BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt sensitive columns with the current key and recompute blind indexes."

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for model in apps.get_models():
            fields = [f for f in model._meta.get_fields() if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            names = [f.name for f in fields]
            index_fields = [f.blind_index_field for f in fields if f.blind_index_field]
            pks = list(model._default_manager.values_list("pk", flat=True))
            for start in range(0, len(pks), BATCH):
                with transaction.atomic():
                    rows = model._default_manager.select_for_update().filter(
                        pk__in=pks[start : start + BATCH]
                    )
                    for row in rows:
                        for field in fields:
                            value = getattr(row, field.name)
                            if field.blind_index_field:
                                index = (
                                    crypto.blind_index(value, context=field.blind_index_context)
                                    if value
                                    else None
                                )
                                current = getattr(row, field.blind_index_field)
                                setattr(row, field.blind_index_field, index if current else current)
                        # Saving re-encrypts every listed field with the current key.
                        row.save(update_fields=names + index_fields)
                        total += 1
            self.stdout.write(f"{model._meta.label}: {len(pks)} rows")
        with transaction.atomic():
            record_event(
                cli_actor(),
                "core.field_encryption_rotated",
                object_type="core.FieldEncryption",
                after={
                    "rows": total,
                    "encryption_key": crypto.Keyring(settings.FIELD_ENCRYPTION_KEYS).current_id,
                },
            )
        self.stdout.write(self.style.SUCCESS(f"re-encrypted {total} rows"))
