"""Normalise posting text against evasion while remembering where every character came from.

The screening lexicon is written for plain Simplified Chinese with Arabic numerals (DIS-02).
Employers who want to slip a discriminatory condition past a keyword filter write it in
full-width characters, Traditional characters, with spaces or dashes between the characters,
with Chinese numerals or in pinyin. :func:`normalise` undoes all of that and returns the
normalised text together with, for every normalised character, the ``[start, end)`` range of
original characters it stands for, so a match can be highlighted in the text the employer wrote.

Steps, in order: NFKC (full-width → half-width, circled digits …), zero-width characters removed,
Traditional → Simplified per character (OpenCC's ``t2s`` tables), ASCII lower-casing, removal of
separators between characters when at least one neighbour is a CJK character, the pinyin and
homophone table in ``variants.json``, Chinese numerals to digits.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from opencc import OpenCC  # type: ignore[import-untyped]

VARIANTS_FILE = Path(__file__).resolve().parent / "variants.json"

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_ZERO_WIDTH = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]+")
# Separator runs between two word characters of which at least one is CJK: "限 男", "限-男",
# "限*男", "加 v 信". Between two digits or two latin letters a separator is kept ("18-35").
_SEPARATOR = re.compile(
    rf"(?<=[{_CJK}])[\s\-_*·.•~|/\\+#=^`'\"]+(?=[{_CJK}a-z0-9])"
    rf"|(?<=[a-z0-9])[\s\-_*·.•~|/\\+#=^`'\"]+(?=[{_CJK}])"
)
_DIGITS = {"零": 0, "〇": 0, "一": 1, "幺": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_UNITS)
# A Chinese number is rewritten when it is positional ("三十五", "十八", "一百"), when a unit of
# age, time, money or size follows ("三年内", "两年"), or when it is a long digit string, which
# is how phone numbers are hidden ("一三八一二三四五六七八").
_NUMERAL = re.compile(
    rf"[{_NUMERAL_CHARS}]*[十百千][{_NUMERAL_CHARS}]*"
    rf"|[{''.join(_DIGITS)}]+(?=周?岁|年|个?月|天|元|块|万|千|百|小时|公分|厘米|公斤|斤)"
    rf"|[{''.join(_DIGITS)}]{{5,}}"
)


@dataclass(frozen=True)
class NormalisedText:
    """Normalised text with, per character, the original ``[start, end)`` it came from."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalised span ``[start, end)`` to the original text's character offsets."""
        if end <= start:
            origin = self.starts[start] if start < len(self.starts) else self.ends[-1]
            return origin, origin
        return self.starts[start], self.ends[end - 1]


Replacement = Callable[[re.Match[str]], str]


def _substitute(
    text: str, starts: list[int], ends: list[int], pattern: re.Pattern[str], repl: Replacement
) -> tuple[str, list[int], list[int]]:
    """``re.sub`` that keeps the offset maps: a replacement spans its whole original match."""
    pieces: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    position = 0
    for match in pattern.finditer(text):
        begin, finish = match.span()
        pieces.append(text[position:begin])
        new_starts.extend(starts[position:begin])
        new_ends.extend(ends[position:begin])
        replacement = repl(match)
        if replacement and finish > begin:
            new_starts.extend([starts[begin]] * len(replacement))
            new_ends.extend([ends[finish - 1]] * len(replacement))
            pieces.append(replacement)
        position = finish
    if not pieces:
        return text, starts, ends
    pieces.append(text[position:])
    new_starts.extend(starts[position:])
    new_ends.extend(ends[position:])
    return "".join(pieces), new_starts, new_ends


def _nfkc(text: str) -> tuple[str, list[int], list[int]]:
    """NFKC per character, so that every output character knows its source character."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        offsets = list(range(len(text)))
        return text, offsets, [i + 1 for i in offsets]
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for index, char in enumerate(text):
        normalised = unicodedata.normalize("NFKC", char)
        pieces.append(normalised)
        starts.extend([index] * len(normalised))
        ends.extend([index + 1] * len(normalised))
    return "".join(pieces), starts, ends


@cache
def _converter() -> OpenCC:
    """OpenCC's Traditional → Simplified converter (loads its dictionaries once)."""
    return OpenCC("t2s")


_T2S: dict[int, str] = {}
_T2S_SEEN: set[str] = set()


def _to_simplified(text: str) -> str:
    """Traditional → Simplified character by character (length-preserving, so offsets hold)."""
    new = set(text) - _T2S_SEEN
    if new:
        converter = _converter()
        for char in new:
            if ord(char) > 0x2E7F:
                converted = converter.convert(char)
                if len(converted) == 1 and converted != char:
                    _T2S[ord(char)] = converted
            _T2S_SEEN.add(char)
    return text.translate(_T2S)


_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}


@cache
def _variants() -> tuple[re.Pattern[str], dict[str, str]]:
    """The pinyin/homophone table as one longest-first regular expression."""
    table: dict[str, str] = json.loads(VARIANTS_FILE.read_text(encoding="utf-8"))["variants"]
    alternatives = []
    for key in sorted(table, key=len, reverse=True):
        before = "(?<![a-z])" if key[0].isascii() and key[0].isalpha() else ""
        after = "(?![a-z])" if key[-1].isascii() and key[-1].isalpha() else ""
        alternatives.append(f"{before}{re.escape(key)}{after}")
    return re.compile("|".join(alternatives)), table


def chinese_number(numeral: str) -> int | str:
    """Value of a Chinese numeral ("三十五" → 35, "十八" → 18); digit strings stay digit strings.

    A run of plain digits without units ("一三八") is read digit by digit and returned as a
    string, which keeps leading zeros ("零一零" → "010").
    """
    if not any(char in _UNITS for char in numeral):
        return "".join(str(_DIGITS[char]) for char in numeral)
    total = 0
    current = 0
    for char in numeral:
        if char in _DIGITS:
            current = _DIGITS[char]
        else:
            total += (current or 1) * _UNITS[char]
            current = 0
    return total + current


def normalise(text: str) -> NormalisedText:
    """Normalise ``text`` for screening and keep the offset map back to the original."""
    value, starts, ends = _nfkc(text)
    value, starts, ends = _substitute(value, starts, ends, _ZERO_WIDTH, lambda _match: "")
    value = _to_simplified(value).translate(_ASCII_LOWER)
    value, starts, ends = _substitute(value, starts, ends, _SEPARATOR, lambda _match: "")
    pattern, table = _variants()
    value, starts, ends = _substitute(value, starts, ends, pattern, lambda m: table[m.group()])
    value, starts, ends = _substitute(
        value, starts, ends, _NUMERAL, lambda m: str(chinese_number(m.group()))
    )
    return NormalisedText(value, tuple(starts), tuple(ends))
