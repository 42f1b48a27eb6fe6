"""CheckedFileField: the checks run as form validation; other fields keep their values."""

from __future__ import annotations

from django import forms
from django.utils import translation

from rencai.files.choices import DOCUMENT_KINDS, IMAGE_KINDS, FileKind
from rencai.files.errors import FileErrorCode
from rencai.files.forms import CheckedFileField, accept_attribute
from rencai.files.inspect import CheckedUpload
from rencai.files.tests import samples


class LicenceForm(forms.Form):
    company_name = forms.CharField(max_length=100)
    licence = CheckedFileField(accept=DOCUMENT_KINDS)
    logo = CheckedFileField(accept=IMAGE_KINDS, required=False, max_bytes=100_000)


def error_codes(form: forms.Form, field: str) -> list[str | None]:
    return [error.code for error in form.errors.as_data()[field]]


def test_valid_upload_becomes_a_checked_upload() -> None:
    form = LicenceForm(
        data={"company_name": "示例科技有限公司"},
        files={"licence": samples.upload("../执照.pdf", samples.pdf_bytes(2), "application/pdf")},
    )
    assert form.is_valid(), form.errors
    checked = form.cleaned_data["licence"]
    assert isinstance(checked, CheckedUpload)
    assert (checked.kind, checked.pages, checked.original_name) == (FileKind.PDF, 2, "执照.pdf")
    assert form.cleaned_data["logo"] is None


def test_refused_file_is_a_field_error_with_the_code_and_the_rest_is_kept() -> None:
    form = LicenceForm(
        data={"company_name": "示例科技有限公司"},
        files={"licence": samples.upload("licence.png", samples.PHP, "image/png")},
    )
    assert not form.is_valid()
    assert error_codes(form, "licence") == [FileErrorCode.TYPE_NOT_ALLOWED]
    assert list(form.errors) == ["licence"]
    with translation.override("en"):
        html = form.as_div()
        assert "Allowed types: PNG, JPEG, WebP, PDF." in html
    assert 'value="示例科技有限公司"' in html


def test_each_refusal_has_its_own_code() -> None:
    form = LicenceForm(
        data={"company_name": "x"},
        files={
            "licence": samples.upload("licence.pdf", b"", "application/pdf"),
            "logo": samples.upload("logo.png", samples.png_bytes()[:40], "image/png"),
        },
    )
    assert not form.is_valid()
    assert error_codes(form, "licence") == [FileErrorCode.EMPTY]
    assert error_codes(form, "logo") == [FileErrorCode.CORRUPT]


def test_field_max_bytes_applies() -> None:
    big = samples.png_bytes(samples.two_colour_image(20, 20)) + b"\x00" * 100_001
    form = LicenceForm(
        data={"company_name": "x"},
        files={
            "licence": samples.upload("a.pdf", samples.pdf_bytes(1)),
            "logo": samples.upload("logo.png", big, "image/png"),
        },
    )
    assert not form.is_valid()
    assert error_codes(form, "logo") == [FileErrorCode.TOO_LARGE]


def test_missing_required_file_is_file_missing() -> None:
    form = LicenceForm(data={"company_name": "x"}, files={})
    assert not form.is_valid()
    assert error_codes(form, "licence") == [FileErrorCode.MISSING]


def test_widget_lists_the_accepted_mime_types() -> None:
    html = str(LicenceForm()["licence"])
    assert 'type="file"' in html
    assert 'accept="image/png,image/jpeg,image/webp,application/pdf"' in html
    assert accept_attribute(IMAGE_KINDS) == "image/png,image/jpeg,image/webp"
    assert accept_attribute(frozenset({FileKind.PDF})) == "application/pdf"


def test_a_text_value_instead_of_a_file_is_file_missing() -> None:
    form = LicenceForm(data={"company_name": "x"}, files={"licence": "not-a-file"})
    assert not form.is_valid()
    assert error_codes(form, "licence") == [FileErrorCode.MISSING]
