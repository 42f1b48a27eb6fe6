"""Numbers of the orgs app, each with its source."""

from __future__ import annotations

import datetime as dt

# VER-05: re-verify at least every 6 months (183 days), warn 30 and 7 days before.
REVERIFY_AFTER = dt.timedelta(days=183)
REVERIFY_WARNINGS_DAYS = (30, 7)
# VER-07: displayed qualification data must be updated within 10 working days of notice.
DISPLAY_NOTICE_WORKING_DAYS = 10
INVITATION_VALID = dt.timedelta(days=7)
EMAIL_CODE_VALID = dt.timedelta(minutes=30)
EMAIL_CODE_ATTEMPTS = 5
EMAIL_CODES_PER_DAY = 5
MAX_LOCATIONS = 20
MAX_SERVICES = 30
MAX_PENDING_INVITATIONS = 50
# Public mailbox providers: an address there proves nothing about the company (VER-04).
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "qq.com",
        "foxmail.com",
        "163.com",
        "126.com",
        "yeah.net",
        "sina.com",
        "sina.cn",
        "sohu.com",
        "aliyun.com",
        "139.com",
        "189.cn",
        "wo.cn",
        "tom.com",
        "gmail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "proton.me",
        "protonmail.com",
    }
)
