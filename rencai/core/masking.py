"""Masking for display: what a person sees instead of the full value."""

from __future__ import annotations

from rencai.core.phones import national_digits

# Common two-character surnames, so 欧阳娜娜 masks to 欧阳** rather than 欧**.
COMPOUND_SURNAMES = frozenset(
    {
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "令狐",
        "澹台",
        "公冶",
        "申屠",
        "太史",
        "端木",
        "南宫",
        "西门",
        "独孤",
        "钟离",
        "万俟",
        "闻人",
        "赫连",
        "呼延",
    }
)


def mask_phone(e164_or_national: str) -> str:
    """``+8613812345678`` → ``138****5678``."""
    digits = national_digits(e164_or_national)
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}****{digits[-4:]}"


def mask_id_number(number: str) -> str:
    """``11010519491231002X`` → ``1101**********002X`` (first four and last four kept)."""
    if len(number) <= 8:
        return "*" * len(number)
    return f"{number[:4]}{'*' * (len(number) - 8)}{number[-4:]}"


def mask_name(name: str) -> str:
    """``张三`` → ``张**``; ``欧阳娜娜`` → ``欧阳**``; Latin names keep their first letter."""
    name = name.strip()
    if not name:
        return ""
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[0]
    return f"{surname}**"


def mask_email(email: str) -> str:
    """``carol@agency.example`` → ``c***@agency.example``."""
    local, _, domain = email.partition("@")
    if not domain:
        return "***"
    return f"{local[:1]}***@{domain}"
