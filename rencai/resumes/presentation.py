"""What an organisation sees of a resume (PI-07, DIS-09).

``resume_card(resume, full_contact=False)`` is the masked view used in resume search and
before an application: the surname followed by ``**``, no phone, no e-mail, no portfolio
links (they usually name the person), and phone numbers or e-mail addresses written into
free text replaced by ``***``. With ``full_contact=True`` (the seeker applied to the
organisation or accepted its invitation) name, phone, e-mail and links are included, and the
optional ethnicity, hukou, political status and photo *if the seeker filled them in*.
The seeker's ID number and birth date are never part of a resume card.

Callers prefetch ``entries`` when they present many resumes.
"""

from __future__ import annotations

import re
from typing import Any

from rencai.core import divisions, occupations
from rencai.core.choices import choice_label
from rencai.core.masking import mask_name
from rencai.core.phones import national_digits
from rencai.jobs.choices import Education, EmploymentType
from rencai.resumes.choices import (
    EntryKind,
    LanguageLevel,
    PoliticalStatus,
    SkillLevel,
    WorkStatus,
)
from rencai.resumes.models import Resume, ResumeEntry

MASK = "***"
_PHONE_IN_TEXT = re.compile(r"(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?!\d)")
_EMAIL_IN_TEXT = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_LANDLINE_IN_TEXT = re.compile(r"(?<!\d)0\d{2,3}[\s-]?\d{7,8}(?!\d)")
_CONTACT_WORDS = re.compile(r"(微信|wechat|weixin|vx|QQ)\s*[:：号]?\s*[A-Za-z0-9_-]{5,}", re.I)


def scrub_contacts(text: str) -> str:
    """``text`` without phone numbers, e-mail addresses, WeChat or QQ ids (masked views)."""
    for pattern in (_EMAIL_IN_TEXT, _CONTACT_WORDS, _PHONE_IN_TEXT, _LANDLINE_IN_TEXT):
        text = pattern.sub(MASK, text)
    return text


def _entry(entry: ResumeEntry, *, full_contact: bool) -> dict[str, Any]:
    description = entry.description if full_contact else scrub_contacts(entry.description)
    return {
        "id": str(entry.pk),
        "kind": entry.kind,
        "organisation": entry.organisation,
        "title": entry.title,
        "degree": entry.degree,
        "degree_label": choice_label(Education, entry.degree) if entry.degree else "",
        "start": entry.start,
        "end": entry.end,
        "description": description,
    }


def _division(code: str) -> dict[str, str]:
    return {"code": code, "name": divisions.display_name(code) if code else ""}


def display_phone(phone: str) -> str:
    """``+8613800138001`` → ``138 0013 8001``."""
    digits = national_digits(phone) if phone else ""
    return f"{digits[:3]} {digits[3:7]} {digits[7:]}" if len(digits) == 11 else digits


def resume_card(
    resume: Resume, *, full_contact: bool, contact_details: bool | None = None
) -> dict[str, Any]:
    """The masked (``full_contact=False``) or full view of ``resume`` for an organisation.

    ``contact_details=False`` keeps phone and e-mail out of a full view (HR agencies reach
    applicants through conversations and virtual numbers, never directly: PI-07); by
    default they follow ``full_contact``."""
    details = full_contact if contact_details is None else (contact_details and full_contact)
    sections: dict[str, list[dict[str, Any]]] = {kind: [] for kind in EntryKind.values}
    for entry in sorted(
        resume.entries.all(), key=lambda e: (e.position, -(e.start.toordinal() if e.start else 0))
    ):
        sections[entry.kind].append(_entry(entry, full_contact=full_contact))
    card: dict[str, Any] = {
        "id": str(resume.pk),
        "title": resume.title,
        "language": resume.language,
        "masked": not full_contact,
        "name": resume.full_name if full_contact else mask_name(resume.full_name),
        "phone": display_phone(resume.phone) if details else "",
        "email": resume.email if details else "",
        "city": _division(resume.city),
        "work_status": resume.work_status,
        "work_status_label": choice_label(WorkStatus, resume.work_status),
        "available_from": resume.available_from,
        "intended_categories": [
            {"code": code, "name": occupations.display_name(code)}
            for code in resume.intended_categories
        ],
        "intended_cities": [_division(code) for code in resume.intended_cities],
        "employment_types": [
            {"code": code, "name": choice_label(EmploymentType, code)}
            for code in resume.employment_types
        ],
        "pay_min": resume.pay_min,
        "pay_max": resume.pay_max,
        "highest_education": resume.highest_education,
        "highest_education_label": choice_label(Education, resume.highest_education),
        "experience_months": resume.experience_months,
        "experience_years": resume.experience_years,
        "skills": [
            {**skill, "level_label": choice_label(SkillLevel, skill.get("level", ""))}
            for skill in resume.skills
        ],
        "languages": [
            {**item, "level_label": choice_label(LanguageLevel, item.get("level", ""))}
            for item in resume.languages
        ],
        "links": list(resume.links) if full_contact else [],
        "self_assessment": (
            resume.self_assessment if full_contact else scrub_contacts(resume.self_assessment)
        ),
        "sections": sections,
        "updated_at": resume.updated_at,
    }
    if full_contact:
        optional = {
            "ethnicity": resume.ethnicity,
            "hukou": divisions.display_name(resume.hukou_division) if resume.hukou_division else "",
            "political_status": (
                choice_label(PoliticalStatus, resume.political_status)
                if resume.political_status
                else ""
            ),
            "photo_id": str(resume.photo_id) if resume.photo_id else "",
        }
        card.update({name: value for name, value in optional.items() if value})
    return card
