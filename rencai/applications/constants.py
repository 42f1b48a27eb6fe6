"""Constants of the applications app."""

from __future__ import annotations

from rencai.applications.choices import StageKind

# Query keys the employer's application list accepts (API and HTML); anything else is
# refused, and keys naming a protected attribute get their own code (DIS-03).
LIST_FILTER_KEYS = frozenset(
    {"posting_id", "stage_id", "status", "since", "until", "q", "page", "page_size"}
)
# Words that make a filter key a protected attribute (matched per word of the key, so
# ``min_age`` and ``gender[]`` are caught and ``page_size`` is not).
PROTECTED_FILTER_WORDS = frozenset(
    {
        "gender",
        "sex",
        "age",
        "ages",
        "birth",
        "birthday",
        "birthdate",
        "dob",
        "born",
        "hukou",
        "origin",
        "native",
        "province",
        "ethnicity",
        "ethnic",
        "nation",
        "nationality",
        "race",
        "religion",
        "religious",
        "faith",
        "marital",
        "married",
        "marriage",
        "childbearing",
        "children",
        "pregnancy",
        "pregnant",
        "health",
        "hbv",
        "disability",
        "disabled",
        "height",
        "weight",
        "looks",
        "appearance",
        "photo",
        "political",
        "blood",
    }
)
# Stage kinds whose reaching the seeker is told about.
NOTIFIED_KINDS = frozenset(
    {StageKind.INTERVIEW, StageKind.OFFER, StageKind.HIRED, StageKind.REJECTED}
)
# Kinds of stage that close an application, with the status they set.
CLOSING_KINDS: dict[str, str] = {StageKind.HIRED: "hired", StageKind.REJECTED: "rejected"}
MAX_BULK = 100
MAX_STAGES = 20
BOARD_CARDS_PER_STAGE = 50
