"""iCalendar (RFC 5545) files for confirmed interviews: UTF-8, CRLF line ends, lines
folded at 75 octets without splitting a character, TEXT values escaped, times in UTC."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlparse

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from rencai.messaging.choices import InterviewMode, InterviewStatus
from rencai.messaging.models import Interview


def escape_text(value: str) -> str:
    """RFC 5545 §3.3.11: backslash, semicolon, comma and newlines."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """RFC 5545 §3.1: at most 75 octets per line; continuation lines start with a space."""
    parts: list[str] = []
    current, size = "", 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def utc_stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def interview_ics(interview: Interview, *, for_seeker: bool, now: dt.datetime | None = None) -> str:
    """The calendar file of a confirmed (or cancelled after confirming) interview."""
    assert interview.starts_at is not None
    start = interview.starts_at
    end = start + dt.timedelta(minutes=interview.duration_minutes)
    version = interview.application.posting.live_version
    title = version.title if version is not None else ""
    if for_seeker:
        summary = _("Interview: %(job)s · %(org)s") % {
            "job": title,
            "org": interview.organisation.legal_name,
        }
    else:
        summary = _("Interview (round %(round)s): %(job)s") % {
            "round": interview.round,
            "job": title,
        }
    description_lines = [
        _("Round %(round)s, %(mode)s, %(minutes)s minutes.")
        % {
            "round": interview.round,
            "mode": interview.get_mode_display(),
            "minutes": interview.duration_minutes,
        }
    ]
    if interview.instructions:
        description_lines.append(interview.instructions)
    if interview.video_link:
        description_lines.append(interview.video_link)
    location = (
        interview.address
        if interview.mode == InterviewMode.ONSITE
        else interview.video_link
        if interview.mode == InterviewMode.VIDEO
        else _("Phone call")
    )
    host = urlparse(settings.SITE_URL).hostname or "rencai"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//rencai//interviews//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:interview-{interview.pk}@{host}",
        f"DTSTAMP:{utc_stamp(now or timezone.now())}",
        f"DTSTART:{utc_stamp(start)}",
        f"DTEND:{utc_stamp(end)}",
        f"SEQUENCE:{int(interview.updated_at.timestamp())}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(chr(10).join(description_lines))}",
        f"LOCATION:{escape_text(location)}",
    ]
    if interview.video_link:
        lines.append(f"URL:{interview.video_link}")
    status = "CANCELLED" if interview.status == InterviewStatus.CANCELLED else "CONFIRMED"
    lines += [f"STATUS:{status}", "END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)


def ics_filename(interview: Interview) -> str:
    return f"interview-{interview.pk}.ics"
