"""The registry of notification kinds and the rendering of their texts.

A kind fixes the texts of one sort of notification (``orgs.licence_expiring``): the in-site
title and body, and optionally an SMS and an e-mail. Texts are ``gettext_lazy`` strings with
``%(name)s`` placeholders filled from the notification's stored ``params``. Each app
registers its kinds in its own ``notices.py``, imported from its ``AppConfig.ready()``; see
``docs/notifications.md``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rencai.notifications.categories import (
    MANDATORY_CATEGORIES,
    Category,
    category_for_key,
)

logger = logging.getLogger(__name__)

KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
KEY_MAX_LENGTH = 64
SEND_LANGUAGE = "zh-hans"  # SMS and e-mail are written in Chinese whatever the site language

# Shown for a stored notification whose kind is no longer registered.
UNKNOWN_TITLE = _("Notification")


@dataclass(frozen=True)
class NotificationKind:
    """The texts of one sort of notification.

    ``sms_template`` is the code of the template registered with the SMS gateway (defaults
    to ``key``); there is an SMS only if ``sms_text`` is set. The e-mail uses
    ``email_subject``/``email_text`` when set, otherwise the title and body.

    ``category`` (a ``categories.Category`` value) decides which of the recipient's
    preferences apply; left empty it is derived from the key (``category_for_key``).
    ``mandatory`` marks a service or security notice whose in-site copy is always stored,
    whatever the preferences; left ``None`` it is true for the account and organisation
    categories. ``marketing`` kinds (PI-11) are sent only by ``notify_marketing``, only with
    the marketing consent of the channel, never stored in the site; they are never
    mandatory and always in the marketing category.
    """

    key: str
    title: Promise
    body: Promise
    sms_template: str = ""
    sms_text: Promise | None = None
    email_subject: Promise | None = None
    email_text: Promise | None = None
    category: str = ""
    mandatory: bool | None = None
    marketing: bool = False

    def __post_init__(self) -> None:
        if len(self.key) > KEY_MAX_LENGTH or not KEY.match(self.key):
            raise ValueError(f"notification kind key {self.key!r} must look like 'app.event'")
        category = self.category or category_for_key(self.key)
        if self.marketing:
            if self.mandatory:
                raise ValueError(f"marketing kind {self.key!r} cannot be mandatory")
            if self.category and self.category != Category.MARKETING:
                raise ValueError(f"marketing kind {self.key!r} must be in the marketing category")
            category = Category.MARKETING
        elif category == Category.MARKETING:
            raise ValueError(f"kind {self.key!r} in the marketing category needs marketing=True")
        if category not in Category.values:
            raise ValueError(f"unknown notification category {category!r} for {self.key!r}")
        mandatory = (
            self.mandatory
            if self.mandatory is not None
            else (not self.marketing and category in MANDATORY_CATEGORIES)
        )
        # The dataclass is frozen: fill in the derived values once, at definition.
        object.__setattr__(self, "category", category)
        object.__setattr__(self, "mandatory", mandatory)

    def texts(self) -> Iterator[Promise]:
        """Every text of the kind (to check that ``params`` fill all placeholders)."""
        for text in (self.title, self.body, self.sms_text, self.email_subject, self.email_text):
            if text is not None:
                yield text


class UnknownKindError(LookupError):
    """No kind is registered under this key."""


_REGISTRY: dict[str, NotificationKind] = {}


def register(kind: NotificationKind) -> NotificationKind:
    """Add ``kind`` to the registry (idempotent for the same kind) and return it."""
    existing = _REGISTRY.get(kind.key)
    if existing is not None and existing != kind:
        raise ValueError(f"notification kind {kind.key!r} is already registered")
    _REGISTRY[kind.key] = kind
    return kind


def unregister(key: str) -> None:
    """Remove a kind (tests that register their own kinds)."""
    _REGISTRY.pop(key, None)


def get_kind(key: str) -> NotificationKind:
    """The registered kind ``key``; ``UnknownKindError`` if there is none."""
    try:
        return _REGISTRY[key]
    except KeyError as exc:
        raise UnknownKindError(f"no notification kind {key!r} is registered") from exc


def registered_kinds() -> list[NotificationKind]:
    """All registered kinds, by key."""
    return [_REGISTRY[key] for key in sorted(_REGISTRY)]


class _Lenient(dict[str, Any]):
    """Parameters that render a missing placeholder as an empty string."""

    def __missing__(self, key: str) -> str:
        return ""


def render(text: Promise | str, params: Mapping[str, str]) -> str:
    """``text`` in the active language with ``params`` filled in.

    Never fails: a stored notification must stay readable after its kind's texts change,
    so a missing parameter renders empty and a broken translation renders unfilled.
    """
    template = str(text)
    try:
        return template % _Lenient(params)
    except (TypeError, ValueError):
        logger.warning("notification text could not be filled: %r", template)
        return template


class _Recorder(dict[str, Any]):
    """Parameters that note every placeholder they cannot fill."""

    def __init__(self, params: Mapping[str, str]) -> None:
        super().__init__(params)
        self.missing: set[str] = set()

    def __missing__(self, key: str) -> str:
        self.missing.add(key)
        return ""


def missing_params(kind: NotificationKind, params: Mapping[str, str]) -> set[str]:
    """Placeholders of ``kind``'s texts (the English msgids) that ``params`` does not fill.

    Raises ``ValueError`` for a text that is not a ``%(name)s`` template of strings.
    """
    recorder = _Recorder(params)
    with translation.override(None):  # the msgids themselves, not a translation
        for text in kind.texts():
            try:
                str(text) % recorder
            except (TypeError, ValueError) as exc:
                raise ValueError(f"a text of {kind.key!r} is not a valid template") from exc
    return recorder.missing


def display_texts(key: str, params: Mapping[str, str]) -> tuple[str, str]:
    """Title and body of a stored notification in the active language."""
    try:
        kind = get_kind(key)
    except UnknownKindError:
        return str(UNKNOWN_TITLE), ""
    return render(kind.title, params), render(kind.body, params)
