"""Public reference data: administrative divisions (GB/T 2260) and industries (GB/T 4754-2017).

Mounted at ``/api/v1/reference``; no authentication.
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from rencai.core import divisions as division_data
from rencai.core import industries as industry_data
from rencai.core.api_support import ERRORS
from rencai.core.errors import not_found

router = Router(tags=["reference"])

DIVISION_CODE = r"^[0-9]{6}$"
SECTION_LETTER = r"^[A-T]$"


class DivisionOut(Schema):
    code: str
    name: str
    level: int = Field(..., description="1 province, 2 city, 3 district or county")
    parent_code: str | None


class DivisionDetailOut(DivisionOut):
    display_name: str
    ancestors: list[DivisionOut]


class IndustryOut(Schema):
    code: str
    name: str
    section: str
    section_name: str


def _division_out(division: division_data.Division) -> DivisionOut:
    return DivisionOut(
        code=division.code,
        name=division.name,
        level=division.level,
        parent_code=division.parent_code,
    )


@router.get(
    "/divisions",
    response={200: list[DivisionOut], **ERRORS},
    auth=None,
    summary="Administrative divisions below a parent",
)
def list_divisions(
    request: HttpRequest,
    parent: Annotated[str | None, Query(pattern=DIVISION_CODE)] = None,
) -> list[DivisionOut]:
    """The provinces, or the divisions directly below ``parent`` (a 6-digit code). The
    districts of a municipality are its direct children (no 市辖区 level)."""
    if parent is not None and division_data.get_division(parent) is None:
        raise not_found()
    return [_division_out(item) for item in division_data.children(parent)]


@router.get(
    "/divisions/{code}",
    response={200: DivisionDetailOut, **ERRORS},
    auth=None,
    summary="One administrative division",
)
def get_division(request: HttpRequest, code: str) -> DivisionDetailOut:
    """The division with its full display name and its ancestors, province first."""
    division = division_data.get_division(code)
    if division is None:
        raise not_found()
    return DivisionDetailOut(
        **_division_out(division).model_dump(),
        display_name=division_data.display_name(code),
        ancestors=[_division_out(item) for item in division_data.ancestors(code)],
    )


@router.get(
    "/industries",
    response={200: list[IndustryOut], **ERRORS},
    auth=None,
    summary="Industry divisions (GB/T 4754-2017)",
)
def list_industries(
    request: HttpRequest,
    section: Annotated[str | None, Query(pattern=SECTION_LETTER)] = None,
) -> list[IndustryOut]:
    """The 97 divisions (大类), or those of one section (门类 ``A``–``T``)."""
    names = {item.code: item.name for item in industry_data.sections()}
    return [
        IndustryOut(
            code=item.code, name=item.name, section=item.section, section_name=names[item.section]
        )
        for item in industry_data.divisions(section)
    ]
