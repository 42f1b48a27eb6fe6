"""Occupations: 职业分类大典（2022年版） groups, flags, display names, validation, choices."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from rencai.core import occupations
from rencai.core.errors import DomainError
from rencai.core.occupations import (
    Occupation,
    allows_gender_restriction,
    ancestors,
    children,
    display_name,
    get_occupation,
    grouped_choices,
    is_hazardous,
    is_minor_prohibited,
    majors,
    validate_occupation,
)
from rencai.core.reference_forms import OccupationField

MEDIUMS_PER_MAJOR = {"1": 6, "2": 11, "3": 4, "4": 15, "5": 6, "6": 32, "7": 4, "8": 1}


@pytest.fixture
def with_minors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The shipped data plus two minor groups under 6-16 and one under 2-02 (test codes)."""
    document = json.loads(occupations.DATA_FILE.read_text(encoding="utf-8"))
    document["minors"] = [["2-02-10", "测试小类甲"], ["6-16-01", "测试小类乙"], ["6-16-02", "丙"]]
    data_file = tmp_path / "occupations.json"
    data_file.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(occupations, "DATA_FILE", data_file)
    occupations._table.cache_clear()
    yield
    occupations._table.cache_clear()


def test_eight_major_groups_with_english_names() -> None:
    assert [item.code for item in majors()] == list("12345678")
    assert all(item.level == 1 and item.parent_code == "" for item in majors())
    assert all(item.name and item.name_en for item in majors())
    assert get_occupation("7").name == "军队人员"


def test_seventy_nine_medium_groups() -> None:
    mediums = [medium for major in majors() for medium in children(major.code)]
    assert len(mediums) == 79
    assert {major: len(children(major)) for major in MEDIUMS_PER_MAJOR} == MEDIUMS_PER_MAJOR
    assert all(item.level == 2 and not item.name_en for item in mediums)
    assert all(item.code.startswith(f"{item.parent_code}-") for item in mediums)


def test_children_of_none_are_the_majors_and_unknown_codes_have_none() -> None:
    assert children(None) == majors()
    assert children("9") == []
    assert children("2-02") == []  # no minor groups are shipped


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("1-06", "企事业单位负责人"),
        ("2-02", "工程技术人员"),
        ("2-06", "经济和金融专业人员"),
        ("2-07", "监察、法律、社会和宗教专业人员"),
        ("2-99", "其他专业技术人员"),
        ("4-02", "交通运输、仓储物流和邮政业服务人员"),
        ("4-04", "信息传输、软件和信息技术服务人员"),
        ("4-14", "健康、体育和休闲服务人员"),
        ("6-16", "采矿人员"),
        ("6-27", "再生资源综合利用人员"),
        ("6-29", "建筑施工人员"),
        ("7-04", "文职人员"),
        ("8-00", "不便分类的其他从业人员"),
    ],
)
def test_known_medium_groups(code: str, name: str) -> None:
    assert get_occupation(code) == Occupation(
        code=code, name=name, level=2, parent_code=code.split("-")[0]
    )


@pytest.mark.parametrize("code", ["", "0", "9", "2-00", "2-2", "2-02-99", "02", None, 2])
def test_unknown_codes(code: object) -> None:
    assert get_occupation(code) is None
    assert ancestors(code) == []
    assert not is_minor_prohibited(code)


def test_display_name() -> None:
    assert display_name("2-02") == "2 专业技术人员 › 2-02 工程技术人员"
    assert display_name("6") == "6 生产制造及有关人员"
    assert display_name("9-99") == "9-99"


def test_ancestors() -> None:
    assert [item.code for item in ancestors("4-04")] == ["4"]
    assert ancestors("4") == []


@pytest.mark.parametrize(
    ("code", "minor", "hazard", "gender"),
    [
        ("6-16", True, True, True),
        ("6-10", True, True, False),
        ("6-11", True, True, False),
        ("6-17", True, True, False),
        ("6-29", True, True, False),
        ("6-13", False, True, False),
        ("6-15", False, True, False),
        ("6-25", False, False, False),
        ("2-02", False, False, False),
        ("4-04", False, False, False),
        ("6", False, False, False),
    ],
)
def test_flags_of_medium_groups(code: str, minor: bool, hazard: bool, gender: bool) -> None:
    assert is_minor_prohibited(code) is minor
    assert is_hazardous(code) is hazard
    assert allows_gender_restriction(code) is gender


def test_every_flagged_code_exists() -> None:
    for flag, codes in occupations._table().flags.items():
        assert codes, flag
        assert all(get_occupation(code) is not None for code in codes), flag


@pytest.mark.usefixtures("with_minors")
def test_minor_groups_inherit_flags_and_display_full_path() -> None:
    minor = get_occupation("6-16-01")
    assert minor == Occupation(code="6-16-01", name="测试小类乙", level=3, parent_code="6-16")
    assert [item.code for item in ancestors("6-16-01")] == ["6", "6-16"]
    assert display_name("6-16-01") == "6 生产制造及有关人员 › 6-16 采矿人员 › 6-16-01 测试小类乙"
    assert is_minor_prohibited("6-16-01")
    assert is_hazardous("6-16-02")
    assert allows_gender_restriction("6-16-01")
    assert not is_hazardous("2-02-10")
    assert [item.code for item in children("6-16")] == ["6-16-01", "6-16-02"]


@pytest.mark.usefixtures("with_minors")
def test_grouped_choices_replace_a_medium_group_by_its_minor_groups() -> None:
    options = dict(grouped_choices())["6 生产制造及有关人员"]
    codes = [code for code, _ in options]
    assert "6-16" not in codes
    assert codes[codes.index("6-15") + 1 : codes.index("6-17")] == ["6-16-01", "6-16-02"]
    assert ("6-16-01", "6-16-01 测试小类乙") in options


def test_validate_occupation() -> None:
    assert validate_occupation("4-04").name == "信息传输、软件和信息技术服务人员"
    assert validate_occupation("4", min_level=1).code == "4"


@pytest.mark.usefixtures("with_minors")
def test_validate_occupation_min_level_three() -> None:
    assert validate_occupation("6-16-01", min_level=3).level == 3
    with pytest.raises(DomainError) as caught:
        validate_occupation("6-16", min_level=3)
    assert caught.value.code == "occupation_too_coarse"


@pytest.mark.parametrize(
    ("code", "error", "message"),
    [
        ("9-01", "occupation_invalid", "Choose a job category from the list."),
        ("", "occupation_invalid", "Choose a job category from the list."),
        ("2", "occupation_too_coarse", "Choose a more specific job category."),
    ],
)
def test_validate_occupation_errors(code: str, error: str, message: str) -> None:
    with translation.override("en"):
        with pytest.raises(DomainError) as caught:
            validate_occupation(code, field="job_category")
        assert caught.value.code == error
        assert caught.value.as_dict()["fields"] == {"job_category": message}


def test_grouped_choices_shape() -> None:
    groups = grouped_choices()
    assert [label for label, _ in groups][:2] == [
        "1 党的机关、国家机关、群众团体和社会组织、企事业单位负责人",
        "2 专业技术人员",
    ]
    assert sum(len(options) for _, options in groups) == 79
    options = dict(groups)["2 专业技术人员"]
    assert options[1] == ("2-02", "2-02 工程技术人员")
    assert all(label.startswith(f"{code} ") for _, group in groups for code, label in group)


def test_grouped_choices_labels_in_english() -> None:
    with translation.override("en"):
        labels = [label for label, _ in grouped_choices()]
    assert labels[1] == "2 Professional and technical personnel"


def test_occupation_field() -> None:
    field = OccupationField(required=True)
    assert field.clean("6-16") == "6-16"
    assert list(field.choices)[0][0] == ""
    with translation.override("en"):
        with pytest.raises(ValidationError, match="more specific") as caught:
            field.clean("6")
        assert caught.value.code == "occupation_too_coarse"
        with pytest.raises(ValidationError, match="from the list"):
            field.clean("6-66")
        with pytest.raises(ValidationError, match="required"):
            field.clean("")
    assert OccupationField(required=False).clean("") == ""
