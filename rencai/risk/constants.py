"""Thresholds and weights of the risk signals. Each threshold can be set in settings
(``RISK_*``); the defaults are below."""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings

PAGE_SIZE = 25

# Points each factor adds to a score (0–100). A score of ``high_score()`` or more is "high":
# manual review, never recommended (JOB-09).
WEIGHTS: Mapping[str, int] = {
    "pay_outlier": 20,
    "new_account_high_pay_part_time": 40,
    "overseas_bait": 60,  # FRD-06: enough for manual review on its own
    "posting_velocity": 40,
    "message_velocity": 40,
    "reports": 15,  # per person who reported, up to 60
    "sanctions": 20,  # per sanction, up to 40
}

# Usual monthly pay (CNY) per major group of the national occupational classification
# (职业分类大典 大类 1–8), rounded from public urban wage statistics; a posting's pay is
# compared with its group's figure. There are no salary statistics in the platform yet.
CATEGORY_MEDIAN_PAY: Mapping[str, int] = {
    "1": 12_000,  # 党的机关、国家机关、群众团体和社会组织、企事业单位负责人
    "2": 10_000,  # 专业技术人员
    "3": 7_000,  # 办事人员和有关人员
    "4": 6_500,  # 社会生产服务和生活服务人员
    "5": 5_000,  # 农、林、牧、渔业生产及辅助人员
    "6": 6_500,  # 生产制造及有关人员
    "7": 6_000,  # 军人
    "8": 6_000,  # 不便分类的其他从业人员
}
# Medium groups (中类) whose pay differs much from their major group's.
CATEGORY_MEDIAN_PAY_DETAIL: Mapping[str, int] = {
    "2-02": 12_000,  # 工程技术人员
    "2-06": 15_000,  # 经济和金融专业人员
    "4-04": 15_000,  # 信息传输、软件和信息技术服务人员
}
DEFAULT_MEDIAN_PAY = 6_500


def _int(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def high_score() -> int:
    """Scores from here are high (the screening engine's review threshold by default)."""
    return _int("RISK_HIGH_SCORE", 50)


def medium_score() -> int:
    return _int("RISK_MEDIUM_SCORE", 25)


def pay_outlier_ratio() -> float:
    return float(getattr(settings, "RISK_PAY_OUTLIER_RATIO", 2.5))


def high_pay_monthly() -> int:
    return _int("RISK_HIGH_PAY_MONTHLY", 15_000)


def new_account_days() -> int:
    return _int("RISK_NEW_ACCOUNT_DAYS", 30)


def posting_velocity_count() -> int:
    return _int("RISK_POSTING_VELOCITY_COUNT", 10)


def posting_velocity_minutes() -> int:
    return _int("RISK_POSTING_VELOCITY_MINUTES", 10)


def message_velocity_count() -> int:
    return _int("RISK_MESSAGE_VELOCITY_COUNT", 20)


def message_velocity_minutes() -> int:
    return _int("RISK_MESSAGE_VELOCITY_MINUTES", 10)


def reports_window_days() -> int:
    return _int("RISK_REPORTS_WINDOW_DAYS", 30)


def sanctions_window_days() -> int:
    return _int("RISK_SANCTIONS_WINDOW_DAYS", 365)
