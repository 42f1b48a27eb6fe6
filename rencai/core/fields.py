"""Model fields for sensitive values."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Expression

from rencai.core import crypto


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """A text column stored AES-GCM encrypted; Python code sees the plaintext.

    The ciphertext is bound to ``<app_label>.<Model>.<field>``. Lookups on the ciphertext
    are meaningless, so exact-match searches go through a separate blind-index column
    (named by ``blind_index_field``, recomputed by the key-rotation command).
    """

    def __init__(
        self,
        *args: Any,
        blind_index_field: str | None = None,
        blind_index_context: str = "",
        **kwargs: Any,
    ) -> None:
        self.blind_index_field = blind_index_field
        self.blind_index_context = blind_index_context
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.blind_index_field:
            kwargs["blind_index_field"] = self.blind_index_field
            kwargs["blind_index_context"] = self.blind_index_context
        return name, path, args, kwargs

    @property
    def crypto_context(self) -> str:
        return f"{self.model._meta.label}.{self.name}"

    def from_db_value(
        self, value: str | None, expression: Expression, connection: BaseDatabaseWrapper
    ) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value, context=self.crypto_context)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "" or crypto.is_encrypted(value):
            return value
        return crypto.encrypt(value, context=self.crypto_context)
