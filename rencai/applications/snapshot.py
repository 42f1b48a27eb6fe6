"""What an application sends: the snapshot of a resume and the consent notice naming the
organisation that receives it (PI-05).

The snapshot holds job-related data only (DIS-09): basic information, job intention, the
sections, skills and languages. The optional ethnicity, hukou, political status and photo
are never sent with an application, nor are attachments (files stay with the resume).
Phone and e-mail are stored encrypted inside the snapshot, with blind indexes so duplicate
applications can be found without reading them.

Until ``rencai.resumes.presentation`` is in place this module reads the Resume fields
itself; the shape is versioned (``"v"``) so a later builder can change it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rencai.core import crypto
from rencai.core.phones import national_digits
from rencai.jobs.models import JobPosting
from rencai.orgs.choices import AccountClass
from rencai.orgs.models import Organisation
from rencai.resumes.choices import EntryKind
from rencai.resumes.models import Resume

SNAPSHOT_VERSION = 1
PHONE_CONTEXT = "applications.snapshot.phone"
EMAIL_CONTEXT = "applications.snapshot.email"

# The categories of data an application can send, in the order the notice lists them.
CATEGORY_LABELS: dict[str, Any] = {
    "identity_contact": _("Name, mobile number and e-mail address"),
    "basics": _("Current city, work status and possible start date"),
    "intention": _("Job intention (job categories, cities, employment types, expected pay)"),
    "work": _("Work experience"),
    "project": _("Projects"),
    "education": pgettext_lazy("resume section", "Education"),
    "training": _("Training and certificates"),
    "skills": _("Skills and languages"),
    "self_assessment": _("Self-assessment and portfolio links"),
}


def category_label(code: str) -> str:
    label = CATEGORY_LABELS.get(code)
    return str(label) if label is not None else code


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _digits(phone: str) -> str:
    """The 11 national digits, whatever the stored form (``+86138…``, ``138 0013 8000``)."""
    return national_digits("".join(char for char in phone if char.isdigit()))[-11:]


def phone_key(phone: str) -> str:
    """Blind index of a phone number in snapshots (duplicate detection)."""
    digits = _digits(phone)
    return crypto.blind_index(digits, context=PHONE_CONTEXT) if digits else ""


def email_key(email: str) -> str:
    value = email.strip().lower()
    return crypto.blind_index(value, context=EMAIL_CONTEXT) if value else ""


def snapshot_of(resume: Resume) -> dict[str, Any]:
    """The resume as sent, as plain JSON."""
    entries = [
        {
            "kind": entry.kind,
            "organisation": entry.organisation,
            "title": entry.title,
            "degree": entry.degree,
            "start": _date(entry.start),
            "end": _date(entry.end),
            "description": entry.description,
        }
        for entry in resume.entries.all()
    ]
    skills = [str(item.get("name", "")) for item in resume.skills if isinstance(item, dict)]
    words = [resume.full_name, resume.title, *skills]
    words += [
        str(entry["title"])
        for entry in entries
        if entry["kind"] in (EntryKind.WORK, EntryKind.PROJECT)
    ]
    return {
        "v": SNAPSHOT_VERSION,
        "resume_id": str(resume.pk),
        "title": resume.title,
        "language": resume.language,
        "full_name": resume.full_name,
        "phone": crypto.encrypt(resume.phone, context=PHONE_CONTEXT) if resume.phone else "",
        "email": crypto.encrypt(resume.email, context=EMAIL_CONTEXT) if resume.email else "",
        "phone_key": phone_key(resume.phone),
        "email_key": email_key(resume.email),
        "city": resume.city,
        "work_status": resume.work_status,
        "available_from": _date(resume.available_from),
        "intended_categories": list(resume.intended_categories),
        "intended_cities": list(resume.intended_cities),
        "employment_types": list(resume.employment_types),
        "pay_min": resume.pay_min,
        "pay_max": resume.pay_max,
        "skills": list(resume.skills),
        "languages": list(resume.languages),
        "links": list(resume.links),
        "self_assessment": resume.self_assessment,
        "highest_education": resume.highest_education,
        "experience_months": resume.experience_months,
        "entries": entries,
        "search": " ".join(word for word in words if word).lower()[:2000],
    }


def contact_of(snapshot: dict[str, Any]) -> tuple[str, str]:
    """The phone and e-mail of a snapshot, decrypted (for the organisation's own view)."""
    phone = snapshot.get("phone") or ""
    email = snapshot.get("email") or ""
    return (
        crypto.decrypt(phone, context=PHONE_CONTEXT) if phone else "",
        crypto.decrypt(email, context=EMAIL_CONTEXT) if email else "",
    )


def contact_for_org(application: Any) -> tuple[str, str]:
    """The phone and e-mail the receiving organisation sees. HR agencies (headhunters) never
    receive them, even for applications to their own postings (PI-07): they reach the
    seeker through messages and virtual numbers."""
    if application.organisation.account_class == AccountClass.AGENCY:
        return "", ""
    return contact_of(application.snapshot)


def categories_of(resume: Resume) -> list[str]:
    """The categories of data this resume would send, for the notice."""
    kinds = set(resume.entries.values_list("kind", flat=True))
    present = {
        "identity_contact": True,
        "basics": bool(resume.city or resume.available_from or resume.work_status),
        "intention": bool(
            resume.intended_categories
            or resume.intended_cities
            or resume.employment_types
            or resume.pay_min
            or resume.pay_max
        ),
        "work": EntryKind.WORK in kinds,
        "project": EntryKind.PROJECT in kinds,
        "education": EntryKind.EDUCATION in kinds,
        "training": bool({EntryKind.TRAINING, EntryKind.CERTIFICATE} & kinds),
        "skills": bool(resume.skills or resume.languages),
        "self_assessment": bool(resume.self_assessment or resume.links),
    }
    return [code for code in CATEGORY_LABELS if present[code]]


@dataclass(frozen=True)
class Recipient:
    legal_name: str
    uscc: str


@dataclass(frozen=True)
class ConsentNotice:
    """The notice the seeker confirms (PI-05): who receives which data for what."""

    recipient: Recipient
    client: Recipient | None
    job_title: str
    resume_title: str
    categories: list[str]
    text: str
    hash: str
    category_labels: list[str] = field(default_factory=list)


def _recipient(org: Organisation) -> Recipient:
    return Recipient(legal_name=org.legal_name, uscc=org.uscc)


def _notice_text(
    recipient: Recipient,
    client: Recipient | None,
    job_title: str,
    resume_title: str,
    categories: list[str],
) -> str:
    lines = [
        _g(
            "Your resume “%(resume)s” will be sent to %(name)s (unified social credit code "
            "%(uscc)s), verified on this platform."
        )
        % {"resume": resume_title, "name": recipient.legal_name, "uscc": recipient.uscc}
    ]
    if client is not None:
        lines.append(
            _g(
                "%(agency)s is an HR service agency recruiting for its client %(client)s "
                "(unified social credit code %(uscc)s); the agency may pass your resume to "
                "this client for this job only."
            )
            % {"agency": recipient.legal_name, "client": client.legal_name, "uscc": client.uscc}
        )
    lines.append(
        _g(
            "Purpose: to consider you for the job “%(job)s” and to contact you about this "
            "application."
        )
        % {"job": job_title}
    )
    lines.append(
        _g("Data provided: %(categories)s, and the note you write, if any.")
        % {"categories": "; ".join(category_label(code) for code in categories)}
    )
    lines.append(
        _g(
            "The organisation processes this data as an independent personal information "
            "processor. You can withdraw the application at any time; it then leaves the "
            "organisation's list of applicants."
        )
    )
    return "\n".join(lines)


def consent_notice(posting: JobPosting, resume: Resume) -> ConsentNotice:
    """The notice for sending ``resume`` to the organisation of ``posting`` (and, for an
    agency's posting, its client), in the active language."""
    recipient = _recipient(posting.organisation)
    client = _recipient(posting.client) if posting.client_id and posting.client else None
    version = posting.live_version
    job_title = version.title if version is not None else ""
    categories = categories_of(resume)
    text = _notice_text(recipient, client, job_title, resume.title, categories)
    return ConsentNotice(
        recipient=recipient,
        client=client,
        job_title=job_title,
        resume_title=resume.title,
        categories=categories,
        text=text,
        hash=crypto.fingerprint(text),
        category_labels=[category_label(code) for code in categories],
    )


def matching_notice(posting: JobPosting, resume: Resume, shown_hash: str) -> ConsentNotice | None:
    """The notice whose text has ``shown_hash`` in one of the site's languages (the seeker
    may have read it in English), or None when the notice changed since it was shown."""
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            notice = consent_notice(posting, resume)
        if notice.hash == shown_hash:
            return notice
    return None
