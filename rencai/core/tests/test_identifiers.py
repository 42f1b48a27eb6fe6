"""GB 11643 ID numbers and GB 32100 USCC: the vectors of COMPLIANCE.md §10 and the issue."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from rencai.core.identifiers import (
    USCC_ALPHABET,
    DocumentType,
    IdentifierError,
    org_code_check_character,
    ric_check_character,
    validate_id_number,
    validate_uscc,
)

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("number", "birth", "doc_type"),
    [
        ("11010519491231002X", dt.date(1949, 12, 31), DocumentType.RESIDENT_ID),
        ("360426199101010071", dt.date(1991, 1, 1), DocumentType.RESIDENT_ID),
        ("44011320141005001x", dt.date(2014, 10, 5), DocumentType.RESIDENT_ID),
        ("110102199101010078", dt.date(1991, 1, 1), DocumentType.RESIDENT_ID),
        ("412723199010050012", dt.date(1990, 10, 5), DocumentType.RESIDENT_ID),
        ("440304199003070026", dt.date(1990, 3, 7), DocumentType.RESIDENT_ID),
        ("440304199003070034", dt.date(1990, 3, 7), DocumentType.RESIDENT_ID),
        ("110105201501010017", dt.date(2015, 1, 1), DocumentType.RESIDENT_ID),
        ("810000199001011230", dt.date(1990, 1, 1), DocumentType.HMT_RESIDENCE_PERMIT),
        ("820000199001011232", dt.date(1990, 1, 1), DocumentType.HMT_RESIDENCE_PERMIT),
        ("830000199001011234", dt.date(1990, 1, 1), DocumentType.HMT_RESIDENCE_PERMIT),
    ],
)
def test_valid_id_numbers(number: str, birth: dt.date, doc_type: str) -> None:
    parsed = validate_id_number(number, today=TODAY)
    assert parsed.number == number.upper()
    assert parsed.birth_date == birth
    assert parsed.document_type == doc_type


def test_under_16_number_is_valid_but_age_is_derived() -> None:
    parsed = validate_id_number("110105201501010017", today=TODAY)
    assert parsed.age_on(TODAY) == 11


def test_age_counts_completed_years() -> None:
    parsed = validate_id_number("11010519491231002X", today=TODAY)
    assert parsed.age_on(dt.date(2026, 12, 30)) == 76
    assert parsed.age_on(dt.date(2026, 12, 31)) == 77


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("36042619910102009X", "id_number_checksum"),
        ("110105194912310021", "id_number_checksum"),
        ("360426199113010079", "id_number_birth_date"),
        ("11010519900230001X", "id_number_birth_date"),
        ("T60426199101010078", "id_number_format"),
        ("11010519491231002", "id_number_format"),
        ("110105491231002", "id_number_format"),
        ("990426199112010074", "id_number_region"),
        ("110105209912310010", "id_number_birth_date"),  # birth date in the future
        ("440524188001010014", "id_number_birth_date"),  # before 1900
        ("", "id_number_format"),
    ],
)
def test_invalid_id_numbers(number: str, code: str) -> None:
    with pytest.raises(IdentifierError) as excinfo:
        validate_id_number(number, today=TODAY)
    assert excinfo.value.code == code
    assert "id_number" in excinfo.value.fields


def test_region_missing_from_stdnum_table_is_a_soft_signal() -> None:
    # 110199 is not a county in stdnum's table, but the province 11 exists.
    body = "11019919900101001"
    parsed = validate_id_number(body + ric_check_character(body), today=TODAY)
    assert parsed.region_listed is False


def test_every_single_substitution_of_an_id_number_fails() -> None:
    rng = random.Random(11643)
    for _ in range(40):
        birth = f"{rng.randint(1950, 2005)}0{rng.randint(1, 9)}1{rng.randint(0, 9)}"
        body = f"110105{birth}{rng.randint(100, 999)}"
        number = body + ric_check_character(body)
        validate_id_number(number, today=TODAY)
        position = rng.randrange(14, 18)  # sequence and check characters
        for replacement in "0123456789X":
            if replacement == number[position] or (position < 17 and replacement == "X"):
                continue
            mutated = number[:position] + replacement + number[position + 1 :]
            with pytest.raises(IdentifierError):
                validate_id_number(mutated, today=TODAY)


@pytest.mark.parametrize(
    "code",
    [
        "91110000600037341L",
        "91310115MA1K3BTP2B",
        "9144030071526726XG",
        "121200004013590816",
        "91620105L015101280",
        "92340602MA2PBQAH7E",
        "91350100M000100Y43",
        "N2440103MF0000013N",
        "Y1440103MF0000013H",
        "A1440103MF00000136",
        " 91110000600037341l ",
    ],
)
def test_valid_uscc(code: str) -> None:
    assert validate_uscc(code) == code.strip().upper()


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("91110000600037341N", "uscc_checksum"),
        ("9111000060003IOZSV", "uscc_format"),
        ("12345", "uscc_format"),
        ("A1110000600037341L", "uscc_checksum"),
        ("91110000600037342P", "uscc_checksum"),  # embedded GB 11714 check wrong
        ("000000000000000000", "uscc_format"),  # all-same body
        ("111111111111111111", "uscc_format"),
    ],
)
def test_invalid_uscc(code: str, error: str) -> None:
    with pytest.raises(IdentifierError) as excinfo:
        validate_uscc(code)
    assert excinfo.value.code == error


def test_unknown_category_is_rejected() -> None:
    # Department 9 (market regulation) has categories 1-3 only; build a checksum-valid 94….
    body16 = "9411000060003734"
    org = body16[8:16]
    body17 = body16 + org_code_check_character(org)
    from stdnum.cn import uscc

    with pytest.raises(IdentifierError) as excinfo:
        validate_uscc(body17 + uscc.calc_check_digit(body17))
    assert excinfo.value.code == "uscc_category"


def test_every_single_substitution_of_a_uscc_fails() -> None:
    code = "91110000600037341L"
    for position in range(18):
        for replacement in USCC_ALPHABET:
            if replacement == code[position]:
                continue
            mutated = code[:position] + replacement + code[position + 1 :]
            with pytest.raises(IdentifierError):
                validate_uscc(mutated)
