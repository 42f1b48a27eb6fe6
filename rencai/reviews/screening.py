"""Screening of review and reply text: the posting screening engine plus rules of its own.

``screen_review_text(text, names=...)`` returns a :class:`ReviewScreening`:

- the posting engine (``rencai.jobs.rules.active_rules``: discrimination, fees and fraud,
  diversion off the platform, with the operators' additions) runs over the text. Its
  ``block`` findings block; fee, fraud, bait, overseas and ID-seizure findings are
  downgraded to ``review`` because a review that mentions a deposit is usually *warning*
  others about the employer: an operator looks at it before it is published;
- personal information of individuals: mobile and landline numbers, ID numbers and e-mail
  addresses block (the author must take them out);
- abusive language blocks;
- names of people: the names of the organisation's staff (passed in ``names``) and a
  surname followed by a title ("王经理", "李总") are masked in ``display_text``
  ("王**", "某经理") and reported with severity ``mask``; they do not hold the text back.

Verdict: ``block`` if any finding blocks, else ``review``, else ``pass``. Findings are
stored as JSON (code, category, severity, start, end, text) and explained on the page
through :func:`explain`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rencai.core.masking import mask_name
from rencai.jobs.rules import active_rules
from rencai.jobs.screening.engine import Rule, Verdict, screen_text
from rencai.jobs.screening.normalise import normalise

FIELD = "text"
DOWNGRADED = frozenset({"fee_deposit", "id_seizure", "fraud", "bait", "overseas"})
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
    "郝龚邵万钱严覃武戴莫孔向汤"
)


@dataclass(frozen=True)
class OwnRule:
    code: str
    category: str
    severity: str
    pattern: re.Pattern[str]


# Patterns over the engine's normalised text (lower-case Latin, Arabic numerals, no
# separators between CJK characters).
OWN_RULES: tuple[OwnRule, ...] = (
    OwnRule(
        "REV-PI-PHONE",
        "personal_information",
        "block",
        re.compile(r"(?<!\d)(?:\+?86)?1[3-9]\d{9}(?!\d)|(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)"),
    ),
    OwnRule(
        "REV-PI-ID",
        "personal_information",
        "block",
        re.compile(r"(?<![\dx])\d{17}[\dx](?![\dx])"),
    ),
    OwnRule(
        "REV-PI-EMAIL",
        "personal_information",
        "block",
        re.compile(r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}"),
    ),
    OwnRule(
        "REV-ABUSE-01",
        "abuse",
        "block",
        re.compile(
            r"傻逼|傻b|煞笔|沙比|(?<![a-z])sb(?![a-z])|他妈的?|(?<![a-z])tmd(?![a-z])|nmsl|"
            r"草泥马|操你|(?<![a-z])cnm(?![a-z])|狗日|王八蛋|贱人|婊子|去死|人渣|畜生|脑残|滚蛋"
        ),
    ),
    OwnRule(
        "REV-NAME-TITLE",
        "personal_name",
        "mask",
        re.compile(
            rf"[{SURNAMES}](?=(?:经理|总监|主管|主任|组长|老师|老板|hr|总(?!体|之|的|结|部|共|是|算|监|额|数|计)))"
        ),
    ),
)

EXPLANATIONS: dict[str, tuple[Promise, Promise]] = {
    "personal_information": (
        _("Phone numbers, ID numbers and e-mail addresses of people may not be published."),
        _("Take the number or address out; describe what happened instead."),
    ),
    "abuse": (
        _("Abusive or insulting language is not allowed in reviews."),
        _("Describe your experience factually and without insults."),
    ),
    "personal_name": (
        _("Names of individual staff are masked when the review is shown."),
        _("Refer to people by their role (for example “the interviewer”)."),
    ),
}
REVIEW_NOTE = _(
    "If the organisation treated you this way, report it to the platform as well: reports "
    "are handled by trust & safety."
)


@dataclass(frozen=True)
class ReviewScreening:
    verdict: Verdict
    findings: list[dict[str, Any]]
    display_text: str


def _name_spans(value: str, names: Iterable[str]) -> list[tuple[int, int, str]]:
    spans = []
    for name in {n.strip() for n in names if len(n.strip()) >= 2}:
        key = normalise(name).text
        if len(key) < 2:
            continue
        for match in re.finditer(re.escape(key), value):
            spans.append((match.start(), match.end(), name))
    return spans


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def screen_review_text(
    text: str, *, names: Iterable[str] = (), rules: Iterable[Rule] | None = None
) -> ReviewScreening:
    """Screen a review's (or a reply's) text; ``names`` are staff names to mask, ``rules``
    the posting engine's rules (the active ones by default)."""
    normalised = normalise(text)
    value = normalised.text
    findings: list[dict[str, Any]] = []
    masks: list[tuple[int, int, str]] = []

    def add(code: str, category: str, severity: str, start: int, end: int) -> None:
        original = normalised.original_span(start, end)
        findings.append(
            {
                "code": code,
                "category": category,
                "severity": severity,
                "start": original[0],
                "end": original[1],
                "text": text[original[0] : original[1]],
            }
        )

    for rule in OWN_RULES:
        for match in rule.pattern.finditer(value):
            if match.end() == match.start() and rule.severity != "mask":
                continue
            if rule.severity == "mask":
                start, end = match.start(), match.start() + 1
                original = normalised.original_span(start, end)
                masks.append((original[0], original[1], "某"))
                add(rule.code, rule.category, rule.severity, start, end)
            else:
                add(rule.code, rule.category, rule.severity, match.start(), match.end())
    for start, end, name in _name_spans(value, names):
        original = normalised.original_span(start, end)
        if any(_overlaps(original, (m[0], m[1])) for m in masks):
            continue
        masks.append((original[0], original[1], mask_name(name)))
        add("REV-NAME-STAFF", "personal_name", "mask", start, end)

    blocked = [(f["start"], f["end"]) for f in findings if f["severity"] == "block"]
    for finding in screen_text(FIELD, text, active_rules() if rules is None else rules):
        span = (finding.start, finding.end)
        if any(_overlaps(span, other) for other in blocked):
            continue  # already reported as personal information or abuse
        severity = "review" if finding.category in DOWNGRADED else finding.severity
        findings.append(
            {
                "code": finding.code,
                "category": finding.category,
                "severity": severity,
                "start": finding.start,
                "end": finding.end,
                "text": finding.text,
            }
        )
    findings.sort(key=lambda f: (f["start"], f["end"], f["code"]))
    severities = {f["severity"] for f in findings}
    verdict: Verdict = (
        "block" if "block" in severities else "review" if "review" in severities else "pass"
    )
    return ReviewScreening(verdict, findings, _apply_masks(text, masks))


def _apply_masks(text: str, masks: list[tuple[int, int, str]]) -> str:
    out = text
    for start, end, replacement in sorted(masks, key=lambda m: m[0], reverse=True):
        out = out[:start] + replacement + out[end:]
    return out


def explain(finding: dict[str, Any]) -> tuple[str, str]:
    """The translated explanation and suggestion of a stored finding."""
    category = str(finding.get("category", ""))
    if category in EXPLANATIONS:
        explanation, suggestion = EXPLANATIONS[category]
        return str(explanation), str(suggestion)
    code = finding.get("code")
    for rule in active_rules():
        if rule.code == code:
            from django.utils.translation import gettext

            return gettext(rule.explanation_msgid), gettext(rule.suggestion_msgid)
    return "", ""


def explained(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Findings with their ``explanation`` and ``suggestion`` for a page or the API."""
    out = []
    for finding in findings:
        explanation, suggestion = explain(finding)
        out.append({**finding, "explanation": explanation, "suggestion": suggestion})
    return out
