"""Settings of the sanctions app, read with their defaults.

``SANCTION_APPEAL_WINDOW_DAYS`` (15): days from the notice during which an appeal is taken.
``SANCTION_WARNING_DAYS`` (30): how long a warning stays on the record.
``SANCTION_AUTHORITY_SEVERITY`` (4): sanctions at or above this rung create reports to the
authorities (REG-03; 4 = account suspension).
``SANCTION_DAILY_APPLICATIONS`` (5), ``SANCTION_DAILY_MESSAGES`` (20),
``SANCTION_DAILY_POSTINGS`` (2): what a restricted account may still do per day.
``SANCTION_RANKING_FACTOR`` (0.5): the factor ``ranking_penalty`` gives a restricted subject.
"""

from __future__ import annotations

from django.conf import settings

DEFAULTS: dict[str, int | float] = {
    "SANCTION_APPEAL_WINDOW_DAYS": 15,
    "SANCTION_WARNING_DAYS": 30,
    "SANCTION_AUTHORITY_SEVERITY": 4,
    "SANCTION_DAILY_APPLICATIONS": 5,
    "SANCTION_DAILY_MESSAGES": 20,
    "SANCTION_DAILY_POSTINGS": 2,
    "SANCTION_RANKING_FACTOR": 0.5,
}

MAX_PERIOD_DAYS = 3650
PAGE_SIZE = 25


def setting(name: str) -> int:
    """An integer setting of this app (the value in ``settings`` or the default)."""
    return int(getattr(settings, name, DEFAULTS[name]))


def ranking_factor() -> float:
    return float(getattr(settings, "SANCTION_RANKING_FACTOR", DEFAULTS["SANCTION_RANKING_FACTOR"]))
