"""Every write of the jobs app (STYLE.md rule 1)."""

from rencai.jobs.actions.postings import (
    close_posting,
    create_posting,
    expire_postings,
    pause_posting,
    renew_posting,
    resume_posting,
    submit_posting,
    update_posting,
    withdraw_version,
)
from rencai.jobs.actions.review import approve_version, reinstate, reject_version, take_down

__all__ = [
    "approve_version",
    "close_posting",
    "create_posting",
    "expire_postings",
    "pause_posting",
    "reinstate",
    "reject_version",
    "renew_posting",
    "resume_posting",
    "submit_posting",
    "take_down",
    "update_posting",
    "withdraw_version",
]
