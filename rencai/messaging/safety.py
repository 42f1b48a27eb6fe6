"""Screening of conversation and interview text with the platform's screening engine
(``rencai/jobs/screening``): the posting rules in force plus the two rule files of this app
(``rules/chat_safety.toml``, ``rules/interview_questions.toml``, same format).

- FRD-05 safety prompts: a message to a seeker that asks for money, deposits, transfers,
  loans, order brushing (刷单) or a move to another app gets ``safety_flags``; the seeker's
  side shows a warning card with it. The message is delivered: the seeker decides.
- DIS-05: interview templates, an interview's questions and the employer's chat messages
  must not ask about marriage, childbearing, pregnancy or HBV. These are refused with the
  stable code ``discriminatory_question`` and the findings. We refuse rather than only
  warn because the question itself is the harm (Women's Rights Law art. 43); the composer
  shows the same findings as a warning so the employer can rephrase.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rencai.jobs.screening.engine import Finding, Rule, load_rules, screen

RULES_DIR = Path(__file__).resolve().parent / "rules"

# What the seeker is warned about (FRD-05), with the text of the warning card.
SAFETY_CATEGORIES: Mapping[str, Promise] = {
    "fee_deposit": _(
        "This message asks for money. Employers may not charge you deposits or fees of any "
        "kind; never pay to get a job."
    ),
    "fraud": _(
        "This message contains wording typical of job fraud (order brushing, advance "
        "payments, loans, transfers). Do not pay, lend or transfer anything."
    ),
    "diversion": _(
        "This message asks you to move to another app or to share contact details. Keep the "
        "conversation here until you have met the employer in person."
    ),
    "id_seizure": _(
        "Nobody may keep your ID card or certificates. Show them, never hand them over."
    ),
    "overseas": _(
        "High pay abroad with no experience needed is a common trafficking lure. Check the "
        "employer carefully before you travel."
    ),
}
# Questions an employer may not ask (DIS-05).
QUESTION_CATEGORIES = frozenset({"marital_childbearing", "health_hbv"})
QUESTION_RULE_PREFIX = "DIS-QUESTION-"


@cache
def messaging_rules() -> tuple[Rule, ...]:
    """This app's rule files, compiled once per process."""
    return load_rules(RULES_DIR)


def _rules() -> tuple[Rule, ...]:
    from rencai.jobs.rules import active_rules

    return (*active_rules(), *messaging_rules())


def _findings(fields: Mapping[str, str], categories: Iterable[str]) -> list[Finding]:
    wanted = frozenset(categories)
    texts = {name: text for name, text in fields.items() if text and text.strip()}
    if not texts:
        return []
    result = screen(texts, _rules())
    return [finding for finding in result.findings if finding.category in wanted]


def safety_flags(text: str) -> list[dict[str, Any]]:
    """The FRD-05 flags of a message to a seeker, as stored in ``Message.safety_flags``:
    one entry per category found (``category``, ``code``, ``text`` that matched)."""
    flags: dict[str, dict[str, Any]] = {}
    for finding in _findings({"body": text}, SAFETY_CATEGORIES):
        flags.setdefault(
            finding.category,
            {"category": finding.category, "code": finding.code, "text": finding.text},
        )
    return list(flags.values())


def warning_text(category: str) -> str:
    """The seeker-facing warning for a stored flag category."""
    return str(SAFETY_CATEGORIES.get(category, SAFETY_CATEGORIES["fraud"]))


def question_findings(fields: Mapping[str, str]) -> list[dict[str, Any]]:
    """DIS-05 findings in employer text (template, questions, message), as JSON for the
    API's ``warnings`` and the error's ``findings``."""
    found = _findings(fields, QUESTION_CATEGORIES)
    own = [f for f in found if f.code.startswith(QUESTION_RULE_PREFIX)]

    def covered(finding: Finding) -> bool:
        """A posting rule's finding where a question rule found the same words (its
        explanation speaks of postings; the question rule's speaks of interviews)."""
        return not finding.code.startswith(QUESTION_RULE_PREFIX) and any(
            other.field == finding.field and other.start < finding.end and finding.start < other.end
            for other in own
        )

    return [
        {
            "field": finding.field,
            "code": finding.code,
            "category": finding.category,
            "text": finding.text,
            "start": finding.start,
            "end": finding.end,
            "explanation": str(finding.explanation),
            "suggestion": str(finding.suggestion),
        }
        for finding in found
        if not covered(finding)
    ]
