"""The posting screening engine: explainable findings over normalised text (DIS-01, DIS-02).

Rules live in TOML data files under ``rules/`` (format in ``README.md``). They are read and
compiled once per process; :func:`screen` normalises each field, runs every rule over it, drops
matches that overlap one of the rule's ``unless`` (allow-list) patterns and maps the remaining
spans back to the characters the employer typed.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

from django.utils.translation import gettext_lazy

from rencai.jobs.screening.normalise import normalise

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

RULES_DIR = Path(__file__).resolve().parent / "rules"

Severity = Literal["block", "review", "warn"]
Verdict = Literal["pass", "review", "block"]
Category = Literal[
    "gender",
    "marital_childbearing",
    "ethnicity",
    "religion",
    "hukou_region",
    "identity",
    "disability",
    "health_hbv",
    "age",
    "education_tier",
    "appearance",
    "fee_deposit",
    "id_seizure",
    "fraud",
    "bait",
    "diversion",
    "overseas",
    "minors",
]
SEVERITIES: frozenset[str] = frozenset(get_args(Severity))
CATEGORIES: frozenset[str] = frozenset(get_args(Category))
RULE_KEYS = frozenset(
    {"id", "rule", "category", "severity", "patterns", "unless", "explanation", "suggestion"}
)
_DEFINE = re.compile(r"\{\{([A-Z][A-Z0-9_]*)\}\}")


class RuleFileError(ValueError):
    """A rule file is malformed; the message names the file and the rule."""


@dataclass(frozen=True)
class Rule:
    """One compiled screening rule."""

    code: str
    compliance_rule: str
    category: Category
    severity: Severity
    pattern: re.Pattern[str]
    unless: re.Pattern[str] | None
    explanation_msgid: str
    suggestion_msgid: str
    source: str


@dataclass(frozen=True)
class Finding:
    """One problem found in a posting field, located in the original text."""

    code: str
    category: Category
    severity: Severity
    field: str
    start: int
    end: int
    text: str
    rule: str
    explanation: StrPromise
    suggestion: StrPromise


@dataclass(frozen=True)
class ScreeningResult:
    """The verdict on a set of fields and the findings that led to it."""

    verdict: Verdict
    findings: tuple[Finding, ...]


def _expand(pattern: str, defines: Mapping[str, str], where: str) -> str:
    """Replace ``{{NAME}}`` placeholders by the file's ``[defines]`` entries."""

    def lookup(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in defines:
            raise RuleFileError(f"{where}: undefined placeholder {{{{{name}}}}}")
        return f"(?:{defines[name]})"

    return _DEFINE.sub(lookup, pattern)


def _compile(patterns: Iterable[str], defines: Mapping[str, str], where: str) -> re.Pattern[str]:
    """Compile a list of patterns into one alternation, naming the culprit on a syntax error."""
    expanded = [_expand(pattern, defines, where) for pattern in patterns]
    for pattern in expanded:
        try:
            re.compile(pattern)
        except re.error as error:
            raise RuleFileError(f"{where}: bad pattern {pattern!r}: {error}") from error
    return re.compile("|".join(f"(?:{pattern})" for pattern in expanded))


def _string_list(value: object, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RuleFileError(f"{where}: expected a list of strings")
    return list(value)


def _parse_rule(entry: object, defines: Mapping[str, str], source: str) -> Rule:
    """Validate one ``[[rules]]`` table and compile it."""
    if not isinstance(entry, dict):
        raise RuleFileError(f"{source}: every [[rules]] entry must be a table")
    where = f"{source} rule {entry.get('id', '?')}"
    missing = RULE_KEYS - {"unless"} - entry.keys()
    unknown = entry.keys() - RULE_KEYS
    if missing or unknown:
        raise RuleFileError(f"{where}: missing {sorted(missing)}, unknown {sorted(unknown)}")
    for key in ("id", "rule", "category", "severity", "explanation", "suggestion"):
        if not isinstance(entry[key], str) or not entry[key]:
            raise RuleFileError(f"{where}: {key} must be a non-empty string")
    if entry["category"] not in CATEGORIES:
        raise RuleFileError(f"{where}: unknown category {entry['category']!r}")
    if entry["severity"] not in SEVERITIES:
        raise RuleFileError(f"{where}: unknown severity {entry['severity']!r}")
    patterns = _string_list(entry["patterns"], where)
    if not patterns:
        raise RuleFileError(f"{where}: at least one pattern is required")
    unless = _string_list(entry.get("unless", []), where)
    return Rule(
        code=entry["id"],
        compliance_rule=entry["rule"],
        category=entry["category"],
        severity=entry["severity"],
        pattern=_compile(patterns, defines, where),
        unless=_compile(unless, defines, where) if unless else None,
        explanation_msgid=entry["explanation"],
        suggestion_msgid=entry["suggestion"],
        source=source,
    )


def parse_rules(data: Mapping[str, object], source: str) -> list[Rule]:
    """Compile the rules of one parsed rule file (``[defines]`` and ``[[rules]]``)."""
    defines = data.get("defines", {})
    if not isinstance(defines, dict) or not all(isinstance(v, str) for v in defines.values()):
        raise RuleFileError(f"{source}: [defines] must map names to strings")
    defines = {name: _expand(value, defines, source) for name, value in defines.items()}
    entries = data.get("rules", [])
    if not isinstance(entries, list):
        raise RuleFileError(f"{source}: rules must be an array of tables")
    return [_parse_rule(entry, defines, source) for entry in entries]


def parse_rules_text(text: str, source: str) -> list[Rule]:
    """Compile a rule file given as text (operators' additions are stored in the database)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RuleFileError(f"{source}: {error}") from error
    return parse_rules(data, source)


def check_unique(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    """The rules, refusing two with the same id."""
    listed = tuple(rules)
    codes = [rule.code for rule in listed]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise RuleFileError(f"duplicate rule ids: {duplicates}")
    return listed


def load_rules(directory: Path) -> tuple[Rule, ...]:
    """Read and compile every ``*.toml`` rule file in ``directory`` (sorted by file name)."""
    rules: list[Rule] = []
    for path in sorted(directory.glob("*.toml")):
        with path.open("rb") as handle:
            try:
                data = tomllib.load(handle)
            except tomllib.TOMLDecodeError as error:
                raise RuleFileError(f"{path.name}: {error}") from error
        rules.extend(parse_rules(data, path.name))
    return check_unique(rules)


@cache
def compiled_rules() -> tuple[Rule, ...]:
    """The platform's rules, compiled once per process."""
    return load_rules(RULES_DIR)


@cache
def _lazy(msgid: str) -> StrPromise:
    """One lazily translated string per msgid (msgids come from the rule files)."""
    return gettext_lazy(msgid)


def _overlaps(span: tuple[int, int], allowed: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in allowed)


def screen_text(field: str, text: str, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Findings for one field's text."""
    if not text or not text.strip():
        return []
    normalised = normalise(text)
    value = normalised.text
    findings: list[Finding] = []
    for rule in compiled_rules() if rules is None else rules:
        matches = [
            match.span() for match in rule.pattern.finditer(value) if match.end() > match.start()
        ]
        if not matches:
            continue
        if rule.unless is not None:
            allowed = [match.span() for match in rule.unless.finditer(value)]
            matches = [span for span in matches if not _overlaps(span, allowed)]
        for start, end in matches:
            original_start, original_end = normalised.original_span(start, end)
            findings.append(
                Finding(
                    code=rule.code,
                    category=rule.category,
                    severity=rule.severity,
                    field=field,
                    start=original_start,
                    end=original_end,
                    text=text[original_start:original_end],
                    rule=rule.compliance_rule,
                    explanation=_lazy(rule.explanation_msgid),
                    suggestion=_lazy(rule.suggestion_msgid),
                )
            )
    findings.sort(key=lambda finding: (finding.start, finding.end, finding.code))
    return [finding for finding in findings if not _shadowed(finding, findings)]


_RANK: Mapping[str, int] = {"warn": 0, "review": 1, "block": 2}


def _shadowed(finding: Finding, findings: list[Finding]) -> bool:
    """A finding inside a more severe one of the same category adds nothing ("高薪日结")."""
    return any(
        other.category == finding.category
        and _RANK[other.severity] > _RANK[finding.severity]
        and other.start <= finding.start
        and finding.end <= other.end
        for other in findings
    )


def verdict_of(findings: Iterable[Finding]) -> Verdict:
    """``block`` if any finding blocks, else ``review`` if any needs review, else ``pass``."""
    severities = {finding.severity for finding in findings}
    if "block" in severities:
        return "block"
    if "review" in severities:
        return "review"
    return "pass"


def screen(fields: Mapping[str, str], rules: Iterable[Rule] | None = None) -> ScreeningResult:
    """Screen posting text fields (``{"title": ..., "description": ...}``) against ``rules``
    (the platform's own by default)."""
    listed = compiled_rules() if rules is None else tuple(rules)
    findings: list[Finding] = []
    for field, text in fields.items():
        findings.extend(screen_text(field, text, listed))
    return ScreeningResult(verdict=verdict_of(findings), findings=tuple(findings))


RISK_REVIEW_THRESHOLD = 50
HIGH_PAY_MONTHLY = 15_000
VERY_HIGH_PAY_MONTHLY = 30_000
_RISK_POINTS: Mapping[str, int] = {
    "fraud": 60,
    "diversion": 40,
    "overseas": 40,
    "fee_deposit": 40,
    "id_seizure": 40,
}


def risk_score(
    fields: Mapping[str, str],
    *,
    pay_max_monthly: int | None,
    rules: Iterable[Rule] | None = None,
) -> int:
    """Fraud risk from 0 to 100 (FRD-01): bait phrases, fraud signals and pay out of line.

    Each distinct bait phrase adds 15 (a review-level one 25); fraud, diversion, overseas and
    fee findings add their category's points; monthly pay of ``HIGH_PAY_MONTHLY`` or more adds 15
    alone and 30 (``VERY_HIGH_PAY_MONTHLY``: 45) when it comes with any bait phrase.
    Postings at ``RISK_REVIEW_THRESHOLD`` or above belong in manual review.
    """
    return risk_of(screen(fields, rules).findings, pay_max_monthly=pay_max_monthly)


def risk_of(findings: Iterable[Finding], *, pay_max_monthly: int | None) -> int:
    """The risk score (see ``risk_score``) of findings already made."""
    score = 0
    bait_phrases: set[str] = set()
    for finding in findings:
        if finding.category == "bait":
            phrase = normalise(finding.text).text
            if phrase not in bait_phrases:
                bait_phrases.add(phrase)
                score += 25 if finding.severity == "review" else 15
        else:
            score += _RISK_POINTS.get(finding.category, 0)
    if pay_max_monthly is not None and pay_max_monthly >= HIGH_PAY_MONTHLY:
        if not bait_phrases:
            score += 15
        elif pay_max_monthly >= VERY_HIGH_PAY_MONTHLY:
            score += 45
        else:
            score += 30
    return min(score, 100)
