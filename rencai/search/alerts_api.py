"""REST endpoints of saved searches and job alerts, mounted at ``/api/v1/me/saved-searches``:
a job seeker's own saved searches only, through the same actions as the pages.

Other accounts get ``permission_denied`` (403); another person's saved search is
``not_found`` (404), like one that does not exist.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from rencai.accounts.models import User
from rencai.core.api_support import AUTH, ERRORS, StrictSchema, api_actor
from rencai.core.errors import DomainError, permission_denied
from rencai.search.alerts import (
    MAX_SAVED_SEARCHES,
    can_save_searches,
    delete_saved_search,
    get_saved_search_for,
    params_from_query,
    save_search,
    saved_searches_of,
    search_path,
    update_saved_search,
)
from rencai.search.models import SAVED_SEARCH_QUERY_MAX_LENGTH, SavedSearch

router = Router(tags=["saved searches"], auth=AUTH)

Frequency = Literal["instant", "daily", "off"]
# Generous bounds against oversized bodies; the actions give the precise, coded errors.
NAME_INPUT_MAX = 500
QUERY_INPUT_MAX = SAVED_SEARCH_QUERY_MAX_LENGTH * 2


class SavedSearchIn(StrictSchema):
    """A search to save, written as on the search page's address: ``q=Java&division=440300``."""

    # Named "search", not "query": the API's validation errors drop "query" from field paths.
    search: str = Field(
        ...,
        max_length=QUERY_INPUT_MAX,
        description="The search as a query string (the same parameters as GET /jobs); "
        "page and page size are left out when saving.",
        examples=["q=Java&division=440300"],
    )
    name: str = Field(
        "",
        max_length=NAME_INPUT_MAX,
        description="At most 60 characters; made from the search when empty.",
    )
    frequency: Frequency = Field("daily", description="How often to get alerts.")
    email: bool = Field(False, description="Also send alerts by e-mail (needs an address).")


class SavedSearchPatch(StrictSchema):
    """Fields to change; those left out (or null) stay as they are."""

    name: str | None = Field(None, max_length=NAME_INPUT_MAX)
    frequency: Frequency | None = None
    email: bool | None = None


class SavedSearchOut(Schema):
    """One saved search with its alert settings."""

    id: uuid.UUID
    name: str
    search: str = Field(..., description="Canonical query string of the search")
    search_url: str = Field(..., description="Path of the search page, newest first")
    frequency: Frequency
    email: bool
    channels: list[str] = Field(..., description='Always "site"; "email" when chosen')
    active: bool = Field(..., description="Whether alerts are being sent")
    last_checked_at: dt.datetime
    last_sent_at: dt.datetime | None
    unsubscribed_at: dt.datetime | None
    created_at: dt.datetime

    @staticmethod
    def build(saved: SavedSearch) -> SavedSearchOut:
        try:
            url = search_path(saved)
        except DomainError:  # a stored search whose options no longer exist
            url = ""
        return SavedSearchOut(
            id=saved.pk,
            name=saved.name,
            search=saved.query,
            search_url=url,
            frequency=saved.frequency,  # type: ignore[arg-type]
            email=saved.by_email,
            channels=saved.channels,
            active=saved.is_active,
            last_checked_at=saved.last_checked_at,
            last_sent_at=saved.last_sent_at,
            unsubscribed_at=saved.unsubscribed_at,
            created_at=saved.created_at,
        )


class SavedSearchListOut(Schema):
    items: list[SavedSearchOut]
    limit: int = Field(..., description="How many saved searches one person may keep")


def _seeker(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    if not can_save_searches(user):
        raise permission_denied()
    return user


@router.get("", response={200: SavedSearchListOut, **ERRORS}, summary="My saved searches")
def list_saved_searches(request: HttpRequest) -> SavedSearchListOut:
    """Newest first (at most ``limit``, so there are no pages)."""
    user = _seeker(request)
    return SavedSearchListOut(
        items=[SavedSearchOut.build(saved) for saved in saved_searches_of(user)],
        limit=MAX_SAVED_SEARCHES,
    )


@router.post("", response={201: SavedSearchOut, **ERRORS}, summary="Save a search")
def create_saved_search(request: HttpRequest, payload: SavedSearchIn) -> Status[SavedSearchOut]:
    """Errors: ``search_invalid`` (with a message per parameter), ``saved_search_blank``,
    ``saved_search_exists`` (409), ``saved_search_limit`` (409), ``saved_search_name_invalid``,
    ``saved_search_email_missing``."""
    user = _seeker(request)
    params = params_from_query(payload.search, strict=True)
    saved = save_search(
        user,
        params,
        name=payload.name,
        frequency=payload.frequency,
        email=payload.email,
        actor=api_actor(request),
    )
    return Status(201, SavedSearchOut.build(saved))


@router.patch(
    "/{saved_search_id}", response={200: SavedSearchOut, **ERRORS}, summary="Change a saved search"
)
def change_saved_search(
    request: HttpRequest, saved_search_id: str, payload: SavedSearchPatch
) -> SavedSearchOut:
    """Rename it, change the alert frequency or the e-mail channel. Turning an alert on
    again starts it from now."""
    user = _seeker(request)
    saved = get_saved_search_for(user, saved_search_id)
    updated = update_saved_search(
        saved,
        name=payload.name,
        frequency=payload.frequency,
        email=payload.email,
        actor=api_actor(request),
    )
    return SavedSearchOut.build(updated)


@router.delete(
    "/{saved_search_id}", response={204: None, **ERRORS}, summary="Delete a saved search"
)
def remove_saved_search(request: HttpRequest, saved_search_id: str) -> Status[None]:
    user = _seeker(request)
    delete_saved_search(get_saved_search_for(user, saved_search_id), actor=api_actor(request))
    return Status(204, None)
