"""The pure risk signals (FRD-01, FRD-06): thresholds, weights, explanations."""

from __future__ import annotations

import pytest
from django.utils import translation

from rencai.jobs.screening.engine import risk_score
from rencai.risk import signals as sig
from rencai.risk.constants import high_score

# COMPLIANCE.md §9.2 fraud lexicon as posting titles, with the pay the fixtures quote.
FRD01_FRAUD = [
    ("高薪日结 在家就能做 一部手机就能赚钱", "4-01", "part_time", 30_000),
    ("兼职打字员 在线录入 日结", "3-01", "part_time", 20_000),
    ("刷单 点赞返佣 做任务返利", "4-01", "part_time", 9_000),
    ("需交押金 入职押金 服装费", "6-01", "full_time", 6_000),
    ("宝妈学生兼职 时间自由 无需经验 高薪", "4-01", "part_time", 25_000),
    ("加微信 私聊 日结500+", "4-01", "flexible", 15_000),
    ("柬埔寨客服 月薪3万 包机票 无需经验", "4-07", "full_time", 30_000),
]
CLEAN = [
    ("Python 后端开发工程师 五险一金 双休", "4-04", "full_time", 30_000),
    ("行政助理 本科及以上学历", "3-01", "full_time", 8_000),
    ("食品检验员 持有C1驾照 不收取任何费用", "6-02", "full_time", 7_000),
    ("周末兼职 超市理货员", "4-01", "part_time", 3_000),
]


def _posting_score(text: str, category: str, employment: str, pay: int, days: int) -> int:
    """The factors of a posting as ``scores.posting_signals`` combines them."""
    found = sig.present(
        [
            sig.screening_signal(risk_score({"title": text}, pay_max_monthly=pay)),
            sig.pay_outlier_signal(pay, category),
            sig.new_account_signal(verified_days=days, monthly_pay=pay, employment_type=employment),
            sig.overseas_bait_signal(text, monthly_pay=pay),
        ]
    )
    return sig.total(found)


@pytest.mark.parametrize(("text", "category", "employment", "pay"), FRD01_FRAUD)
def test_frd01_fraud_fixtures_score_at_or_above_the_threshold(
    text: str, category: str, employment: str, pay: int
) -> None:
    assert _posting_score(text, category, employment, pay, days=400) >= high_score()
    assert sig.level_of(_posting_score(text, category, employment, pay, days=400)) == "high"


@pytest.mark.parametrize(("text", "category", "employment", "pay"), CLEAN)
def test_frd01_clean_fixtures_score_below_the_threshold(
    text: str, category: str, employment: str, pay: int
) -> None:
    assert _posting_score(text, category, employment, pay, days=400) < high_score()


def test_frd06_overseas_bait_alone_is_high() -> None:
    signal = sig.overseas_bait_signal("柬埔寨客服 月薪3万 包机票 无需经验", monthly_pay=None)
    assert signal is not None
    assert signal.code == sig.OVERSEAS_BAIT
    assert signal.evidence == {
        "destination": "柬埔寨",
        "monthly_pay": None,
        "hints": ["travel_paid", "no_experience"],
    }
    assert sig.level_of(sig.total([signal])) == "high"


@pytest.mark.parametrize(
    "text",
    [
        "柬埔寨客服 月薪8000 五险一金",  # abroad, ordinary pay, no bait
        "深圳客服 月薪3万 包机票",  # bait, not abroad
        "迪拜 高薪",  # abroad and high pay, but neither travel paid nor no experience
    ],
)
def test_overseas_bait_needs_every_part(text: str) -> None:
    assert sig.overseas_bait_signal(text, monthly_pay=8_000) is None


def test_new_account_high_pay_part_time() -> None:
    fired = sig.new_account_signal(verified_days=3, monthly_pay=20_000, employment_type="part_time")
    assert fired is not None and fired.weight == 40
    assert fired.evidence == {"days": 3, "monthly_pay": 20_000, "employment_type": "part_time"}
    never_verified = sig.new_account_signal(
        verified_days=None, monthly_pay=20_000, employment_type="flexible"
    )
    assert never_verified is not None and never_verified.evidence["days"] == 0
    for quiet in (
        {"verified_days": 30, "monthly_pay": 20_000, "employment_type": "part_time"},
        {"verified_days": 3, "monthly_pay": 14_999, "employment_type": "part_time"},
        {"verified_days": 3, "monthly_pay": 20_000, "employment_type": "full_time"},
        {"verified_days": 3, "monthly_pay": None, "employment_type": "part_time"},
    ):
        assert sig.new_account_signal(**quiet) is None


def test_pay_outlier_against_the_category_median() -> None:
    assert sig.category_median("4-04-01") == 15_000  # listed medium group
    assert sig.category_median("4-01") == 6_500  # its major group
    assert sig.category_median("") == 6_500
    fired = sig.pay_outlier_signal(16_250, "4-01")
    assert fired is not None and fired.evidence == {
        "monthly_pay": 16_250,
        "median": 6_500,
        "ratio": 2.5,
    }
    assert sig.pay_outlier_signal(16_249, "4-01") is None
    assert sig.pay_outlier_signal(30_000, "4-04") is None
    assert sig.pay_outlier_signal(None, "4-01") is None


def test_account_signals_thresholds(settings: object) -> None:
    assert sig.posting_velocity_signal(9) is None
    fired = sig.posting_velocity_signal(10)
    assert fired is not None and fired.evidence == {"count": 10, "minutes": 10}
    assert sig.message_velocity_signal(19) is None
    assert sig.message_velocity_signal(20) is not None
    assert sig.reports_signal(0) is None
    reports = [sig.reports_signal(n) for n in (1, 2, 4, 9)]
    assert [r.weight for r in reports if r] == [15, 30, 60, 60]
    assert sig.sanctions_signal(0) is None
    sanctions = [sig.sanctions_signal(n) for n in (1, 2, 5)]
    assert [s.weight for s in sanctions if s] == [20, 40, 40]


def test_thresholds_come_from_settings(settings: object) -> None:
    settings.RISK_POSTING_VELOCITY_COUNT = 3  # type: ignore[attr-defined]
    settings.RISK_HIGH_SCORE = 70  # type: ignore[attr-defined]
    assert sig.posting_velocity_signal(3) is not None
    assert sig.level_of(69) == "medium"
    assert sig.level_of(70) == "high"


def test_total_is_capped_and_present_sorts_heaviest_first() -> None:
    found = sig.present(
        [sig.reports_signal(4), None, sig.screening_signal(70), sig.sanctions_signal(1)]
    )
    assert [s.code for s in found] == [sig.SCREENING, sig.REPORTS, sig.SANCTIONS]
    assert sig.total(found) == 100
    assert sig.level_of(0) == "low" and sig.level_of(25) == "medium"


def test_every_factor_is_explained_with_its_evidence_in_chinese() -> None:
    examples = [
        sig.screening_signal(60, ["bait"]),
        sig.pay_outlier_signal(30_000, "4-01"),
        sig.new_account_signal(verified_days=2, monthly_pay=20_000, employment_type="part_time"),
        sig.overseas_bait_signal("缅北 高薪 包机票", monthly_pay=None),
        sig.account_signal(60),
        sig.posting_velocity_signal(12),
        sig.message_velocity_signal(25),
        sig.reports_signal(3),
        sig.sanctions_signal(1),
    ]
    assert {s.code for s in examples if s} == set(sig.EXPLANATIONS) == set(sig.TITLES)
    with translation.override("zh-hans"):
        for signal in examples:
            assert signal is not None
            text = sig.explain(signal.code, signal.evidence)
            assert text != signal.code
            assert "{" not in text
            for value in signal.evidence.values():
                if isinstance(value, int) and value:
                    assert str(value) in text
    assert sig.explain("unknown", {}) == "unknown"
    # Missing evidence never breaks a page: the title instead.
    assert sig.explain(sig.REPORTS, {}) == sig.title(sig.REPORTS)
