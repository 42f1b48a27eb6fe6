"""Keep resident ID numbers, mobile numbers and bank card numbers out of logs and error
reports (GOV-05, O44 Art 21(2), CSL Art 42).

``SensitiveDataFilter`` is installed on every handler in ``settings.LOGGING``. It rewrites
the record in place before any handler formats it: the message with its arguments, the
exception text and the stack text. ID numbers (18 characters, the last may be X) become
``[ID number]``, mainland mobile numbers ``138****8001``, and 16–19-digit numbers that pass
the Luhn check ``[card ****1234]``. Masking happens on the way out, so code that logs
carelessly still leaks nothing; code should not log personal data in the first place.
"""

from __future__ import annotations

import logging
import re

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])")
_DIGIT_RUN = re.compile(r"(?<!\d)\d(?:[ -]?\d){15,18}(?!\d)")
_MOBILE = re.compile(r"(?<![\dA-Za-z])(?:\+?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)")

_FORMATTER = logging.Formatter()


def _luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _card(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    if 16 <= len(digits) <= 19 and _luhn(digits):
        return f"[card ****{digits[-4:]}]"
    return match.group(0)


def scrub(text: str) -> str:
    """``text`` with ID, bank card and mobile numbers masked."""
    text = _ID_NUMBER.sub("[ID number]", text)
    text = _DIGIT_RUN.sub(_card, text)
    return _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", text)


class SensitiveDataFilter(logging.Filter):
    """Masks sensitive numbers in a record; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: log it as given, masked
            message = str(record.msg)
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = _FORMATTER.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True
