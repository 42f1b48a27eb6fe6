"""Administrative divisions: the shipped data set, the hierarchy rules and validation."""

from __future__ import annotations

import json

import pytest

from rencai.core import divisions
from rencai.core.divisions import (
    Division,
    ancestors,
    children,
    code_prefix,
    display_name,
    get_division,
    is_within,
    provinces,
    validate_division,
)
from rencai.core.errors import DomainError


def _all() -> list[Division]:
    return list(divisions._table().by_code.values())


def test_there_are_31_provinces_333_cities_and_2850_county_level_divisions() -> None:
    levels = [item.level for item in _all()]
    assert len(provinces()) == 31
    assert levels.count(1) == 31
    assert levels.count(2) == 333
    assert levels.count(3) == 2850


def test_known_divisions() -> None:
    assert get_division("110105") == Division("110105", "朝阳区", 3, "110000")
    assert get_division("440305") == Division("440305", "南山区", 3, "440300")
    assert get_division("440300") == Division("440300", "深圳市", 2, "440000")
    assert get_division("650000") == Division("650000", "新疆维吾尔自治区", 1, None)
    assert get_division("540000").name == "西藏自治区"


@pytest.mark.parametrize("code", ["", "11", "1101050", "abcdef", "999999", "810000", "710000"])
def test_unknown_codes(code: str) -> None:
    assert get_division(code) is None
    assert children(code) == []
    assert ancestors(code) == []


def test_the_data_is_consistent() -> None:
    for division in _all():
        assert divisions.is_well_formed(division.code)
        assert division.name and division.name not in divisions.PLACEHOLDER_NAMES
        if division.parent_code is None:
            assert division.level == 1
        else:
            parent = get_division(division.parent_code)
            assert parent is not None
            assert parent.level < division.level
            assert division.code.startswith(code_prefix(parent.code))


def test_no_township_codes_or_statistical_zones() -> None:
    rows = json.loads(divisions.DATA_FILE.read_text(encoding="utf-8"))["rows"]
    assert all(len(code) == 6 for code, _name, _parent in rows)
    # NBS numbers development zones xxxx7x for statistics; they are not divisions.
    assert get_division("320576") is None  # 苏州工业园区
    assert not [item for item in _all() if item.code[4] == "7"]


def test_municipality_districts_are_children_of_the_municipality() -> None:
    beijing = children("110000")
    assert len(beijing) == 16
    assert beijing[0] == Division("110101", "东城区", 3, "110000")
    assert "110105" in {item.code for item in beijing}
    chongqing = children("500000")
    assert len(chongqing) == 38  # 26 districts and 12 counties (500100 市辖区, 500200 县)
    assert {item.level for item in chongqing} == {3}


@pytest.mark.parametrize("code", ["110100", "120100", "310100", "500100", "500200", "429000"])
def test_placeholders_are_not_divisions(code: str) -> None:
    assert get_division(code) is None
    assert children(code) == []
    with pytest.raises(DomainError) as caught:
        validate_division(code)
    assert caught.value.code == "division_invalid"


def test_county_level_units_under_the_province_come_after_its_cities() -> None:
    hubei = [item.code for item in children("420000")]
    assert hubei[:2] == ["420100", "420200"]
    assert hubei[-4:] == ["429004", "429005", "429006", "429021"]
    assert get_division("429004") == Division("429004", "仙桃市", 3, "420000")
    assert get_division("659001") == Division("659001", "石河子市", 3, "650000")


def test_cities_without_districts_are_leaves() -> None:
    for code, name in [("441900", "东莞市"), ("442000", "中山市"), ("460400", "儋州市")]:
        assert get_division(code) == Division(code, name, 2, code[:2] + "0000")
        assert children(code) == []


def test_ancestors_province_first() -> None:
    assert [item.code for item in ancestors("440305")] == ["440000", "440300"]
    assert [item.code for item in ancestors("110105")] == ["110000"]
    assert [item.code for item in ancestors("429004")] == ["420000"]
    assert ancestors("440000") == []


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("440305", "广东省 深圳市 南山区"),
        ("110105", "北京市 朝阳区"),
        ("500229", "重庆市 城口县"),
        ("310115", "上海市 浦东新区"),
        ("429004", "湖北省 仙桃市"),
        ("441900", "广东省 东莞市"),
        ("650000", "新疆维吾尔自治区"),
        ("999999", "999999"),
    ],
)
def test_display_name(code: str, expected: str) -> None:
    assert display_name(code) == expected


def test_display_names_never_show_placeholders() -> None:
    for division in _all():
        assert not set(display_name(division.code).split()) & divisions.PLACEHOLDER_NAMES


def test_is_within() -> None:
    assert is_within("440305", "440000")
    assert is_within("440305", "440300")
    assert is_within("440305", "440305")
    assert is_within("110105", "110000")
    assert is_within("429004", "420000")
    assert not is_within("440305", "110000")
    assert not is_within("440000", "440305")
    assert not is_within("110105", "110100")  # a placeholder is not a division
    assert not is_within("999999", "440000")


@pytest.mark.parametrize(
    ("code", "prefix"), [("440000", "44"), ("440300", "4403"), ("440305", "440305")]
)
def test_code_prefix(code: str, prefix: str) -> None:
    assert code_prefix(code) == prefix


@pytest.mark.parametrize("code", ["", "44", "4403000", "44030a"])
def test_code_prefix_rejects_malformed_codes(code: str) -> None:
    with pytest.raises(ValueError, match="not a division code"):
        code_prefix(code)


def test_the_prefix_selects_exactly_the_division_and_everything_below_it() -> None:
    every = _all()
    for division in [item for item in every if item.level < 3]:
        below = {division.code}
        pending = [division.code]
        while pending:
            for child in children(pending.pop()):
                below.add(child.code)
                pending.append(child.code)
        prefix = code_prefix(division.code)
        assert {item.code for item in every if item.code.startswith(prefix)} == below
        assert all(is_within(code, division.code) for code in below)


def test_validate_division_returns_the_division() -> None:
    assert validate_division("440305", min_level=3) == get_division("440305")
    assert validate_division("440000").code == "440000"


@pytest.mark.parametrize("code", ["", "abc", "44", "999999", "440370"])
def test_validate_division_rejects_unknown_codes(code: str) -> None:
    with pytest.raises(DomainError) as caught:
        validate_division(code, field="office")
    assert caught.value.code == "division_invalid"
    assert caught.value.status == 400
    assert caught.value.fields == {"office": caught.value.message}


@pytest.mark.parametrize(
    ("code", "min_level", "ok"),
    [
        ("440000", 1, True),
        ("440000", 2, False),
        ("440300", 2, True),
        ("440300", 3, False),
        ("440305", 3, True),
        ("110000", 2, True),  # a municipality is a city
        ("110000", 3, False),
        ("110105", 3, True),
        ("420000", 2, False),
        ("429004", 2, True),
        ("429004", 3, True),
        ("441900", 3, True),  # 东莞市 has no districts
    ],
)
def test_validate_division_min_level(code: str, min_level: int, ok: bool) -> None:
    if ok:
        assert validate_division(code, min_level=min_level).code == code
        return
    with pytest.raises(DomainError) as caught:
        validate_division(code, field="office", min_level=min_level)
    assert caught.value.code == "division_too_coarse"
    assert set(caught.value.fields) == {"office"}


def test_validate_division_rejects_a_bad_min_level() -> None:
    with pytest.raises(ValueError, match="min_level"):
        validate_division("440000", min_level=4)


def test_the_file_is_read_once() -> None:
    assert divisions._table() is divisions._table()
