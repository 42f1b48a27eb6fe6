"""Who may receive what (pure predicates)."""

from __future__ import annotations

import datetime as dt

from rencai.accounts.choices import Role
from rencai.accounts.models import User

ADULT_AGE = 18


def may_receive_marketing(user: User, today: dt.date | None = None) -> bool:
    """Whether promotional messages may go to ``user`` at all, consent aside (PI-11, MIN-02).

    Never to a closed account, nor to anyone under 18: 16–17-year-old seekers are on the
    platform with their guardian's consent to look for work, not to be advertised to, so
    the platform does not use that consent for marketing. A seeker whose age is not known
    is treated as a minor; other accounts (employer staff, operators) have no birth date
    and are adults by the terms of their organisation's account.
    """
    from rencai.accounts.queries import seeker_age

    if not user.is_active:
        return False
    age = seeker_age(user, today)
    if age is not None:
        return age >= ADULT_AGE
    return not user.has_role(Role.SEEKER)
