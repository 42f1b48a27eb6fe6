"""Numbers the accounts rules rest on, each with its reason."""

from __future__ import annotations

MINIMUM_AGE = 16  # LL Art 15, MIN-01: no job introductions for anyone under 16
ADULT_AGE = 18  # 16–17-year-olds need a guardian's confirmation (MIN-02)
CODE_DIGITS = 6
MAX_CODE_ATTEMPTS = 5  # wrong guesses per code before it is void (1 in 200,000 odds)
REGISTRATION_TOKEN_MAX_AGE = 15 * 60  # seconds between phone verification and registration
CHALLENGE_MAX_AGE = 10 * 60  # seconds to complete an SMS second factor
GUARDIAN_TOKEN_MAX_AGE = 15 * 60  # seconds a guardian's verified phone stays usable
REAL_NAME_DAILY_ATTEMPTS = 5  # checks per user per day: stops ID-number enumeration
FACE_DAILY_ATTEMPTS = 5
API_TOKEN_PREFIX = "rc"
API_TOKEN_MAX_DAYS = 365
