"""The platform rules a sanction cites (FRD-02).

Each code names a rule of the user agreement (Seed-000 §三.6 lists the forbidden
behaviour, §四 the measures) or of 人社部令第44号《网络招聘服务管理规定》(Seed-004). The code is
stored on the sanction; the title and source are shown to the user in the notice."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Rule:
    code: str
    title: Promise
    source: str  # the citation, as written in the sources (not translated)
    police: bool = False  # a serious case also goes to the police (REG-03)


RULES: tuple[Rule, ...] = (
    Rule(
        "fraud_or_fees",
        _("Fraud, or asking workers for fees or deposits"),
        "Seed-000 §三.6(2)；人社部令第44号（Seed-004）",
        police=True,
    ),
    Rule(
        "false_information",
        _("False, inaccurate or misleading information"),
        "Seed-000 §三.6(3)；人社部令第44号（Seed-004）",
    ),
    Rule(
        "discrimination",
        _("Employment discrimination"),
        "Seed-000 §三.6(3)；人社部令第44号（Seed-004）",
    ),
    Rule(
        "harassment",
        _("Insults, threats, harassment or invasion of privacy"),
        "Seed-000 §三.6(3)",
    ),
    Rule(
        "diversion",
        _("Unsolicited advertising or diverting users off the platform"),
        "Seed-000 §三.6(4)",
    ),
    Rule(
        "personal_information",
        _("Misuse of other people's personal information"),
        "Seed-000 §三.6(5)",
    ),
    Rule(
        "minors",
        _("Recruiting minors for work forbidden to them"),
        "人社部令第44号（Seed-004）；COMPLIANCE JOB-10",
    ),
    Rule(
        "network_security",
        _("Endangering the platform's network security"),
        "Seed-000 §三.6(1)",
    ),
    Rule(
        "other_rules",
        _("Other breach of the platform rules"),
        "Seed-000 §三.6(6)",
    ),
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
RULE_CHOICES: list[tuple[str, Promise]] = [(rule.code, rule.title) for rule in RULES]

# The posting review reason a take-down under each rule gives (rencai.jobs ReviewReason).
TAKE_DOWN_REASON: dict[str, str] = {
    "fraud_or_fees": "fees",
    "false_information": "false_information",
    "discrimination": "discrimination",
    "diversion": "diversion",
    "minors": "minors",
}


def get_rule(code: str) -> Rule | None:
    return BY_CODE.get(code)
