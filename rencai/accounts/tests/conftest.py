"""Fixtures of the accounts tests."""

from __future__ import annotations

import pytest

from rencai.accounts.models import User
from rencai.testing import personas


@pytest.fixture
def dave(db: None) -> User:
    """Dave as he was before verifying his real name: these tests walk him through sign-up
    steps (the demo persona is verified, because he represents company B)."""
    persona = personas.DAVE
    return personas.register_person(persona.phone, persona.role, persona.display_name)
