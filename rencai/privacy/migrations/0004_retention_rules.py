"""Seed the retention rules (RET-01…RET-07), one per ``retention`` category used by
``rencai/privacy/catalogue.py`` plus the restricted archive (data only).

``legal_min_days`` is the floor the law (or, for RET-07, the evidence rule) sets: the
operator page refuses a period below it. ``label`` is the English name of the category
(the pages translate it through ``rencai.privacy.retention.CATEGORY_LABELS``);
``legal_basis`` is the citation, in Chinese as the laws are.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import migrations
from django.utils import timezone

THREE_YEARS = 1095


def _rules() -> list[dict[str, object]]:
    return [
        {
            "category": "account",
            "label": "Account details",
            "trigger": "service_end",
            "min_days": 0,
            "legal_min_days": 0,
            "action": "anonymise",
            "legal_basis": "《个人信息保护法》第四十七条；注销后15个工作日内删除或匿名化（PI-19）",
        },
        {
            "category": "security_log",
            "label": "Sign-in and security logs, staff reads of personal information",
            "trigger": "created",
            "min_days": 183,
            "legal_min_days": 183,
            "action": "delete",
            "legal_basis": "《网络安全法》第二十一条第（三）项：网络日志留存不少于六个月（RET-03）",
        },
        {
            "category": "consent_ledger",
            "label": "Consent ledger (kept after the account ends)",
            "trigger": "service_end",
            "min_days": THREE_YEARS,
            "legal_min_days": THREE_YEARS,
            "action": "delete",
            "legal_basis": "《个人信息保护法》第十四条、第五十六条（留存同意证据，RET-07）",
        },
        {
            "category": "rights_request",
            "label": "Rights requests and our answers",
            "trigger": "closed",
            "min_days": THREE_YEARS,
            "legal_min_days": THREE_YEARS,
            "action": "delete",
            "legal_basis": "《个人信息保护法》第五十条、第五十六条（留存处理证据，RET-07）",
        },
        {
            "category": "moderation_record",
            "label": "Reports, complaints and moderation records",
            "trigger": "closed",
            "min_days": THREE_YEARS,
            "legal_min_days": THREE_YEARS,
            "action": "delete",
            "legal_basis": "《网络招聘服务管理规定》第二十三条；固定证据（RET-07）",
        },
        {
            "category": "posting",
            "label": "Job postings",
            "trigger": "service_end",
            "min_days": THREE_YEARS,
            "legal_min_days": THREE_YEARS,
            "action": "archive",
            "legal_basis": "《网络招聘服务管理规定》第二十六条：服务结束后保存不少于3年（RET-01）",
        },
        {
            "category": "service_record",
            "label": "Service records: applications, invitations, messages, interviews",
            "trigger": "service_end",
            "min_days": THREE_YEARS,
            "legal_min_days": THREE_YEARS,
            "action": "archive",
            "legal_basis": "《网络招聘服务管理规定》第二十六条；《人力资源市场暂行条例》第三十三条（RET-01、RET-02）",
        },
        {
            "category": "transaction",
            "label": "Transactions (none are recorded yet: the platform takes no payments)",
            "trigger": "service_end",
            "min_days": THREE_YEARS,
            "legal_min_days": THREE_YEARS,
            "action": "archive",
            "legal_basis": "《电子商务法》第三十一条：交易信息保存不少于3年（RET-04）；暂无交易数据表",
        },
        {
            "category": "resume",
            "label": "Resumes of inactive job seekers",
            "trigger": "last_activity",
            "min_days": settings.RETENTION_INACTIVE_SEEKER_DAYS,
            "legal_min_days": 0,
            "action": "anonymise",
            "notice_days": 30,
            "legal_basis": "《个人信息保护法》第十九条、第四十七条：最短必要期限（RET-06）",
        },
        {
            "category": "notification",
            "label": "Notifications",
            "trigger": "created",
            "min_days": 365,
            "legal_min_days": 0,
            "action": "delete",
            "legal_basis": "《个人信息保护法》第十九条：最短必要期限（RET-06）",
        },
        {
            "category": "data_export",
            "label": "Copies of personal data prepared for download",
            "trigger": "created",
            "min_days": 7,
            "legal_min_days": 0,
            "action": "delete",
            "legal_basis": "《个人信息保护法》第十九条、第四十五条（PI-12）",
        },
        {
            "category": "archive",
            "label": "Restricted archive (content purged when its period ends)",
            "trigger": "archived",
            "min_days": THREE_YEARS,
            "legal_min_days": THREE_YEARS,
            "action": "purge_archive",
            "legal_basis": "《个人信息保护法》第四十七条第二款：法定期限届满后删除（RET-06）",
        },
    ]


def seed(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    now = timezone.now()
    for rule in _rules():
        values = dict(rule)
        category = values.pop("category")
        RetentionRule.objects.get_or_create(
            category=category,
            defaults={
                "id": uuid.uuid4(),
                "created_at": now,
                "updated_at": now,
                "enabled": True,
                **values,
            },
        )


def unseed(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    RetentionRule.objects.filter(category__in=[r["category"] for r in _rules()]).delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0003_rights_retention")]

    operations = [migrations.RunPython(seed, unseed)]
