"""Staff membership: invitations, join requests, roles and hand-over (Seed-000)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.utils.functional import Promise

from rencai.accounts.models import User
from rencai.core.actors import Actor, cli_actor
from rencai.core.errors import DomainError
from rencai.orgs import actions, handover
from rencai.orgs.choices import MemberRole, MembershipStatus
from rencai.orgs.models import Handover, Invitation, Membership, Organisation
from rencai.orgs.queries import active_membership, member_org
from rencai.providers.models import SandboxSmsMessage
from rencai.testing import personas

pytestmark = pytest.mark.django_db
NEW_PHONE = "13700137020"


def _admin(user: User) -> Membership:
    membership = active_membership(user)
    assert membership is not None
    return membership


def _recruiter(org: Organisation, admin: User, phone: str = NEW_PHONE) -> Membership:
    invitation = actions.invite(org, _admin(admin), phone, "recruiter", actor=cli_actor(admin))
    person = personas.register_person(phone, "employer_staff", "新同事")
    return actions.accept_invitation(invitation, person, actor=cli_actor(person))


def test_invitation_by_sms_to_an_unregistered_number(company_a: Organisation, bob: User) -> None:
    invitation = actions.invite(
        company_a, _admin(bob), NEW_PHONE, "recruiter", actor=cli_actor(bob)
    )
    message = SandboxSmsMessage.objects.get(template="org_invitation")
    assert company_a.legal_name in message.text
    assert message.text.startswith("【人才】")  # signed like every other platform SMS
    with pytest.raises(DomainError) as caught:
        actions.invite(company_a, _admin(bob), NEW_PHONE, "recruiter", actor=cli_actor(bob))
    assert caught.value.code == "invitation_pending"
    person = personas.register_person(
        NEW_PHONE, "seeker", "新同事", birth_date=personas.ALICE.birth_date
    )
    membership = actions.accept_invitation(invitation, person, actor=cli_actor(person))
    assert membership.role == MemberRole.RECRUITER
    person.forget_roles()
    assert person.has_role("employer_staff")  # joining gives the staff role


def test_only_the_invited_number_may_accept(company_a: Organisation, bob: User, dave: User) -> None:
    invitation = actions.invite(
        company_a, _admin(bob), NEW_PHONE, "recruiter", actor=cli_actor(bob)
    )
    with pytest.raises(DomainError) as caught:
        actions.accept_invitation(invitation, dave, actor=cli_actor(dave))
    assert caught.value.code == "invitation_state"


def test_join_request_approved_by_an_admin(company_a: Organisation, bob: User) -> None:
    person = personas.register_person(NEW_PHONE, "employer_staff", "想加入")
    join = actions.request_to_join(company_a, person, "我是人事部的", actor=cli_actor(person))
    with pytest.raises(DomainError):
        actions.request_to_join(company_a, person, actor=cli_actor(person))
    actions.decide_join_request(join, _admin(bob), approve=True, actor=cli_actor(bob))
    assert member_org(person, company_a.pk)[1].role == MemberRole.RECRUITER


def test_last_admin_cannot_step_down(company_a: Organisation, bob: User) -> None:
    with pytest.raises(DomainError) as caught:
        actions.change_role(_admin(bob), "recruiter", actor=cli_actor(bob))
    assert caught.value.code == "last_admin"


@dataclass(frozen=True)
class _Postings:
    """A stand-in for the jobs app's handler: postings owned by a membership."""

    owned: dict[str, str]
    key: str = "test.postings"
    label: Promise | str = "postings"

    def count(self, membership: Membership) -> int:
        return sum(1 for owner in self.owned.values() if owner == str(membership.pk))

    def transfer(self, membership: Membership, successor: Membership, actor: Actor) -> int:
        moved = [k for k, owner in self.owned.items() if owner == str(membership.pk)]
        for key in moved:
            self.owned[key] = str(successor.pk)
        return len(moved)


@pytest.fixture
def postings() -> Iterator[_Postings]:
    handler = _Postings({})
    handover.register_handover(handler)
    yield handler
    handover.unregister_handover(handler.key)


def test_removal_hands_everything_over_and_ends_access(
    company_a: Organisation, bob: User, postings: _Postings
) -> None:
    colleague = _recruiter(company_a, bob)
    leaver = _recruiter(company_a, bob, "13700137021")
    postings.owned.update({"job-1": str(leaver.pk), "job-2": str(leaver.pk)})
    invitation = actions.invite(
        company_a, _admin(bob), "13700137022", "recruiter", actor=cli_actor(bob)
    )
    Invitation.objects.filter(pk=invitation.pk).update(invited_by=leaver)
    with pytest.raises(DomainError) as caught:
        actions.end_membership(leaver, successor=None, reason="removed", actor=cli_actor(bob))
    assert caught.value.code == "successor_required"
    record = actions.end_membership(
        leaver, successor=colleague, reason="removed", actor=cli_actor(bob)
    )
    assert record.counts == {"test.postings": 2, "orgs.invitations": 1}
    assert set(postings.owned.values()) == {str(colleague.pk)}
    assert handover.owned_items(leaver) == {}
    leaver.refresh_from_db()
    assert leaver.status == MembershipStatus.ENDED
    with pytest.raises(DomainError):
        member_org(leaver.user, company_a.pk)  # access ends at once
    assert Handover.objects.get().successor == colleague


def test_successor_must_be_an_active_colleague(
    company_a: Organisation, company_b: Organisation, bob: User, dave: User
) -> None:
    colleague = _recruiter(company_a, bob)
    with pytest.raises(DomainError) as caught:
        actions.end_membership(
            colleague, successor=_admin(dave), reason="removed", actor=cli_actor(bob)
        )
    assert caught.value.code == "successor_invalid"
    with pytest.raises(DomainError):
        actions.end_membership(colleague, successor=colleague, reason="left", actor=cli_actor(bob))


def test_last_admin_leaving_promotes_the_successor(company_a: Organisation, bob: User) -> None:
    colleague = _recruiter(company_a, bob)
    with pytest.raises(DomainError) as caught:
        actions.end_membership(_admin(bob), successor=None, reason="left", actor=cli_actor(bob))
    assert caught.value.code == "last_admin"
    actions.end_membership(_admin(bob), successor=colleague, reason="left", actor=cli_actor(bob))
    colleague.refresh_from_db()
    assert colleague.role == MemberRole.ADMIN
    assert active_membership(bob) is None
