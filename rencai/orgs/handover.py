"""Hand-over of a departing member's work (Seed-000): every app that gives staff members
ownership of something registers a handler, and ``end_membership`` moves all of it to the
chosen successor in the same transaction, so nothing is left without an owner.

The jobs, applications and messaging apps register their postings, pipelines and
conversations here; the orgs app registers what it owns itself (below)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rencai.core.actors import Actor
from rencai.orgs.choices import InvitationStatus, RequestStatus
from rencai.orgs.models import Invitation, Membership, VerificationRequest


class HandoverHandler(Protocol):
    @property
    def key(self) -> str:
        """Stable name of what is handed over (stored in ``Handover.counts``)."""

    @property
    def label(self) -> Promise:
        """What pages call it."""

    def count(self, membership: Membership) -> int:
        """How many items ``membership`` owns."""

    def transfer(self, membership: Membership, successor: Membership, actor: Actor) -> int:
        """Give every item to ``successor``; return how many moved."""


_HANDLERS: dict[str, HandoverHandler] = {}


def register_handover(handler: HandoverHandler) -> None:
    _HANDLERS[handler.key] = handler


def unregister_handover(key: str) -> None:
    _HANDLERS.pop(key, None)


def handlers() -> list[HandoverHandler]:
    return list(_HANDLERS.values())


def owned_items(membership: Membership) -> dict[str, int]:
    """Items per handler that ``membership`` owns (only non-zero entries)."""
    counts = {handler.key: handler.count(membership) for handler in handlers()}
    return {key: n for key, n in counts.items() if n}


def describe(counts: dict[str, int]) -> list[tuple[Promise, int]]:
    """(label, count) pairs for pages."""
    return [(_HANDLERS[key].label, n) for key, n in counts.items() if key in _HANDLERS]


@dataclass(frozen=True)
class _InvitationsHandler:
    key: str = "orgs.invitations"
    label: Promise = _("Open invitations sent")

    def count(self, membership: Membership) -> int:
        return Invitation.objects.filter(
            invited_by=membership, status=InvitationStatus.PENDING
        ).count()

    def transfer(self, membership: Membership, successor: Membership, actor: Actor) -> int:
        return Invitation.objects.filter(
            invited_by=membership, status=InvitationStatus.PENDING
        ).update(invited_by=successor)


@dataclass(frozen=True)
class _VerificationContactHandler:
    key: str = "orgs.verification_contact"
    label: Promise = _("Open verification requests (contact person)")

    def count(self, membership: Membership) -> int:
        return VerificationRequest.objects.filter(
            contact=membership, status=RequestStatus.PENDING
        ).count()

    def transfer(self, membership: Membership, successor: Membership, actor: Actor) -> int:
        return VerificationRequest.objects.filter(
            contact=membership, status=RequestStatus.PENDING
        ).update(contact=successor)


register_handover(_InvitationsHandler())
register_handover(_VerificationContactHandler())
