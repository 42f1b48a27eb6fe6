"""Where an organisation stands in onboarding: which wizard steps are complete."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rencai.accounts.models import User
from rencai.orgs.actions.verification import verified_email
from rencai.orgs.choices import AuthorityMethod, DocumentKind
from rencai.orgs.models import AgencyLicence, Organisation
from rencai.orgs.queries import current_documents


@dataclass(frozen=True)
class Step:
    key: str
    label: Promise
    url_name: str
    done: bool


def authority_methods_ready(org: Organisation, user: User) -> list[str]:
    """The proofs of authority ``user`` could submit with right now."""
    ready: list[str] = []
    if DocumentKind.AUTHORISATION_LETTER in current_documents(org):
        ready.append(AuthorityMethod.LETTER)
    if verified_email(org, user) is not None:
        ready.append(AuthorityMethod.EMAIL)
    same_name = "".join(user.real_name.split()) == "".join(org.legal_representative.split())
    if user.is_real_name_verified and same_name:
        ready.append(AuthorityMethod.LEGAL_REPRESENTATIVE)
    return ready


def setup_steps(org: Organisation, user: User) -> list[Step]:
    documents = current_documents(org)
    profile_done = bool(
        org.industry and org.size and org.locations.filter(is_headquarters=True).exists()
    )
    documents_done = DocumentKind.BUSINESS_LICENCE in documents
    if org.is_agency:
        documents_done = (
            documents_done
            and DocumentKind.HR_LICENCE in documents
            and AgencyLicence.objects.filter(organisation=org).exists()
            and org.services.exists()
        )
    return [
        Step("details", _("Registered details"), "orgs:edit_registered", True),
        Step("profile", _("Profile and offices"), "orgs:setup_profile", profile_done),
        Step("documents", _("Licences"), "orgs:setup_documents", documents_done),
        Step(
            "authority",
            _("Your authority"),
            "orgs:setup_authority",
            bool(authority_methods_ready(org, user)),
        ),
        Step("submit", _("Review and submit"), "orgs:setup_submit", False),
    ]
