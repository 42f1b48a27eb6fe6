"""Running the screening engine on posting content and storing its findings as JSON."""

from __future__ import annotations

from typing import Any

from rencai.jobs.screening.engine import Finding, ScreeningResult, screen


def finding_json(finding: Finding) -> dict[str, Any]:
    """A finding as stored with a version and returned by the API (texts in the active
    language)."""
    return {
        "code": finding.code,
        "category": finding.category,
        "severity": finding.severity,
        "field": finding.field,
        "start": finding.start,
        "end": finding.end,
        "text": finding.text,
        "rule": finding.rule,
        "explanation": str(finding.explanation),
        "suggestion": str(finding.suggestion),
    }


def screen_fields(fields: dict[str, str]) -> ScreeningResult:
    """Screen with every rule in force, the operators' additions included."""
    from rencai.jobs.rules import active_rules

    return screen({name: text for name, text in fields.items() if text}, active_rules())
