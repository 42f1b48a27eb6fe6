"""How long trust & safety has to answer a report, per category, in PRC working days.

CMP-01 asks for "timely acceptance and handling" of recruitment, personal-information,
network-security, algorithm and minor-related complaints; DIS-08 asks that a complaint of
employment discrimination gets a ticket with category and deadline. The shorter periods go
to harm that grows while it waits: minors (未成年人保护法 Art 78), fraud and fees (people
pay or travel; N26), discrimination (DIS-08). The day of receipt does not count; holidays
and make-up working days follow ``rencai.core.workdays``.
"""

from __future__ import annotations

import datetime as dt

from rencai.core.workdays import WorkingDayDeadline, add_working_days
from rencai.moderation.choices import ReportCategory

DUE_WORKING_DAYS: dict[str, int] = {
    ReportCategory.MINORS: 2,
    ReportCategory.FRAUD_OR_FEES: 3,
    ReportCategory.EMPLOYMENT_DISCRIMINATION: 5,
    ReportCategory.HARASSMENT: 5,
    ReportCategory.DIVERSION_OFF_PLATFORM: 5,
    ReportCategory.FALSE_INFORMATION: 10,
    ReportCategory.PERSONAL_INFORMATION_MISUSE: 10,
    ReportCategory.ALGORITHM: 15,
    ReportCategory.OTHER: 15,
}

# Categories of the report forms that came before this app (jobs, messaging) → today's.
LEGACY_CATEGORIES: dict[str, str] = {
    "discrimination": ReportCategory.EMPLOYMENT_DISCRIMINATION,
    "fraud_fees": ReportCategory.FRAUD_OR_FEES,
    "fees_fraud": ReportCategory.FRAUD_OR_FEES,
    "diversion": ReportCategory.DIVERSION_OFF_PLATFORM,
    "off_platform": ReportCategory.DIVERSION_OFF_PLATFORM,
    "fake": ReportCategory.FALSE_INFORMATION,
}


def due_for(category: str, received: dt.date) -> WorkingDayDeadline:
    """The due date of a report of ``category`` received on ``received``."""
    return add_working_days(received, DUE_WORKING_DAYS[category])


def current_category(value: str) -> str:
    """``value`` in today's categories (older clients send the legacy names)."""
    return LEGACY_CATEGORIES.get(value, value)
