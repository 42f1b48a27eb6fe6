"""Writes of the applications app: applying with consent, the pipeline, invitations."""

from __future__ import annotations

from rencai.applications.actions.applying import apply_to_job, withdraw_application
from rencai.applications.actions.invitations import (
    accept_invitation,
    decline_invitation,
    expire_invitations,
    invite_to_apply,
    withdraw_invitation,
)
from rencai.applications.actions.pipeline import (
    add_note,
    bulk_move,
    bulk_reject,
    mark_seen,
    move_application,
    reject_application,
)
from rencai.applications.actions.stages import (
    archive_stage,
    create_stage,
    ensure_default_stages,
    reorder_stages,
    update_stage,
)

__all__ = [
    "accept_invitation",
    "add_note",
    "apply_to_job",
    "archive_stage",
    "bulk_move",
    "bulk_reject",
    "create_stage",
    "decline_invitation",
    "ensure_default_stages",
    "expire_invitations",
    "invite_to_apply",
    "mark_seen",
    "move_application",
    "reject_application",
    "reorder_stages",
    "update_stage",
    "withdraw_application",
    "withdraw_invitation",
]
