"""The notifications the orgs app sends (registered when the app is ready)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rencai.accounts.models import User
from rencai.notifications.kinds import NotificationKind, register
from rencai.orgs.choices import MemberRole, MembershipStatus
from rencai.orgs.models import Organisation

APPROVED = "orgs.verification_approved"
REJECTED = "orgs.verification_rejected"
MORE_INFO = "orgs.verification_more_info"
REVERIFY_SOON = "orgs.reverification_soon"
REVERIFY_NOW = "orgs.reverification_required"
DISPLAY_NOTICE = "orgs.display_notice"
DISPLAY_SUSPENDED = "orgs.display_suspended"
INVITED = "orgs.invited"
JOIN_REQUESTED = "orgs.join_requested"
JOIN_APPROVED = "orgs.join_approved"
JOIN_DECLINED = "orgs.join_declined"
MEMBER_ENDED = "orgs.membership_ended"
EMAIL_CODE = "orgs.email_code"

KINDS = [
    NotificationKind(
        APPROVED,
        title=_("%(org)s is verified"),
        body=_("The review of %(org)s is complete. The organisation can now recruit."),
        sms_template="org_verified",
        sms_text=_("%(org)s passed the employer review and can now post jobs."),
    ),
    NotificationKind(
        REJECTED,
        title=_("The verification of %(org)s was rejected"),
        body=_("Reasons: %(reasons)s. Open the organisation page for details and next steps."),
        sms_template="org_rejected",
        sms_text=_("The employer review of %(org)s was not passed. Sign in to see why."),
    ),
    NotificationKind(
        MORE_INFO,
        title=_("More material is needed for %(org)s"),
        body=_("The reviewer asks: %(note)s"),
        sms_template="org_more_info",
        sms_text=_("The review of %(org)s needs more material. Sign in to see what."),
    ),
    NotificationKind(
        REVERIFY_SOON,
        title=_("Re-verify %(org)s by %(due)s"),
        body=_(
            "Organisations are verified again every six months. Submit the re-verification "
            "by %(due)s, or posting new jobs will be paused until it is done."
        ),
        sms_template="org_reverify_soon",
        sms_text=_("%(org)s must complete its six-monthly re-verification by %(due)s."),
    ),
    NotificationKind(
        REVERIFY_NOW,
        title=_("%(org)s must be re-verified"),
        body=_("The last verification is more than six months old. New postings are paused."),
        sms_template="org_reverify_now",
        sms_text=_(
            "[rencai] %(org)s was not re-verified in six months; posting is paused until it is."
        ),
    ),
    NotificationKind(
        DISPLAY_NOTICE,
        title=_("Update the displayed details of %(org)s by %(deadline)s"),
        body=_(
            "%(reason)s Update them within 10 working days (by %(deadline)s), or the service "
            "will be suspended."
        ),
        sms_template="org_display_notice",
        sms_text=_(
            "[rencai] Update the displayed details of %(org)s by %(deadline)s, "
            "or service is suspended."
        ),
    ),
    NotificationKind(
        DISPLAY_SUSPENDED,
        title=_("Service of %(org)s is suspended"),
        body=_("The displayed details were not updated in time. Update them to resume."),
        sms_template="org_display_suspended",
        sms_text=_(
            "[rencai] %(org)s did not update its displayed details in time; service is suspended."
        ),
    ),
    NotificationKind(
        INVITED,
        title=_("%(org)s invites you to recruit for it"),
        body=_("Accept or decline the invitation as %(role)s on your organisation page."),
        sms_template="org_invitation",
        sms_text=_(
            "[rencai] %(org)s invites you to join as %(role)s. Sign in to rencai to answer."
        ),
    ),
    NotificationKind(
        JOIN_REQUESTED,
        title=_("%(person)s asks to join %(org)s"),
        body=_("Approve or decline the request on the members page."),
    ),
    NotificationKind(
        JOIN_APPROVED,
        title=_("You joined %(org)s"),
        body=_("An administrator approved your request."),
    ),
    NotificationKind(
        JOIN_DECLINED,
        title=_("Your request to join %(org)s was declined"),
        body=_("Ask the organisation's administrators if you think this is a mistake."),
    ),
    NotificationKind(
        MEMBER_ENDED,
        title=_("You are no longer a member of %(org)s"),
        body=_("Your access to the organisation ended; your work was handed over."),
    ),
]


def register_kinds() -> None:
    for kind in KINDS:
        register(kind)


def admins_of(org: Organisation) -> list[User]:
    return [
        membership.user
        for membership in org.memberships.filter(
            status=MembershipStatus.ACTIVE, role=MemberRole.ADMIN
        ).select_related("user")
    ]
