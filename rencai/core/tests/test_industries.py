"""Industries: GB/T 4754-2017 sections and divisions, display names, validation, choices."""

from __future__ import annotations

import pytest
from django.utils import translation

from rencai.core import industries
from rencai.core.errors import DomainError
from rencai.core.industries import (
    Industry,
    display_name,
    divisions,
    get_industry,
    grouped_choices,
    sections,
    validate_industry,
)


def test_twenty_sections_a_to_t() -> None:
    assert [item.code for item in sections()] == list("ABCDEFGHIJKLMNOPQRST")
    assert all(item.name and item.name_en and item.is_section for item in sections())


def test_ninety_seven_divisions_numbered_01_to_97() -> None:
    assert [item.code for item in divisions()] == [f"{n:02d}" for n in range(1, 98)]
    letters = {item.code for item in sections()}
    assert all(item.section in letters and not item.is_section for item in divisions())


@pytest.mark.parametrize(
    ("section", "codes"),
    [
        ("A", ["01", "02", "03", "04", "05"]),
        ("C", [f"{n}" for n in range(13, 44)]),
        ("I", ["63", "64", "65"]),
        ("N", ["76", "77", "78", "79"]),
        ("Q", ["84", "85"]),
        ("S", ["91", "92", "93", "94", "95", "96"]),
        ("T", ["97"]),
        ("Z", []),
    ],
)
def test_divisions_of_a_section(section: str, codes: list[str]) -> None:
    assert [item.code for item in divisions(section)] == codes


@pytest.mark.parametrize(
    ("code", "name", "section"),
    [
        ("01", "农业", "A"),
        ("11", "开采专业及辅助性活动", "B"),
        ("39", "计算机、通信和其他电子设备制造业", "C"),
        ("58", "多式联运和运输代理业", "G"),
        ("65", "软件和信息技术服务业", "I"),
        ("66", "货币金融服务", "J"),
        ("72", "商务服务业", "L"),
        ("79", "土地管理业", "N"),
        ("84", "卫生", "Q"),
        ("96", "基层群众自治组织及其他组织", "S"),
        ("97", "国际组织", "T"),
    ],
)
def test_known_divisions(code: str, name: str, section: str) -> None:
    assert get_industry(code) == Industry(code, name, section)


def test_known_sections() -> None:
    assert get_industry("I") == Industry(
        "I",
        "信息传输、软件和信息技术服务业",
        "I",
        "Information transmission, software and information technology services",
    )
    assert get_industry("Q").name == "卫生和社会工作"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("65", "I 信息传输、软件和信息技术服务业 › 65 软件和信息技术服务业"),
        ("84", "Q 卫生和社会工作 › 84 卫生"),
        ("I", "I 信息传输、软件和信息技术服务业"),
        ("651", "651"),
    ],
)
def test_display_name(code: str, expected: str) -> None:
    assert display_name(code) == expected


def test_validate_industry_accepts_divisions() -> None:
    assert validate_industry("65").name == "软件和信息技术服务业"


@pytest.mark.parametrize("code", ["", "I", "6", "651", "98", "00", "i"])
def test_validate_industry_rejects_sections_and_unknown_codes(code: str) -> None:
    with pytest.raises(DomainError) as caught:
        validate_industry(code, field="org_industry")
    assert caught.value.code == "industry_invalid"
    assert caught.value.fields == {"org_industry": caught.value.message}


def test_grouped_choices_one_group_per_section() -> None:
    groups = grouped_choices()
    assert len(groups) == 20
    assert sum(len(options) for _label, options in groups) == 97
    assert groups[0] == (
        "A 农、林、牧、渔业",
        [
            ("01", "01 农业"),
            ("02", "02 林业"),
            ("03", "03 畜牧业"),
            ("04", "04 渔业"),
            ("05", "05 农、林、牧、渔专业及辅助性活动"),
        ],
    )


def test_grouped_choices_use_english_section_titles_in_english() -> None:
    with translation.override("en"):
        label, options = grouped_choices()[8]
    assert label == "I Information transmission, software and information technology services"
    assert options[2] == ("65", "65 软件和信息技术服务业")


def test_the_file_is_read_once() -> None:
    assert industries._table() is industries._table()
