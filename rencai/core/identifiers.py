"""Chinese identifiers with check digits: resident ID numbers (GB 11643) and USCC (GB 32100).

python-stdnum does the format and checksum work; rencai adds what the platform needs and
stdnum lacks (COMPLIANCE.md §10): birth date not in the future and not before 1900, a known
province-level region code, Hong Kong/Macao/Taiwan residence permits (810000/820000/830000),
letter registration-department codes in USCC (A/N/Y), the department/category code table,
the embedded GB 11714 organisation-code check, and rejection of degenerate bodies.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import ric as stdnum_ric
from stdnum.cn import uscc as stdnum_uscc

from rencai.core import crypto
from rencai.core.errors import DomainError
from rencai.core.timeutil import local_today

# GB/T 2260 province-level codes (first two digits of an address code).
PROVINCE_CODES = frozenset(
    {
        "11", "12", "13", "14", "15",
        "21", "22", "23",
        "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46",
        "50", "51", "52", "53", "54",
        "61", "62", "63", "64", "65",
    }
)  # fmt: skip
# Hong Kong, Macao and Taiwan residents' residence permits use these whole address codes.
HMT_PERMIT_REGIONS = {"810000": "HK", "820000": "MO", "830000": "TW"}

RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)


class DocumentType:
    """Kinds of personal identity document whose number follows GB 11643."""

    RESIDENT_ID = "resident_id"  # 居民身份证
    HMT_RESIDENCE_PERMIT = "hmt_residence_permit"  # 港澳台居民居住证


class IdentifierError(DomainError):
    """An identifier failed validation; ``code`` says which rule."""


@dataclass(frozen=True)
class IdNumber:
    """A validated GB 11643 number and what can be derived from it.

    ``birth_date`` is for the platform's own age gate only; it is never shown to employers
    (IDV-01). ``region_listed`` is False when stdnum's county table does not know the
    address code (new or renamed counties): a soft signal, not a rejection.
    """

    number: str
    document_type: str
    birth_date: dt.date
    region_code: str
    region_listed: bool

    def age_on(self, day: dt.date) -> int:
        """Completed years of age on ``day``."""
        return age_on(self.birth_date, day)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Completed years of age on ``day`` for someone born on ``birth_date``."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def ric_check_character(body17: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 17 digits."""
    total = sum(int(char) * weight for char, weight in zip(body17, RIC_WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


def _id_error(code: str) -> IdentifierError:
    messages = {
        "id_number_format": _("An ID number has 17 digits followed by a digit or the letter X."),
        "id_number_checksum": _("The last character does not match; please check the number."),
        "id_number_birth_date": _("The birth date in this ID number is not a valid date."),
        "id_number_region": _("The region code at the start of this ID number is not valid."),
    }
    return IdentifierError(code, messages[code], fields={"id_number": messages[code]})


def validate_id_number(value: str, *, today: dt.date | None = None) -> IdNumber:
    """Validate a resident ID or HK/Macao/Taiwan residence-permit number.

    Raises ``IdentifierError`` with code ``id_number_format``, ``id_number_checksum``,
    ``id_number_birth_date`` or ``id_number_region``.
    """
    number = "".join(value.split()).upper()
    if (
        len(number) != 18
        or not number[:17].isdigit()
        or not (number[17].isdigit() or number[17] == "X")
    ):
        raise _id_error("id_number_format")
    if ric_check_character(number[:17]) != number[17]:
        raise _id_error("id_number_checksum")
    try:
        birth_date = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise _id_error("id_number_birth_date") from exc
    today = today or local_today()
    if birth_date > today or birth_date < EARLIEST_BIRTH_DATE:
        raise _id_error("id_number_birth_date")

    region_code = number[:6]
    if region_code in HMT_PERMIT_REGIONS:
        return IdNumber(number, DocumentType.HMT_RESIDENCE_PERMIT, birth_date, region_code, True)
    if region_code[:2] not in PROVINCE_CODES:
        raise _id_error("id_number_region")
    try:
        stdnum_ric.validate(number)
        listed = True
    except (stdnum_exceptions.InvalidComponent, KeyError):
        # Our own checks passed, so only stdnum's county table disagrees (COMPLIANCE.md §10.1).
        # stdnum 2.2 raises KeyError for codes it knows only at prefecture level (110199).
        listed = False
    except stdnum_exceptions.ValidationError as exc:  # pragma: no cover - our checks are stricter
        raise _id_error("id_number_format") from exc
    return IdNumber(number, DocumentType.RESIDENT_ID, birth_date, region_code, listed)


# --- USCC (GB 32100-2015) ---------------------------------------------------------------

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
# Registration-management department code → allowed organisation category codes.
USCC_CATEGORIES: dict[str, frozenset[str]] = {
    "1": frozenset("1239"),  # 机构编制: 机关, 事业单位, 群众团体, 其他
    "2": frozenset("19"),  # 外交
    "3": frozenset("123459"),  # 司法行政
    "4": frozenset("19"),  # 文化
    "5": frozenset("1239"),  # 民政: 社会团体, 民办非企业单位, 基金会, 其他
    "6": frozenset("129"),  # 旅游
    "7": frozenset("129"),  # 宗教
    "8": frozenset("19"),  # 工会
    "9": frozenset("123"),  # 市场监管: 企业, 个体工商户, 农民专业合作社
    "A": frozenset("19"),  # 中央军委改革和编制办公室
    "N": frozenset("1239"),  # 农业农村: 农村集体经济组织
    "Y": frozenset("1"),  # 其他
}


def org_code_check_character(body8: str) -> str:
    """GB 11714 organisation-code check character for 8 body characters."""
    total = 0
    for char, weight in zip(body8, ORG_CODE_WEIGHTS, strict=True):
        total += (int(char) if char.isdigit() else ord(char) - 55) * weight
    remainder = 11 - total % 11
    return "X" if remainder == 10 else "0" if remainder == 11 else str(remainder)


def _uscc_error(code: str) -> IdentifierError:
    messages = {
        "uscc_format": _(
            "A unified social credit code has 18 characters: digits and capital letters "
            "except I, O, Z, S and V."
        ),
        "uscc_checksum": _("The check character does not match; please check the code."),
        "uscc_category": _("The first two characters are not a known registration category."),
    }
    return IdentifierError(code, messages[code], fields={"uscc": messages[code]})


def validate_uscc(value: str) -> str:
    """Validate a unified social credit code and return it normalised (upper case).

    Raises ``IdentifierError`` with code ``uscc_format``, ``uscc_checksum`` or
    ``uscc_category``.
    """
    code = "".join(value.split()).upper()
    if len(code) != 18 or any(char not in USCC_ALPHABET for char in code):
        raise _uscc_error("uscc_format")
    if len(set(code[:17])) == 1:
        raise _uscc_error("uscc_format")
    if stdnum_uscc.calc_check_digit(code[:17]) != code[17]:
        raise _uscc_error("uscc_checksum")
    if not code[2:8].isdigit():  # GB/T 2260 region of the registering authority
        raise _uscc_error("uscc_format")
    if code[1] not in USCC_CATEGORIES.get(code[0], frozenset()):
        raise _uscc_error("uscc_category")
    if org_code_check_character(code[8:16]) != code[16]:
        raise _uscc_error("uscc_checksum")
    return code


ID_INDEX_CONTEXT = "id_number"


def id_number_index(number: str) -> str:
    """Blind index of a validated ID number, shared by every table that matches on one
    (verified accounts, legal representatives, the abnormal list)."""
    return crypto.blind_index(number, context=ID_INDEX_CONTEXT)


def id_number_index_candidates(number: str) -> list[str]:
    """Blind indexes under every configured key (lookups during key rotation)."""
    return crypto.blind_index_candidates(number, context=ID_INDEX_CONTEXT)
