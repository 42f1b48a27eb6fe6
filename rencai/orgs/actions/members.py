"""Staff membership: invitations, join requests, roles, and leaving with a hand-over."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from rencai.accounts.actions import take_role
from rencai.accounts.choices import Role
from rencai.accounts.models import User
from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.masking import mask_phone
from rencai.core.phones import normalise_mobile, phone_index
from rencai.notifications.actions import notify, notify_many, text_number
from rencai.orgs import handover, notices
from rencai.orgs.actions.organisations import ensure_not_listed
from rencai.orgs.choices import (
    InvitationStatus,
    JoinRequestStatus,
    MemberRole,
    MembershipEndReason,
    MembershipStatus,
)
from rencai.orgs.constants import INVITATION_VALID, MAX_PENDING_INVITATIONS
from rencai.orgs.errors import OrgErrorCode, org_error
from rencai.orgs.models import Handover, Invitation, JoinRequest, Membership, Organisation
from rencai.orgs.permissions import can_create_organisation
from rencai.orgs.queries import active_membership, open_invitations


def _role(role: str) -> str:
    if role not in MemberRole.values:
        raise org_error(OrgErrorCode.CHOICE_INVALID, field="role")
    return role


def _join(org: Organisation, user: User, role: str, *, actor: Actor) -> Membership:
    """Create the membership (one active per person) and make sure the person holds a
    staff role matching the organisation."""
    if active_membership(user) is not None:
        raise org_error(OrgErrorCode.ALREADY_MEMBER)
    ensure_not_listed(user=user)
    staff_role = Role.AGENCY_STAFF if org.is_agency else Role.EMPLOYER_STAFF
    if not can_create_organisation(user) and staff_role == Role.EMPLOYER_STAFF:
        take_role(user, staff_role, actor=actor)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(organisation=org, user=user, role=role)
            record_event(
                actor,
                "orgs.member_joined",
                membership,
                after={"organisation": str(org.pk), "role": role},
            )
    except IntegrityError as exc:
        raise org_error(OrgErrorCode.ALREADY_MEMBER) from exc
    return membership


def invite(
    org: Organisation, inviter: Membership, phone: str, role: str, *, actor: Actor
) -> Invitation:
    """Invite a mobile number; the person answers after signing in with that number. The
    invitation is sent by SMS (and in-site if the number already has an account)."""
    role = _role(role)
    number = normalise_mobile(phone)
    index = phone_index(number)
    existing = org.memberships.filter(
        status=MembershipStatus.ACTIVE, user__phone_index=index
    ).exists()
    if existing:
        raise org_error(OrgErrorCode.ALREADY_MEMBER, field="phone")
    invitations = open_invitations(org)
    if invitations.filter(phone_index=index).exists():
        raise org_error(OrgErrorCode.INVITATION_PENDING, field="phone")
    if invitations.count() >= MAX_PENDING_INVITATIONS:
        raise org_error(OrgErrorCode.INVITATION_TOO_MANY)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            organisation=org,
            phone=number,
            phone_index=index,
            role=role,
            invited_by=inviter,
            expires_at=timezone.now() + INVITATION_VALID,
        )
        record_event(
            actor,
            "orgs.member_invited",
            invitation,
            after={"organisation": str(org.pk), "phone": mask_phone(number), "role": role},
        )
        params = {"org": org.legal_name, "role": str(MemberRole(role).label)}
        invitee = User.objects.filter(phone_index=index).first()
        if invitee is not None:
            notify(invitee, notices.INVITED, params=params, url="/orgs/", sms=True, actor=actor)
        else:
            text_number(number, notices.INVITED, params=params)
    return invitation


def revoke_invitation(invitation: Invitation, *, actor: Actor) -> Invitation:
    return _close_invitation(invitation, InvitationStatus.REVOKED, actor=actor)


def _close_invitation(invitation: Invitation, status: str, *, actor: Actor) -> Invitation:
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != InvitationStatus.PENDING or invitation.expires_at <= timezone.now():
            raise org_error(OrgErrorCode.INVITATION_STATE)
        invitation.status = status
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["status", "answered_at", "updated_at"])
        record_event(actor, f"orgs.invitation_{status}", invitation, after={"status": status})
    return invitation


def accept_invitation(invitation: Invitation, user: User, *, actor: Actor) -> Membership:
    """The invited person (signed in with the invited number) joins with the offered role."""
    if invitation.phone_index != user.phone_index:
        raise org_error(OrgErrorCode.INVITATION_STATE)
    with transaction.atomic():
        _close_invitation(invitation, InvitationStatus.ACCEPTED, actor=actor)
        return _join(invitation.organisation, user, invitation.role, actor=actor)


def decline_invitation(invitation: Invitation, user: User, *, actor: Actor) -> Invitation:
    if invitation.phone_index != user.phone_index:
        raise org_error(OrgErrorCode.INVITATION_STATE)
    return _close_invitation(invitation, InvitationStatus.DECLINED, actor=actor)


def request_to_join(
    org: Organisation, user: User, message: str = "", *, actor: Actor
) -> JoinRequest:
    """Someone whose company is already registered asks its administrators to let them in."""
    if not can_create_organisation(user):
        raise org_error(OrgErrorCode.ROLE_REQUIRED)
    if active_membership(user) is not None:
        raise org_error(OrgErrorCode.ALREADY_MEMBER)
    ensure_not_listed(user=user)
    text = " ".join(message.split())
    if len(text) > 300:
        raise org_error(OrgErrorCode.TEXT_TOO_LONG, field="message")
    try:
        with transaction.atomic():
            join = JoinRequest.objects.create(organisation=org, user=user, message=text)
            record_event(actor, "orgs.join_requested", join, after={"organisation": str(org.pk)})
            notify_many(
                notices.admins_of(org),
                notices.JOIN_REQUESTED,
                params={"org": org.legal_name, "person": user.display_name},
                url=f"/orgs/{org.pk}/members/",
                actor=actor,
            )
    except IntegrityError as exc:
        raise org_error(OrgErrorCode.JOIN_STATE) from exc
    return join


def decide_join_request(
    join: JoinRequest,
    admin: Membership,
    *,
    approve: bool,
    role: str = MemberRole.RECRUITER,
    actor: Actor,
) -> JoinRequest:
    with transaction.atomic():
        join = JoinRequest.objects.select_for_update().select_related("user").get(pk=join.pk)
        if join.status != JoinRequestStatus.PENDING:
            raise org_error(OrgErrorCode.JOIN_STATE)
        org = join.organisation
        if approve:
            _join(org, join.user, _role(role), actor=actor)
        join.status = JoinRequestStatus.APPROVED if approve else JoinRequestStatus.DECLINED
        join.decided_by, join.decided_at = admin, timezone.now()
        join.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        record_event(actor, "orgs.join_decided", join, after={"status": join.status})
        notify(
            join.user,
            notices.JOIN_APPROVED if approve else notices.JOIN_DECLINED,
            params={"org": org.legal_name},
            url="/orgs/",
            actor=actor,
        )
    return join


def withdraw_join_request(join: JoinRequest, *, actor: Actor) -> JoinRequest:
    with transaction.atomic():
        join = JoinRequest.objects.select_for_update().get(pk=join.pk)
        if join.status != JoinRequestStatus.PENDING:
            raise org_error(OrgErrorCode.JOIN_STATE)
        join.status = JoinRequestStatus.WITHDRAWN
        join.save(update_fields=["status", "updated_at"])
        record_event(actor, "orgs.join_withdrawn", join, after={"status": join.status})
    return join


def _other_admins(membership: Membership) -> bool:
    return (
        membership.organisation.memberships.filter(
            status=MembershipStatus.ACTIVE, role=MemberRole.ADMIN
        )
        .exclude(pk=membership.pk)
        .exists()
    )


def change_role(membership: Membership, role: str, *, actor: Actor) -> Membership:
    role = _role(role)
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if not membership.is_active:
            raise org_error(OrgErrorCode.MEMBER_STATE)
        demoting = membership.role == MemberRole.ADMIN and role != MemberRole.ADMIN
        if demoting and not _other_admins(membership):
            raise org_error(OrgErrorCode.LAST_ADMIN, field="role")
        before = membership.role
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
        record_event(
            actor,
            "orgs.member_role_changed",
            membership,
            before={"role": before},
            after={"role": role},
        )
    return membership


def end_membership(
    membership: Membership,
    *,
    successor: Membership | None,
    reason: str,
    actor: Actor,
) -> Handover:
    """End a membership (removed by an administrator, or the person leaves).

    Everything the member owns (postings, applications, conversations, invitations, open
    requests — each app registers a hand-over handler) moves to ``successor`` in the same
    transaction; a successor is required whenever there is something to hand over, and
    when the last administrator leaves (the successor becomes administrator). Access ends
    at once: every org query checks for an active membership."""
    if reason not in MembershipEndReason.values:
        raise org_error(OrgErrorCode.CHOICE_INVALID, field="reason")
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .select_related("organisation", "user")
            .get(pk=membership.pk)
        )
        if not membership.is_active:
            raise org_error(OrgErrorCode.MEMBER_STATE)
        if successor is not None and (
            successor.pk == membership.pk
            or successor.organisation_id != membership.organisation_id
            or not Membership.objects.filter(
                pk=successor.pk, status=MembershipStatus.ACTIVE
            ).exists()
        ):
            raise org_error(OrgErrorCode.SUCCESSOR_INVALID, field="successor")
        counts = handover.owned_items(membership)
        last_admin = membership.role == MemberRole.ADMIN and not _other_admins(membership)
        if successor is None and (counts or last_admin):
            code = OrgErrorCode.SUCCESSOR_REQUIRED if counts else OrgErrorCode.LAST_ADMIN
            raise org_error(code, field="successor")
        moved: dict[str, int] = {}
        if successor is not None:
            for handler in handover.handlers():
                moved[handler.key] = handler.transfer(membership, successor, actor)
            if last_admin:
                successor.role = MemberRole.ADMIN
                successor.save(update_fields=["role", "updated_at"])
                record_event(
                    actor, "orgs.member_role_changed", successor, after={"role": MemberRole.ADMIN}
                )
        left = handover.owned_items(membership)
        if left:  # a handler failed to move everything: refuse rather than orphan
            raise org_error(OrgErrorCode.SUCCESSOR_REQUIRED, field="successor")
        membership.status = MembershipStatus.ENDED
        membership.ended_at = timezone.now()
        membership.end_reason = reason
        membership.successor = successor
        membership.save(
            update_fields=["status", "ended_at", "end_reason", "successor", "updated_at"]
        )
        record = Handover.objects.create(
            organisation=membership.organisation,
            departing=membership,
            successor=successor,
            counts={key: n for key, n in moved.items() if n},
        )
        record_event(
            actor,
            "orgs.membership_ended",
            membership,
            after={
                "reason": reason,
                "successor": str(successor.pk) if successor else None,
                "handed_over": record.counts,
            },
        )
        if reason == MembershipEndReason.REMOVED:
            notify(
                membership.user,
                notices.MEMBER_ENDED,
                params={"org": membership.organisation.legal_name},
                url="/orgs/",
                actor=actor,
            )
    return record
