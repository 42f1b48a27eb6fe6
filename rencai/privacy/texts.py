"""Loading and rendering legal texts; the consent prompts that are not documents."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import markdown
import nh3
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from rencai.privacy.choices import ConsentPurpose

if TYPE_CHECKING:
    from rencai.privacy.models import LegalDocument

LEGAL_TEXT_DIR = Path(__file__).resolve().parent / "legal_texts"
PLACEHOLDERS = (
    "operator_name",
    "operator_address",
    "operator_email",
    "operator_phone",
    "pipo_email",
    "hr_licence_no",
    "icp_no",
    "business_licence_uscc",
)
_PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")

# The exact prompts shown next to an optional consent switch; their hash goes to the ledger.
OPTIONAL_CONSENT_PROMPTS = {
    ConsentPurpose.MARKETING_SMS: _(
        "Send me text messages about new services and offers. I can stop them at any time."
    ),
    ConsentPurpose.MARKETING_EMAIL: _(
        "Send me e-mails about new services and offers. Every e-mail has a one-step "
        "unsubscribe link."
    ),
    ConsentPurpose.PERSONALISED_RECOMMENDATION: _(
        "Recommend jobs based on my resume and activity. When this is off, I see the same "
        "recommendations as everyone else."
    ),
}


def read_legal_text(kind: str, language: str) -> str:
    """The shipped text of a document kind (``zh-hans`` or ``en``)."""
    return (LEGAL_TEXT_DIR / f"{kind}.{language}.md").read_text(encoding="utf-8")


def first_heading(text: str) -> str:
    """The document title: its first level-1 heading."""
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return ""


def substitute_placeholders(text: str) -> str:
    """Fill ``{operator_name}`` and friends from the deployment's settings."""
    values = {
        "operator_name": settings.OPERATOR_NAME,
        "operator_address": settings.OPERATOR_ADDRESS,
        "operator_email": settings.OPERATOR_EMAIL,
        "operator_phone": settings.OPERATOR_PHONE,
        "pipo_email": settings.PIPO_EMAIL,
        "hr_licence_no": settings.HR_LICENCE_NO,
        "icp_no": settings.ICP_LICENCE_NO or settings.ICP_FILING_NO,
        "business_licence_uscc": settings.OPERATOR_USCC,
    }
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def render_document(document: LegalDocument) -> tuple[SafeString, bool]:
    """The document's HTML in the active language, and whether it is the English courtesy
    translation (the Simplified Chinese text is shown when there is none)."""
    english = get_language() == "en" and bool(document.body_en)
    return render_markdown(document.body_en if english else document.body), english


def render_markdown(text: str) -> SafeString:
    """Markdown → sanitised HTML, with placeholders filled in."""
    html = markdown.markdown(substitute_placeholders(text), extensions=["tables", "sane_lists"])
    return mark_safe(nh3.clean(html))  # noqa: S308 - nh3 has just sanitised it
