"""Limits and fixed texts of the notifications app."""

from __future__ import annotations

import re

# The sign every SMS to people in China starts with (the gateway registers it with the
# carriers); kinds' SMS texts are written without it.
SMS_SIGNATURE = "【人才】"

MAX_PARAMS = 10
PARAM_KEY = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
PARAM_VALUE_MAX_LENGTH = 200
DEDUPE_KEY_MAX_LENGTH = 100

# Parameters must not carry personal data. What is cheap to recognise is refused: a run of
# 11 or more digits (mobile, ID and bank-card numbers, also with spaces or dashes between
# the digits) and anything shaped like an e-mail address.
LOOKS_PERSONAL = re.compile(r"\d(?:[\s-]?\d){10,}|[^\s@]+@[^\s@]+\.[^\s@]+")

PAGE_SIZE = 20
