"""REST endpoints of the privacy centre (PI-12, PI-08, ALG-05, SEC-03), for every signed-in
user about themselves:

- ``GET /me/privacy``: what we hold per catalogue section (counts, since when, the
  retention rule in words), every consent with its state, and the switches;
- ``PATCH /me/privacy/settings``: talent insight, activity status, posthumous instruction
  (audited; ``privacy_setting_invalid`` for an unknown instruction);
- ``GET /me/privacy/access-log``: organisations' and staff reads of the user's personal
  information, newest first (staff by role, never by name).

Sign-ins and sessions are in the accounts API; consents are switched through
``/me/consents``; requests and exports have their own routers.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema
from pydantic import Field

from rencai.accounts.models import User
from rencai.core.api_support import AUTH, ERRORS, MAX_PAGE_SIZE, Page, StrictSchema, api_actor
from rencai.core.errors import DomainError
from rencai.privacy import centre
from rencai.privacy.models import PrivacySettings
from rencai.privacy.settings_actions import privacy_settings_of, update_privacy_settings

centre_router = Router(tags=["privacy centre"], auth=AUTH)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


class RetentionOut(Schema):
    category: str
    text: str = Field(..., description="The rule in plain words")
    days: int | None = Field(..., description="Minimum days kept (null: the default text)")
    trigger: str
    action: str
    from_rule: bool


class HeldItemOut(Schema):
    model: str
    label: str
    purpose: str
    count: int
    since: dt.datetime | None
    retention: RetentionOut
    correct_url: str = Field(..., description="Where to correct it (empty: nothing to correct)")


class HeldSectionOut(Schema):
    section: str
    label: str
    total: int
    items: list[HeldItemOut]


class ConsentStateOut(Schema):
    purpose: str
    label: str
    on: bool
    version: str
    recorded_at: dt.datetime | None
    withdrawable: bool
    optional: bool
    blocked_for_minor: bool = Field(..., description="Marketing is never offered to minors")


class PrivacySettingsOut(Schema):
    talent_insight: bool
    show_activity_status: bool
    posthumous_instruction: str

    @staticmethod
    def build(settings: PrivacySettings) -> PrivacySettingsOut:
        return PrivacySettingsOut(
            talent_insight=settings.talent_insight,
            show_activity_status=settings.show_activity_status,
            posthumous_instruction=settings.posthumous_instruction,
        )


class PrivacySummaryOut(Schema):
    sections: list[HeldSectionOut]
    consents: list[ConsentStateOut]
    settings: PrivacySettingsOut


class PrivacySettingsIn(StrictSchema):
    """Only the fields sent are changed."""

    talent_insight: bool | None = None
    show_activity_status: bool | None = None
    posthumous_instruction: str | None = Field(None, max_length=24)


class AccessEntryOut(Schema):
    kind: str = Field(..., description="organisation or staff")
    at: dt.datetime
    who: str = Field(..., description="The organisation's name, or the staff role")
    role: str
    action: str
    action_label: str
    source_label: str
    categories: list[str]


@centre_router.get("", response={200: PrivacySummaryOut, **ERRORS}, summary="My privacy")
def summary(request: HttpRequest) -> PrivacySummaryOut:
    """What we hold about you (per section, with counts and retention), your consents and
    your switches."""
    user = _user(request)
    return PrivacySummaryOut(
        sections=[
            HeldSectionOut(
                section=section.section,
                label=section.label,
                total=section.total,
                items=[
                    HeldItemOut(
                        model=item.model,
                        label=item.label,
                        purpose=item.purpose,
                        count=item.count,
                        since=item.since,
                        retention=RetentionOut(**vars(item.retention)),
                        correct_url=item.correct_url,
                    )
                    for item in section.items
                ],
            )
            for section in centre.held_data(user)
        ],
        consents=[ConsentStateOut(**vars(state)) for state in centre.consents_of(user)],
        settings=PrivacySettingsOut.build(privacy_settings_of(user)),
    )


@centre_router.patch(
    "/settings", response={200: PrivacySettingsOut, **ERRORS}, summary="Change my switches"
)
def patch_settings(request: HttpRequest, payload: PrivacySettingsIn) -> PrivacySettingsOut:
    """Talent insight and activity status shown to recruiters (ALG-05) and the instruction
    for after your death (PI-17). Effective immediately; audited."""
    settings = update_privacy_settings(
        _user(request),
        actor=api_actor(request),
        talent_insight=payload.talent_insight,
        show_activity_status=payload.show_activity_status,
        posthumous_instruction=payload.posthumous_instruction,
    )
    return PrivacySettingsOut.build(settings)


@centre_router.get(
    "/access-log", response={200: Page[AccessEntryOut], **ERRORS}, summary="Who read my data"
)
def access_log(request: HttpRequest, page: int = 1, page_size: int = 20) -> Page[AccessEntryOut]:
    """Organisations' views and downloads of your resumes and platform staff's reads of your
    personal information, newest first."""
    if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
        message = _("The page must be 1 or more and the page size between 1 and 100.")
        raise DomainError("pagination_invalid", message, fields={"page_size": message})
    log = centre.access_log(_user(request), page, page_size)
    return Page(
        items=[AccessEntryOut(**vars(entry)) for entry in log.items],
        total=log.total,
        page=log.page,
        page_size=log.page_size,
    )
