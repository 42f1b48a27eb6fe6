"""Account cancellation (PI-19): self-service, never blocked by unrelated conditions.

``cancel_account`` takes effect at once in one transaction: the account can no longer sign
in (``is_active`` off, every session ended, every API token revoked), its resumes leave
employer search, open applications are withdrawn (which cancels their interviews), open
invitations are declined and an organisation membership ends — even for the last
administrator of an organisation: the work is handed to another member if there is one,
otherwise the membership ends without a successor and the audit trail records what was
left without an owner. After the commit the erasure task deletes or anonymises the personal
data and archives the legally required subset (``rencai.privacy.erasure.erase_account``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from rencai.accounts.actions.sessions import _end
from rencai.accounts.choices import SessionEndReason
from rencai.accounts.models import ApiToken, User, UserSession
from rencai.audit.actions import record_event
from rencai.core.actors import Actor

if TYPE_CHECKING:
    from rencai.orgs.models import Membership
    from rencai.privacy.models import RightsRequest


def _as_owner(user: User, actor: Actor) -> Actor:
    """The seeker-side actions check that the actor is the seeker; an operator or the system
    cancelling on the person's request acts on their behalf (the request context stays)."""
    if actor.user is not None and actor.user.pk == user.pk:
        return actor
    return actor.with_user(user)


def _hide_resumes(user: User, actor: Actor) -> list[str]:
    from rencai.resumes.actions import set_visibility
    from rencai.resumes.choices import Visibility
    from rencai.resumes.models import Resume

    resumes = list(Resume.objects.filter(owner=user))
    for resume in resumes:
        set_visibility(resume, Visibility.HIDDEN, actor=actor)
    return [str(resume.pk) for resume in resumes]


def _withdraw_applications(user: User, actor: Actor) -> int:
    from rencai.applications.actions import withdraw_application
    from rencai.applications.choices import ApplicationStatus
    from rencai.applications.models import Application

    applications = list(Application.objects.filter(seeker=user, status=ApplicationStatus.ACTIVE))
    for application in applications:
        withdraw_application(application, actor=actor)
    return len(applications)


def _decline_invitations(user: User, actor: Actor) -> int:
    from rencai.applications.actions import decline_invitation
    from rencai.applications.choices import InvitationStatus
    from rencai.applications.models import ApplyInvitation
    from rencai.orgs.actions import decline_invitation as decline_org_invitation
    from rencai.orgs.choices import InvitationStatus as OrgInvitationStatus
    from rencai.orgs.models import Invitation

    now = timezone.now()
    invitations = list(
        ApplyInvitation.objects.filter(
            seeker=user, status=InvitationStatus.PENDING, expires_at__gt=now
        )
    )
    for invitation in invitations:
        decline_invitation(invitation, actor=actor)
    count = len(invitations)
    if user.phone_index:
        org_invitations = list(
            Invitation.objects.filter(
                phone_index=user.phone_index,
                status=OrgInvitationStatus.PENDING,
                expires_at__gt=now,
            )
        )
        for org_invitation in org_invitations:
            decline_org_invitation(org_invitation, user, actor=actor)
        count += len(org_invitations)
    return count


def _successor(membership: Membership) -> Membership | None:
    from rencai.orgs.choices import MemberRole, MembershipStatus
    from rencai.orgs.models import Membership as MembershipModel

    others = MembershipModel.objects.filter(
        organisation_id=membership.organisation_id, status=MembershipStatus.ACTIVE
    ).exclude(pk=membership.pk)
    return (
        others.filter(role=MemberRole.ADMIN).order_by("created_at").first()
        or others.order_by("created_at").first()
    )


def _end_membership(user: User, actor: Actor) -> dict[str, Any] | None:
    """End the active membership: through the organisation's hand-over to another member
    when there is one (the last administrator's successor becomes administrator), else
    directly — cancellation is never refused because nobody can take over (PI-19)."""
    from rencai.orgs import handover
    from rencai.orgs.actions import end_membership
    from rencai.orgs.choices import MemberRole, MembershipEndReason, MembershipStatus
    from rencai.orgs.models import Handover, Membership

    membership = (
        Membership.objects.select_related("organisation")
        .filter(user=user, status=MembershipStatus.ACTIVE)
        .first()
    )
    if membership is None:
        return None
    successor = _successor(membership)
    if successor is not None:
        record = end_membership(
            membership, successor=successor, reason=MembershipEndReason.LEFT, actor=actor
        )
        return {
            "organisation": str(membership.organisation_id),
            "successor": str(successor.pk),
            "handed_over": record.counts,
        }
    was_admin = membership.role == MemberRole.ADMIN
    left_behind = handover.owned_items(membership)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    membership.status = MembershipStatus.ENDED
    membership.ended_at = timezone.now()
    membership.end_reason = MembershipEndReason.LEFT
    membership.save(update_fields=["status", "ended_at", "end_reason", "updated_at"])
    Handover.objects.create(
        organisation_id=membership.organisation_id,
        departing=membership,
        successor=None,
        counts={},
    )
    record_event(
        actor,
        "orgs.membership_ended",
        membership,
        after={
            "reason": MembershipEndReason.LEFT,
            "successor": None,
            "account_cancelled": True,
            "last_admin": was_admin,
            "left_without_owner": left_behind,
        },
    )
    return {
        "organisation": str(membership.organisation_id),
        "successor": None,
        "last_admin": was_admin,
        "left_without_owner": left_behind,
    }


def cancel_account(
    user: User, *, actor: Actor, rights_request: RightsRequest | None = None
) -> None:
    """Cancel ``user``'s account at once and schedule the erasure of its data (PI-19).

    Idempotent: a second call only schedules the erasure again if it has not completed.
    ``rights_request`` (an account-cancellation request) is named in the audit event.
    """
    from rencai.search import indexing

    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.cancelled_at is None:
            now = timezone.now()
            owner_actor = _as_owner(user, actor)
            user.cancelled_at = now
            user.is_active = False
            user.save(update_fields=["cancelled_at", "is_active"])
            sessions = list(UserSession.objects.filter(user=user, ended_at__isnull=True))
            _end(sessions, SessionEndReason.LOGOUT_EVERYWHERE)
            tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
                revoked_at=now
            )
            resume_ids = _hide_resumes(user, owner_actor)
            withdrawn = _withdraw_applications(user, owner_actor)
            declined = _decline_invitations(user, owner_actor)
            membership = _end_membership(user, owner_actor)
            record_event(
                actor,
                "accounts.account_cancelled",
                user,
                after={
                    "rights_request": rights_request.reference if rights_request else None,
                    "sessions_ended": len(sessions),
                    "tokens_revoked": tokens,
                    "resumes_hidden": len(resume_ids),
                    "applications_withdrawn": withdrawn,
                    "invitations_declined": declined,
                    "membership": membership,
                },
            )
            # Out of the resume index as soon as the commit is done (the search pages also
            # filter out inactive owners meanwhile).
            transaction.on_commit(lambda: indexing.index_resumes_now(resume_ids))
        if user.erased_at is None:
            user_id = str(user.pk)
            transaction.on_commit(lambda: _schedule_erasure(user_id))


def _schedule_erasure(user_id: str) -> None:
    from rencai.privacy.tasks import erase_account_task

    erase_account_task(user_id)
