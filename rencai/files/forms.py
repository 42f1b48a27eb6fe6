"""Form support: a file field that runs the upload checks during form validation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from rencai.core.errors import DomainError
from rencai.files.choices import FileKind
from rencai.files.errors import FileErrorCode, file_error
from rencai.files.inspect import CONTENT_TYPES, CheckedUpload, check_upload

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


def accept_attribute(accept: frozenset[FileKind]) -> str:
    """The ``accept=`` attribute of a file input: MIME types, in a stable order."""
    return ",".join(CONTENT_TYPES[kind] for kind in FileKind if kind in accept)


class CheckedFileField(forms.FileField):
    """A file input whose ``cleaned_data`` value is a ``CheckedUpload`` (or ``None`` when
    optional and empty), ready for ``rencai.files.actions.store_checked``.

    A refused file becomes this field's error, with the ``FileErrorCode`` as the
    ``ValidationError`` code and the same translated message the API returns; the other
    fields of the form keep what the user typed (a browser never refills a file input).
    """

    widget = forms.FileInput

    def __init__(
        self, *, accept: frozenset[FileKind], max_bytes: int | None = None, **kwargs: Any
    ) -> None:
        self.accept = accept
        self.max_bytes = max_bytes
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs["accept"] = accept_attribute(self.accept)
        return attrs

    # The cleaned value is a CheckedUpload, not the File that FileField's stubs promise.
    def to_python(self, data: Any) -> CheckedUpload | None:  # type: ignore[override]
        if data in self.empty_values:
            return None
        if not isinstance(data, UploadedFile):
            raise _validation_error(file_error(FileErrorCode.MISSING, field="file"))
        try:
            return check_upload(data, accept=self.accept, max_bytes=self.max_bytes)
        except DomainError as exc:
            raise _validation_error(exc) from exc

    def validate(self, value: Any) -> None:
        if value in self.empty_values and self.required:
            raise _validation_error(file_error(FileErrorCode.MISSING, field="file"))


def _validation_error(error: DomainError) -> ValidationError:
    # Kept lazy: the message is rendered in the language active when the form is shown.
    message = cast("str | StrPromise", error.message)
    return ValidationError(message, code=error.code)
