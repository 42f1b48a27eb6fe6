"""Choices of the sanctions app: the graded ladder (FRD-02, Seed-000 §四), states of
sanctions, appeals and authority reports (REG-03)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SanctionKind(models.TextChoices):
    """The ladder, from the mildest step to the hardest (Seed-000 §四: 警示提醒, 限制账号功能,
    删除/屏蔽/断开链接, 暂停使用, 关闭账号, 禁止重新注册)."""

    WARNING = "warning", _("Warning (must be acknowledged)")
    RESTRICTION = "restriction", _("Restriction (daily limits, lower ranking)")
    TAKE_DOWN = "take_down", _("Take-down of a posting")
    SUSPEND_POSTING = "suspend_posting", _("Suspension of posting")
    SUSPEND_APPLYING = "suspend_applying", _("Suspension of applying")
    ACCOUNT_SUSPENSION = "account_suspension", _("Account suspension for a period")
    ACCOUNT_CLOSURE = "account_closure", _("Account closure")
    REREGISTRATION_BAN = "reregistration_ban", _("Account closure and ban on re-registration")


# The rung of each kind on the ladder (1 mildest … 5 hardest).
SEVERITY: dict[str, int] = {
    SanctionKind.WARNING: 1,
    SanctionKind.RESTRICTION: 2,
    SanctionKind.TAKE_DOWN: 2,
    SanctionKind.SUSPEND_POSTING: 3,
    SanctionKind.SUSPEND_APPLYING: 3,
    SanctionKind.ACCOUNT_SUSPENSION: 4,
    SanctionKind.ACCOUNT_CLOSURE: 5,
    SanctionKind.REREGISTRATION_BAN: 5,
}

# Kinds that run for a period the operator chooses (days); the others are permanent
# (take-down, closure, ban) or have a fixed period (warning: SANCTION_WARNING_DAYS).
PERIOD_KINDS = frozenset(
    {
        SanctionKind.RESTRICTION,
        SanctionKind.SUSPEND_POSTING,
        SanctionKind.SUSPEND_APPLYING,
        SanctionKind.ACCOUNT_SUSPENSION,
    }
)
PERMANENT_KINDS = frozenset(
    {SanctionKind.TAKE_DOWN, SanctionKind.ACCOUNT_CLOSURE, SanctionKind.REREGISTRATION_BAN}
)
# Kinds that end the person's sign-in.
LOGIN_BLOCKING = frozenset(
    {
        SanctionKind.ACCOUNT_SUSPENSION,
        SanctionKind.ACCOUNT_CLOSURE,
        SanctionKind.REREGISTRATION_BAN,
    }
)
POSTING_BLOCKING = frozenset({SanctionKind.SUSPEND_POSTING} | LOGIN_BLOCKING)
APPLYING_BLOCKING = frozenset({SanctionKind.SUSPEND_APPLYING} | LOGIN_BLOCKING)


class SanctionStatus(models.TextChoices):
    ACTIVE = "active", _("In force")
    EXPIRED = "expired", _("Ended (period over)")
    REVOKED = "revoked", _("Revoked by the platform")
    OVERTURNED = "overturned", _("Overturned on appeal")


class AppealStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    UPHELD = "upheld", _("Sanction confirmed")
    OVERTURNED = "overturned", _("Sanction lifted")


class AppealOutcome(models.TextChoices):
    UPHELD = "upheld", _("Confirm the sanction")
    OVERTURNED = "overturned", _("Lift the sanction and reverse its effects")


class Authority(models.TextChoices):
    HR_AUTHORITY = "hr_authority", _("Human resources and social security department")
    POLICE = "police", _("Public security (police)")


class AuthorityReportStatus(models.TextChoices):
    DRAFTED = "drafted", _("To submit")
    SUBMITTED = "submitted", _("Submitted")
