"""Highlighted snippets made from the original text of a posting.

Matching happens on the normalised text (so 會計 in a posting is found by 会计 and the
other way round), and the marks are placed on the characters the employer wrote, through the
offset map of :func:`rencai.search.text.normalise_with_offsets`.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from rencai.search.text import normalise_with_offsets

ELLIPSIS = "…"


def match_spans(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """Non-overlapping ``[start, end)`` spans of ``words`` (longest first) in ``text``, in
    original character positions, sorted."""
    folded, origin = normalise_with_offsets(text)
    taken = [False] * len(folded)
    spans: list[tuple[int, int]] = []
    for word in sorted({w for w in words if w}, key=len, reverse=True):
        start = folded.find(word)
        while start != -1:
            end = start + len(word)
            if not any(taken[start:end]):
                for position in range(start, end):
                    taken[position] = True
                spans.append((origin[start], origin[end - 1] + 1))
            start = folded.find(word, end)
    return sorted(spans)


def _marked(text: str, spans: Sequence[tuple[int, int]], offset: int) -> str:
    parts: list[str] = []
    cursor = 0
    for start, end in spans:
        start, end = start - offset, end - offset
        if start < cursor or end > len(text) or start < 0:
            continue
        parts.append(escape(text[cursor:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    parts.append(escape(text[cursor:]))
    return "".join(parts)


def highlight(text: str, words: Sequence[str]) -> SafeString:
    """The whole text, escaped, with every match wrapped in ``<mark>``."""
    return mark_safe(_marked(text, match_spans(text, words), 0))  # noqa: S308 — escaped above


def snippet(text: str, words: Sequence[str], *, length: int = 90) -> SafeString:
    """About ``length`` characters of ``text`` around its first match (or its start), escaped,
    with matches marked; lines are joined so the snippet reads as one passage."""
    flat = " ".join(text.split())
    spans = match_spans(flat, words)
    if spans:
        first = spans[0][0]
        start = max(0, min(first - length // 4, len(flat) - length))
    else:
        start = 0
    end = min(len(flat), start + length)
    window = [(s, e) for s, e in spans if s >= start and e <= end]
    body = _marked(flat[start:end], window, start)
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(flat) else ""
    return mark_safe(f"{prefix}{body}{suffix}")  # noqa: S308 — escaped in _marked
