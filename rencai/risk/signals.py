"""Risk signals (FRD-01, FRD-06): pure functions from numbers to explained factors.

Every function takes the facts already gathered (by :mod:`rencai.risk.scores`) and returns a
:class:`Signal` — a stable ``code``, the points it adds (``weight``) and the ``evidence``
(numbers and short texts) — or ``None`` when the pattern is absent. The explanation is
rendered from the code and the evidence in the reader's language (:func:`explain`), so an
assessment stored today reads correctly in Chinese and in English later.

Thresholds come from settings (``RISK_*``) with the defaults in :mod:`rencai.risk.constants`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rencai.risk import constants

# --- the factors ------------------------------------------------------------------------

SCREENING = "screening"
PAY_OUTLIER = "pay_outlier"
NEW_ACCOUNT_PART_TIME = "new_account_high_pay_part_time"
OVERSEAS_BAIT = "overseas_bait"
ACCOUNT = "account_risk"
POSTING_VELOCITY = "posting_velocity"
MESSAGE_VELOCITY = "message_velocity"
REPORTS = "reports"
SANCTIONS = "sanctions"

TITLES: Mapping[str, Promise] = {
    SCREENING: _("Screening findings"),
    PAY_OUTLIER: _("Pay far above the category"),
    NEW_ACCOUNT_PART_TIME: _("New account, high pay, part-time"),
    OVERSEAS_BAIT: _("Overseas high-pay bait"),
    ACCOUNT: _("The publishing account is risky"),
    POSTING_VELOCITY: _("Many postings in minutes"),
    MESSAGE_VELOCITY: _("Many messages in minutes"),
    REPORTS: _("Reported by users"),
    SANCTIONS: _("Sanctioned before"),
}

EXPLANATIONS: Mapping[str, Promise] = {
    SCREENING: _(
        "The screening engine scored the text {screening_score} of 100 for fraud signals "
        "(fees, 刷单, off-platform contact, bait phrases, pay out of line)."
    ),
    PAY_OUTLIER: _(
        "The pay of up to {monthly_pay} yuan a month is {ratio} times the usual {median} yuan "
        "for this kind of work: too-good pay is a common fraud bait."
    ),
    NEW_ACCOUNT_PART_TIME: _(
        "The organisation was verified {days} days ago and offers {monthly_pay} yuan a month "
        "for part-time or flexible work: new accounts with high-paid part-time jobs are a "
        "typical fraud pattern."
    ),
    OVERSEAS_BAIT: _(
        "Work abroad ({destination}) with high pay and {hints}: a known trafficking and fraud "
        "pattern that always needs a person's review."
    ),
    ACCOUNT: _("The publishing organisation's own risk score is {account_score} of 100."),
    POSTING_VELOCITY: _("{count} postings were created within {minutes} minutes."),
    MESSAGE_VELOCITY: _("Messages went to {count} different job seekers within {minutes} minutes."),
    REPORTS: _("{count} different people reported this account in the last {days} days."),
    SANCTIONS: _("This account was sanctioned {count} times in the last {days} days."),
}

HINTS: Mapping[str, Promise] = {
    "travel_paid": _("travel paid"),
    "no_experience": _("no experience needed"),
}


@dataclass(frozen=True)
class Signal:
    """One factor of a risk score: what it is, how much it adds and the facts behind it."""

    code: str
    weight: int
    evidence: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "weight": self.weight, "evidence": dict(self.evidence)}


def title(code: str) -> str:
    """The factor's short name in the active language."""
    return str(TITLES.get(code, code))


def explain(code: str, evidence: Mapping[str, Any]) -> str:
    """The factor explained in the active language with its evidence filled in."""
    template = EXPLANATIONS.get(code)
    if template is None:
        return code
    values = dict(evidence)
    if code == OVERSEAS_BAIT:
        values["hints"] = "、".join(str(HINTS[h]) for h in evidence.get("hints", []) if h in HINTS)
    try:
        return str(template).format(**values)
    except (KeyError, IndexError, ValueError):
        return str(TITLES.get(code, code))


def total(signals: Iterable[Signal]) -> int:
    """The score: the factors' points added up, at most 100."""
    return min(100, sum(max(0, signal.weight) for signal in signals))


def level_of(score: int) -> str:
    """``high`` from ``RISK_HIGH_SCORE`` (manual review, never boosted), ``medium`` from
    ``RISK_MEDIUM_SCORE``, else ``low``."""
    if score >= constants.high_score():
        return "high"
    if score >= constants.medium_score():
        return "medium"
    return "low"


# --- posting signals ----------------------------------------------------------------------


def screening_signal(score: int, categories: Iterable[str] = ()) -> Signal | None:
    """The screening engine's fraud score (``rencai.jobs.screening.engine.risk_of``), as is."""
    if score <= 0:
        return None
    return Signal(
        SCREENING,
        min(100, score),
        {"screening_score": score, "categories": sorted(set(categories))},
    )


def category_median(category: str) -> int:
    """The usual monthly pay of a category: its medium group's figure when listed
    (``CATEGORY_MEDIAN_PAY_DETAIL``), else its major group's (``CATEGORY_MEDIAN_PAY``)."""
    parts = (category or "").split("-")
    medium = "-".join(parts[:2])
    if medium in constants.CATEGORY_MEDIAN_PAY_DETAIL:
        return constants.CATEGORY_MEDIAN_PAY_DETAIL[medium]
    return constants.CATEGORY_MEDIAN_PAY.get(parts[0], constants.DEFAULT_MEDIAN_PAY)


def pay_outlier_signal(monthly_pay: int | None, category: str) -> Signal | None:
    """Pay at ``RISK_PAY_OUTLIER_RATIO`` times the category's median or more."""
    if monthly_pay is None or monthly_pay <= 0:
        return None
    median = category_median(category)
    ratio = monthly_pay / median
    if ratio < constants.pay_outlier_ratio():
        return None
    return Signal(
        PAY_OUTLIER,
        constants.WEIGHTS[PAY_OUTLIER],
        {"monthly_pay": monthly_pay, "median": median, "ratio": round(ratio, 1)},
    )


PART_TIME_TYPES = frozenset({"part_time", "flexible"})


def new_account_signal(
    *, verified_days: int | None, monthly_pay: int | None, employment_type: str
) -> Signal | None:
    """A recently verified organisation (``RISK_NEW_ACCOUNT_DAYS``) offering high pay
    (``RISK_HIGH_PAY_MONTHLY``) for part-time or flexible work. An organisation never
    verified counts as new (``verified_days`` None → 0)."""
    days = 0 if verified_days is None else verified_days
    if days >= constants.new_account_days():
        return None
    if employment_type not in PART_TIME_TYPES:
        return None
    if monthly_pay is None or monthly_pay < constants.high_pay_monthly():
        return None
    return Signal(
        NEW_ACCOUNT_PART_TIME,
        constants.WEIGHTS[NEW_ACCOUNT_PART_TIME],
        {"days": days, "monthly_pay": monthly_pay, "employment_type": employment_type},
    )


_DESTINATION = re.compile(
    "(东南亚|柬埔寨|缅甸|缅北|迪拜|老挝|菲律宾|泰国|马来西亚|越南|西港|金边|妙瓦底|海外|境外|出国)"
)
_TRAVEL_PAID = re.compile("(包机票|报销机票|机票报销|包路费|报销路费|包签证|免费出国)")
_NO_EXPERIENCE = re.compile("(无需经验|不需要经验|不要经验|零经验|无经验要求|经验不限|小白可做)")
_HIGH_PAY_TEXT = re.compile(
    r"(高薪|月薪\s*\d+(?:\.\d+)?\s*[万w]|\d+(?:\.\d+)?\s*万\s*/?\s*月|年薪)"
)


def overseas_bait_signal(text: str, *, monthly_pay: int | None) -> Signal | None:
    """FRD-06: an overseas destination, high pay (in the pay fields or the text) and travel
    paid or no experience needed. Always enough for a manual review on its own."""
    flat = re.sub(r"\s+", "", text or "")
    destination = _DESTINATION.search(flat)
    if destination is None:
        return None
    high_pay = (monthly_pay or 0) >= constants.high_pay_monthly() or bool(
        _HIGH_PAY_TEXT.search(flat)
    )
    hints = [
        name
        for name, pattern in (("travel_paid", _TRAVEL_PAID), ("no_experience", _NO_EXPERIENCE))
        if pattern.search(flat)
    ]
    if not high_pay or not hints:
        return None
    return Signal(
        OVERSEAS_BAIT,
        constants.WEIGHTS[OVERSEAS_BAIT],
        {"destination": destination.group(1), "monthly_pay": monthly_pay, "hints": hints},
    )


def account_signal(account_score: int | None) -> Signal | None:
    """Half the publishing organisation's own score, once it is at least medium."""
    if account_score is None or account_score < constants.medium_score():
        return None
    return Signal(ACCOUNT, account_score // 2, {"account_score": account_score})


# --- account signals ----------------------------------------------------------------------


def posting_velocity_signal(count: int) -> Signal | None:
    """``RISK_POSTING_VELOCITY_COUNT`` or more postings created within
    ``RISK_POSTING_VELOCITY_MINUTES``."""
    if count < constants.posting_velocity_count():
        return None
    return Signal(
        POSTING_VELOCITY,
        constants.WEIGHTS[POSTING_VELOCITY],
        {"count": count, "minutes": constants.posting_velocity_minutes()},
    )


def message_velocity_signal(distinct_seekers: int) -> Signal | None:
    """Messages to ``RISK_MESSAGE_VELOCITY_COUNT`` or more different seekers within
    ``RISK_MESSAGE_VELOCITY_MINUTES``."""
    if distinct_seekers < constants.message_velocity_count():
        return None
    return Signal(
        MESSAGE_VELOCITY,
        constants.WEIGHTS[MESSAGE_VELOCITY],
        {"count": distinct_seekers, "minutes": constants.message_velocity_minutes()},
    )


def reports_signal(reporters: int) -> Signal | None:
    """Each different signed-in person who reported the account in
    ``RISK_REPORTS_WINDOW_DAYS`` adds ``WEIGHTS["reports"]`` points, up to 60."""
    if reporters <= 0:
        return None
    return Signal(
        REPORTS,
        min(60, constants.WEIGHTS[REPORTS] * reporters),
        {"count": reporters, "days": constants.reports_window_days()},
    )


def sanctions_signal(count: int) -> Signal | None:
    """Sanctions in ``RISK_SANCTIONS_WINDOW_DAYS`` (not revoked or overturned), 20 points each
    up to 40."""
    if count <= 0:
        return None
    return Signal(
        SANCTIONS,
        min(40, constants.WEIGHTS[SANCTIONS] * count),
        {"count": count, "days": constants.sanctions_window_days()},
    )


def present(signals: Iterable[Signal | None]) -> list[Signal]:
    """The signals that fired, heaviest first."""
    return sorted(
        (signal for signal in signals if signal is not None),
        key=lambda signal: (-signal.weight, signal.code),
    )
