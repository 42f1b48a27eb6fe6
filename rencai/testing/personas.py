"""The named people of demo data and tests (Healthchecks-style personas).

Every persona is built through the real actions, so demo data and test fixtures carry
the same consent records and audit events a real sign-up would.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rencai.accounts import actions
from rencai.accounts.actions.guardians import guardian_token
from rencai.accounts.actions.registration import registration_token
from rencai.accounts.choices import Role
from rencai.accounts.models import User
from rencai.accounts.queries import find_user_by_phone
from rencai.core.actors import Actor, cli_actor
from rencai.core.phones import normalise_mobile
from rencai.core.timeutil import local_today
from rencai.privacy.actions import grant_document_consent
from rencai.privacy.choices import ConsentChannel, DocumentKind
from rencai.privacy.queries import current_document, current_documents, required_document_kinds

DEMO_PASSWORD = "rencai-demo-2026"  # documented in the README; demo data only


@dataclass(frozen=True)
class Persona:
    key: str
    display_name: str
    phone: str
    role: str
    birth_date: dt.date | None = None
    email: str = ""
    real_name: str = ""
    id_number: str = ""
    note: str = ""


ALICE = Persona(
    "alice",
    "Alice 王爱丽",
    "13800138001",
    Role.SEEKER,
    dt.date(1998, 5, 12),
    real_name="王爱丽",
    id_number="110105199805120020",
    note="seeker, real name verified",
)
YAN = Persona(
    "yan",
    "Yan 严小燕",
    "13800138002",
    Role.SEEKER,
    note="17-year-old seeker (born 1 January, 17 years before the current year); "
    "guardian 严丽 (mother) 13800138012 has confirmed",
)
YAN_GUARDIAN_PHONE = "13800138012"
BOB = Persona(
    "bob",
    "Bob 薄建国",
    "13800138003",
    Role.EMPLOYER_STAFF,
    real_name="薄建国",
    id_number="440305198506200015",
    note="employer staff of company A (蓝海科技)",
)
DAVE = Persona(
    "dave",
    "Dave 戴伟",
    "13800138004",
    Role.EMPLOYER_STAFF,
    real_name="戴伟",
    id_number="110105199003071239",
    note="employer staff of company B (青禾食品)",
)
CAROL = Persona(
    "carol",
    "Carol 蔡琳",
    "13800138005",
    Role.AGENCY_STAFF,
    email="carol@agency.example",
    real_name="蔡琳",
    id_number="440305198807120043",
    note="HR agency staff (e-mail + password) of 英才人力",
)
OSCAR = Persona(
    "oscar",
    "Oscar 欧晟",
    "13800138006",
    Role.OPERATOR_REVIEWER,
    email="oscar@rencai.example",
    note="operator: reviewer and trust & safety",
)
SAM = Persona(
    "sam",
    "Sam 孙铭",
    "13800138007",
    Role.OPERATOR_SECURITY_ADMIN,
    email="sam@rencai.example",
    note="operator: security administrator (grants roles, publishes legal documents)",
)
AUDREY = Persona(
    "audrey",
    "Audrey 艾德",
    "13800138008",
    Role.OPERATOR_AUDITOR,
    email="audrey@rencai.example",
    note="operator: auditor (reads the audit trail)",
)
RITA = Persona(
    "rita",
    "Rita 任婷",
    "13800138009",
    Role.REGULATOR,
    email="rita@hrss.example",
    note="regulator, read-only",
)
DANA = Persona(
    "dana",
    "Dana 戴娜",
    "13800138010",
    Role.OPERATOR_DATA,
    email="dana@rencai.example",
    note="operator: data operator (handles rights requests, self-inspections, bulk exports)",
)
TESS = Persona(
    "tess",
    "Tess 谭思",
    "13800138011",
    Role.OPERATOR_TRUST_SAFETY,
    email="tess@rencai.example",
    note="operator: trust & safety (a second operator, who decides appeals of Oscar's sanctions)",
)
PERSONAS = (ALICE, YAN, BOB, DAVE, CAROL, OSCAR, SAM, AUDREY, RITA, DANA, TESS)
EXTRA_ROLES = {"oscar": (Role.OPERATOR_TRUST_SAFETY,)}


def registration_token_for(phone: str) -> str:
    """What a correct SMS code yields for an unregistered number."""
    return registration_token(normalise_mobile(phone))


def guardian_token_for(phone: str) -> str:
    """What a guardian's correct SMS code yields."""
    return guardian_token(normalise_mobile(phone))


def register_person(
    phone: str,
    role: str,
    display_name: str,
    *,
    birth_date: dt.date | None = None,
    email: str = "",
    password: str = "",
    actor: Actor | None = None,
) -> User:
    """Register through the real action, accepting the documents in effect."""
    documents = current_documents(required_document_kinds([role]))
    return actions.register(
        registration_token=registration_token_for(phone),
        role=role,
        display_name=display_name,
        accepted_document_ids=[doc.pk for doc in documents.values()],
        birth_date=birth_date,
        email=email,
        password=password,
        actor=actor or cli_actor(),
    )


def verify_identity(user: User, name: str, id_number: str, *, actor: Actor | None = None) -> User:
    """Give the real-name consent and verify (sandbox identities always match)."""
    actor = actor or cli_actor(user)
    notice = current_document(DocumentKind.REAL_NAME_NOTICE)
    assert notice is not None
    grant_document_consent(user, notice, actor=actor, channel=ConsentChannel.CLI)
    return actions.verify_real_name(user, name=name, id_number=id_number, actor=actor)


def confirm_guardian_for(minor: User, guardian_phone: str, name: str = "严丽") -> None:
    """The minor asks, and the guardian confirms with a verified phone."""
    link = actions.request_guardian(
        minor,
        guardian_name=name,
        guardian_phone=guardian_phone,
        relationship="mother",
        actor=cli_actor(minor),
    )
    actions.confirm_guardian(guardian_token_for(guardian_phone), link.pk, actor=cli_actor())


def build(persona: Persona) -> User:
    """Create ``persona`` (or return it if it already exists: demo data loads once)."""
    existing = find_user_by_phone(normalise_mobile(persona.phone))
    if existing is not None:
        return existing
    if persona.email and persona.role not in (Role.AGENCY_STAFF,):
        roles = [persona.role, *EXTRA_ROLES.get(persona.key, ())]
        return actions.create_staff_account(
            email=persona.email,
            display_name=persona.display_name,
            password=DEMO_PASSWORD,
            roles=roles,
            phone=persona.phone,
            actor=cli_actor(),
        )
    birth_date = persona.birth_date
    if persona is YAN:
        # Always 17, whenever the demo data is loaded.
        birth_date = dt.date(local_today().year - 17, 1, 1)
    user = register_person(
        persona.phone,
        persona.role,
        persona.display_name,
        birth_date=birth_date,
        email=persona.email,
        password=DEMO_PASSWORD if persona.email else "",
    )
    if persona.id_number:
        verify_identity(user, persona.real_name, persona.id_number)
    if persona is YAN:
        confirm_guardian_for(user, YAN_GUARDIAN_PHONE)
    return user


def build_all() -> dict[str, User]:
    return {persona.key: build(persona) for persona in PERSONAS}
