"""Numbers of the jobs app, each with its source."""

from __future__ import annotations

DEFAULT_VALIDITY_DAYS = 30  # JOB-03: every posting has a validity period
MAX_VALIDITY_DAYS = 90
MAX_OPENINGS = 9999
MAX_LOCATIONS = 10
MAX_PAY = 10_000_000  # CNY per period; above this a figure is a typo
