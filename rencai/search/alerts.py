"""Saved searches and job alerts: who may save, the reads and writes, and the alert run.

A seeker saves a search (its canonical query string) with an alert frequency; every write
is an action here with its audit event in the same transaction. ``run_alerts`` checks each
active saved search of one frequency for postings published since its last check — through
``search_jobs`` as the owner sees it, so 16–17-year-olds never hear of jobs forbidden to
minors — and sends one notification per search with news: in-site always, by e-mail when
chosen, with a link to the search and a one-click unsubscribe link that works signed out.

The e-mail channel (``rencai.providers.email``) sends plain text without extra headers, so
the unsubscribe link is in the body; ``List-Unsubscribe`` headers need that channel to
carry headers first.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import logging
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum

from django.conf import settings
from django.core import signing
from django.core.exceptions import TooManyFieldsSent
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rencai.accounts.choices import Role
from rencai.accounts.models import User
from rencai.audit.actions import record_event
from rencai.core.actors import Actor, system_actor
from rencai.core.errors import DomainError, not_found, permission_denied
from rencai.core.lookups import one_of
from rencai.core.models import Id
from rencai.jobs.models import JobPosting
from rencai.notifications.actions import notify
from rencai.notifications.constants import LOOKS_PERSONAL, PARAM_VALUE_MAX_LENGTH
from rencai.notifications.links import is_site_path
from rencai.search.models import (
    SAVED_SEARCH_NAME_MAX_LENGTH,
    SAVED_SEARCH_QUERY_MAX_LENGTH,
    AlertFrequency,
    SavedSearch,
)
from rencai.search.notices import JOB_ALERT
from rencai.search.params import SearchParams, Sort, parse_params
from rencai.search.service import city_label, count_jobs, describe_filter, search_jobs

logger = logging.getLogger(__name__)

MAX_SAVED_SEARCHES = 20  # per person
ALERT_TITLES = 10  # job titles named in one alert
ALERT_FREQUENCIES = (AlertFrequency.INSTANT, AlertFrequency.DAILY)
UNSUBSCRIBE_SALT = "rencai.search.alert-unsubscribe"
RUN_CHUNK = 200


# --- errors -------------------------------------------------------------------------------


class SavedSearchErrorCode(StrEnum):
    """Stable codes of saved-search errors (API clients and tests rely on them)."""

    LIMIT = "saved_search_limit"
    EXISTS = "saved_search_exists"
    BLANK = "saved_search_blank"
    TOO_LONG = "saved_search_too_long"
    NAME_INVALID = "saved_search_name_invalid"
    FREQUENCY_INVALID = "saved_search_frequency_invalid"
    EMAIL_MISSING = "saved_search_email_missing"
    TOKEN_INVALID = "unsubscribe_token_invalid"


MESSAGES: dict[SavedSearchErrorCode, Promise] = {
    SavedSearchErrorCode.LIMIT: _(
        "You can keep at most %(max)s saved searches. Delete one you no longer need first."
    ),
    SavedSearchErrorCode.EXISTS: _("You have already saved this search."),
    SavedSearchErrorCode.BLANK: _(
        "Add a keyword or a filter first: an alert for every new job would be too many."
    ),
    SavedSearchErrorCode.TOO_LONG: _("This search is too long to save."),
    SavedSearchErrorCode.NAME_INVALID: _(
        "Give the search a name of 1 to %(max)s characters, without phone numbers or "
        "e-mail addresses."
    ),
    SavedSearchErrorCode.FREQUENCY_INVALID: _("Choose how often to get alerts."),
    SavedSearchErrorCode.EMAIL_MISSING: _(
        "Your account has no e-mail address, so alerts can only be shown in the site."
    ),
    SavedSearchErrorCode.TOKEN_INVALID: _(
        "This unsubscribe link is not valid. Copy the whole link from the e-mail, or sign in "
        "and turn the alert off in your saved searches."
    ),
}

STATUSES: dict[SavedSearchErrorCode, int] = {
    SavedSearchErrorCode.LIMIT: 409,
    SavedSearchErrorCode.EXISTS: 409,
}

FIELDS: dict[SavedSearchErrorCode, str] = {
    SavedSearchErrorCode.NAME_INVALID: "name",
    SavedSearchErrorCode.FREQUENCY_INVALID: "frequency",
    SavedSearchErrorCode.EMAIL_MISSING: "email",
    SavedSearchErrorCode.TOO_LONG: "search",
    SavedSearchErrorCode.BLANK: "search",
}


def saved_search_error(code: SavedSearchErrorCode) -> DomainError:
    """The error for ``code``, with its message, HTTP status and field."""
    message = MESSAGES[code]
    if code == SavedSearchErrorCode.LIMIT:
        message = message % {"max": MAX_SAVED_SEARCHES}
    elif code == SavedSearchErrorCode.NAME_INVALID:
        message = message % {"max": SAVED_SEARCH_NAME_MAX_LENGTH}
    name = FIELDS.get(code)
    return DomainError(
        str(code),
        message,
        fields={name: message} if name else None,
        status=STATUSES.get(code, 400),
    )


# --- who may, and reads -------------------------------------------------------------------


def can_save_searches(user: User) -> bool:
    """Saved searches and alerts are for signed-in job seekers."""
    return bool(user.is_authenticated and user.is_active and user.has_role(Role.SEEKER))


def saved_searches_of(user: User) -> QuerySet[SavedSearch]:
    """The person's own saved searches, newest first."""
    return SavedSearch.objects.filter(owner=user).order_by("-created_at", "pk")


def get_saved_search_for(user: User, saved_id: Id) -> SavedSearch:
    """One of the person's own saved searches; ``not_found`` for anyone else's."""
    return one_of(saved_searches_of(user), saved_id)


def params_from_query(query: str, *, strict: bool = False) -> SearchParams:
    """The search a query string describes (a saved search's ``query`` or user input);
    ``search_invalid`` for bad values, ``saved_search_too_long`` for an oversized one."""
    if len(query) > SAVED_SEARCH_QUERY_MAX_LENGTH * 2:  # room for repeats and ignored names
        raise saved_search_error(SavedSearchErrorCode.TOO_LONG)
    try:
        data = QueryDict(query)
    except TooManyFieldsSent:
        message = _("Some search options are not valid.")
        raise DomainError("search_invalid", message, fields={"search": message}) from None
    return parse_params(data, strict=strict)


def search_path(saved: SavedSearch | SearchParams) -> str:
    """The search page for a saved search (or parameters), newest postings first."""
    params = params_from_query(saved.query) if isinstance(saved, SavedSearch) else saved
    query = replace(params, sort=Sort.NEWEST, page=1).query_string(paging=False)
    return f"{reverse('jobs:list')}?{query}"


def default_name(params: SearchParams) -> str:
    """A short name for a search: its words, place and category ("Java开发 · 深圳市")."""
    parts: list[str] = []
    if params.q:
        parts.append(params.q)
    if params.division:
        parts.append(city_label(params.division))
    if params.category:
        parts.append(describe_filter("category", params))
    if not parts:
        parts = [describe_filter(name, params) for name in params.filters()][:2]
    name = " ".join(" · ".join(part for part in parts if part).split())
    if len(name) > SAVED_SEARCH_NAME_MAX_LENGTH:
        name = name[: SAVED_SEARCH_NAME_MAX_LENGTH - 1] + "…"
    if not name or LOOKS_PERSONAL.search(name):
        return gettext("My job search")
    return name


def clean_name(raw: str) -> str:
    """A name as given, with white space collapsed; ``saved_search_name_invalid`` when
    empty, too long or holding something like a phone number or e-mail address (names go
    into notifications, which must not carry personal data)."""
    text = "".join(char for char in raw if unicodedata.category(char) != "Cc" or char.isspace())
    name = " ".join(text.split())
    if not name or len(name) > SAVED_SEARCH_NAME_MAX_LENGTH or LOOKS_PERSONAL.search(name):
        raise saved_search_error(SavedSearchErrorCode.NAME_INVALID)
    return name


def _frequency(value: str) -> str:
    if value not in AlertFrequency.values:
        raise saved_search_error(SavedSearchErrorCode.FREQUENCY_INVALID)
    return value


def _whole_second(moment: dt.datetime) -> dt.datetime:
    return moment.replace(microsecond=0)


def _ensure_seeker(owner: User, actor: Actor) -> None:
    if actor.user is None or actor.user.pk != owner.pk or not can_save_searches(owner):
        raise permission_denied()


def _ensure_own(saved: SavedSearch, actor: Actor) -> User:
    """The acting seeker, who must own ``saved`` (anyone else: ``not_found``)."""
    user = actor.user
    if user is None or not can_save_searches(user):
        raise permission_denied()
    if saved.owner_id != user.pk:
        raise not_found()
    return user


# --- saving, changing, deleting -----------------------------------------------------------


def save_search(
    owner: User,
    params: SearchParams,
    *,
    name: str = "",
    frequency: str = AlertFrequency.DAILY,
    email: bool = False,
    actor: Actor,
) -> SavedSearch:
    """Save ``params`` (page and page size left out) for ``owner`` with an alert.

    The name defaults to one made from the search. Refuses a blank search, a second copy
    of the same search, more than ``MAX_SAVED_SEARCHES``, and e-mail for an account
    without an address. Only the seeker themselves may.
    """
    _ensure_seeker(owner, actor)
    if params.is_blank():
        raise saved_search_error(SavedSearchErrorCode.BLANK)
    query = params.query_string(paging=False)
    if len(query) > SAVED_SEARCH_QUERY_MAX_LENGTH:
        raise saved_search_error(SavedSearchErrorCode.TOO_LONG)
    label = clean_name(name) if name.strip() else default_name(params)
    frequency = _frequency(frequency)
    if email and not owner.email:
        raise saved_search_error(SavedSearchErrorCode.EMAIL_MISSING)
    with transaction.atomic():
        # One person's saves queue behind each other, so the limit holds under races.
        list(User.objects.select_for_update().filter(pk=owner.pk).values_list("pk", flat=True))
        mine = SavedSearch.objects.filter(owner=owner)
        if mine.filter(query=query).exists():
            raise saved_search_error(SavedSearchErrorCode.EXISTS)
        if mine.count() >= MAX_SAVED_SEARCHES:
            raise saved_search_error(SavedSearchErrorCode.LIMIT)
        try:
            with transaction.atomic():
                saved = SavedSearch.objects.create(
                    owner=owner,
                    name=label,
                    query=query,
                    frequency=frequency,
                    by_email=email,
                    last_checked_at=_whole_second(timezone.now()),
                )
        except IntegrityError:
            raise saved_search_error(SavedSearchErrorCode.EXISTS) from None
        record_event(
            actor,
            "search.saved_search_created",
            saved,
            after={
                "frequency": frequency,
                "email": email,
                "filters": sorted(params.filters()),
                "has_words": bool(params.q),
            },
        )
    return saved


def update_saved_search(
    saved: SavedSearch,
    *,
    name: str | None = None,
    frequency: str | None = None,
    email: bool | None = None,
    actor: Actor,
) -> SavedSearch:
    """Rename a saved search, change its alert frequency or its e-mail channel (``None``
    leaves a value as it is). Turning an alert back on starts it from now, so it does not
    report everything published while it was off. No change, no event."""
    user = _ensure_own(saved, actor)
    new_name = clean_name(name) if name is not None else None
    new_frequency = _frequency(frequency) if frequency is not None else None
    with transaction.atomic():
        locked = SavedSearch.objects.select_for_update().filter(pk=saved.pk).first()
        if locked is None:
            raise not_found()
        fields: list[str] = []
        before: dict[str, object] = {}
        after: dict[str, object] = {}
        if new_name is not None and new_name != locked.name:
            locked.name = new_name
            fields.append("name")
        if new_frequency is not None and new_frequency != locked.frequency:
            before["frequency"], after["frequency"] = locked.frequency, new_frequency
            if locked.frequency == AlertFrequency.OFF:
                locked.last_checked_at = _whole_second(timezone.now())
                locked.unsubscribed_at = None
                fields += ["last_checked_at", "unsubscribed_at"]
            locked.frequency = new_frequency
            fields.append("frequency")
        if email is not None and email != locked.by_email:
            if email and not user.email:
                raise saved_search_error(SavedSearchErrorCode.EMAIL_MISSING)
            before["email"], after["email"] = locked.by_email, email
            locked.by_email = email
            fields.append("by_email")
        if not fields:
            return locked
        locked.save(update_fields=[*fields, "updated_at"])
        record_event(
            actor,
            "search.saved_search_updated",
            locked,
            before=before,
            after={**after, "fields": sorted(set(fields))},
        )
    return locked


def delete_saved_search(saved: SavedSearch, *, actor: Actor) -> None:
    """Delete a saved search and its alert (only its owner may)."""
    _ensure_own(saved, actor)
    with transaction.atomic():
        record_event(
            actor,
            "search.saved_search_deleted",
            saved,
            before={"frequency": saved.frequency, "email": saved.by_email},
        )
        deleted, _counts = SavedSearch.objects.filter(pk=saved.pk).delete()
        if not deleted:
            raise not_found()


# --- one-click unsubscribe ----------------------------------------------------------------


def unsubscribe_token(saved: SavedSearch) -> str:
    """A signed token that turns off this search's alert without signing in (no expiry:
    old e-mails must keep working)."""
    compact = base64.urlsafe_b64encode(saved.pk.bytes).rstrip(b"=").decode("ascii")
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(compact)


def _token_search_id(token: str) -> uuid.UUID:
    try:
        compact = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token[:200])
        return uuid.UUID(bytes=base64.urlsafe_b64decode(compact + "=" * (-len(compact) % 4)))
    except (signing.BadSignature, binascii.Error, ValueError):
        raise saved_search_error(SavedSearchErrorCode.TOKEN_INVALID) from None


def saved_search_for_token(token: str) -> SavedSearch | None:
    """The saved search of an unsubscribe token, None if it has been deleted since;
    ``unsubscribe_token_invalid`` for a token this site did not sign."""
    return SavedSearch.objects.filter(pk=_token_search_id(token)).first()


def unsubscribe(token: str, *, actor: Actor) -> SavedSearch | None:
    """Turn off the alert of the saved search ``token`` names (anyone holding the link
    may: it was sent to the owner). Nothing changes, and no event, if it is already off;
    None if the search has been deleted."""
    saved_id = _token_search_id(token)
    with transaction.atomic():
        saved = SavedSearch.objects.select_for_update().filter(pk=saved_id).first()
        if saved is None or saved.frequency == AlertFrequency.OFF:
            return saved
        before = saved.frequency
        saved.frequency = AlertFrequency.OFF
        saved.unsubscribed_at = timezone.now()
        saved.save(update_fields=["frequency", "unsubscribed_at", "updated_at"])
        record_event(
            actor,
            "search.alert_unsubscribed",
            saved,
            before={"frequency": before},
            after={"frequency": AlertFrequency.OFF},
        )
    return saved


# --- the alert run ------------------------------------------------------------------------


@dataclass
class AlertRunReport:
    """What one run of the alerts did (also the payload of its audit event)."""

    frequency: str
    checked: int = 0
    sent: int = 0
    emailed: int = 0
    postings: int = 0
    skipped: int = 0
    failed: int = 0


@dataclass(frozen=True)
class NewPostings:
    """Postings published in a saved search's window: how many, and the newest titles."""

    since: dt.datetime
    count: int
    titles: list[str] = field(default_factory=list)


def _published(posting: JobPosting) -> dt.datetime:
    return posting.published_at or posting.created_at


def new_postings(
    params: SearchParams, owner: User, *, since: dt.datetime, until: dt.datetime
) -> NewPostings:
    """Postings ``owner`` may see that match ``params`` and were published from ``since``
    up to (not including) ``until``, both whole seconds as the index stores them."""
    one_second = dt.timedelta(seconds=1)
    # The index keeps whole seconds and ``published_after`` is exclusive: one second
    # earlier includes postings published in the second ``since`` itself.
    window = replace(
        params,
        sort=Sort.NEWEST,
        page=1,
        page_size=ALERT_TITLES,
        published_after=since - one_second,
    )
    if not count_jobs(window, user=owner):
        return NewPostings(since, 0)
    response = search_jobs(window, user=owner, with_facets=False)
    fresh = [hit.posting for hit in response.hits if _published(hit.posting) < until]
    too_new = 0
    if len(fresh) < len(response.hits):
        # Published in the current second: the next run reports them.
        too_new = count_jobs(replace(window, published_after=until - one_second), user=owner)
    count = max(response.total - too_new, len(fresh))
    titles = [posting.live_version.title for posting in fresh if posting.live_version]
    return NewPostings(since, count, titles)


def _site_url(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _link_param(paths: Iterable[str]) -> str:
    """The first of ``paths`` as a full URL that fits a notification parameter (short, and
    nothing a personal-data check would refuse); the last one is always taken."""
    candidates = list(paths)
    for path in candidates[:-1]:
        url = _site_url(path)
        if len(url) <= PARAM_VALUE_MAX_LENGTH and not LOOKS_PERSONAL.search(url):
            return url
    return _site_url(candidates[-1])


def _titles_param(titles: list[str]) -> str:
    """Job titles joined for the alert text, within the length of a parameter; titles that
    look like they carry a phone number or address are left out."""
    joined = ""
    for title in titles:
        title = " ".join(title.split())
        if not title or LOOKS_PERSONAL.search(title):
            continue
        candidate = f"{joined}、{title}" if joined else title
        if len(candidate) > PARAM_VALUE_MAX_LENGTH - 1:
            return (joined or title[: PARAM_VALUE_MAX_LENGTH - 1]) + "…"
        joined = candidate
    return joined


def _send(
    saved: SavedSearch,
    params: SearchParams,
    found: NewPostings,
    *,
    frequency: str,
    until: dt.datetime,
    now: dt.datetime,
    actor: Actor,
) -> list[str] | None:
    """Notify the owner and move the search's window on; returns the channels used, or
    None if the search changed meanwhile (another run, unsubscribed, deleted)."""
    with transaction.atomic():
        locked = (
            SavedSearch.objects.select_for_update()
            .filter(
                pk=saved.pk,
                frequency=frequency,
                unsubscribed_at__isnull=True,
                last_checked_at=found.since,
            )
            .first()
        )
        if locked is None:
            return None
        path = search_path(params)
        list_path = reverse("search:saved_searches")
        unsubscribe_path = reverse("search:unsubscribe", args=[unsubscribe_token(locked)])
        notification = notify(
            saved.owner,
            JOB_ALERT,
            params={
                "count": str(found.count),
                "name": locked.name,
                "titles": _titles_param(found.titles),
                "search_url": _link_param([path, list_path]),
                "unsubscribe_url": _link_param([unsubscribe_path, list_path]),
            },
            url=path if is_site_path(path) else list_path,
            email=locked.by_email,
            email_headers={
                "List-Unsubscribe": f"<{_site_url(unsubscribe_path)}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
            dedupe_key=f"{JOB_ALERT}:{locked.pk}:{int(until.timestamp())}",
            actor=actor,
        )
        locked.last_checked_at = until
        fields = ["last_checked_at", "updated_at"]
        if notification is not None:
            locked.last_sent_at = now
            fields.append("last_sent_at")
        locked.save(update_fields=fields)
    return notification.channels if notification is not None else []


def run_alerts(
    frequency: str, now: dt.datetime | None = None, *, actor: Actor | None = None
) -> AlertRunReport:
    """Check every active saved search with this ``frequency`` for postings published
    since its last check and send one alert per search that has any; searches with
    nothing new just move their window on. One audit event summarises the run.

    A search that fails (a bad stored query, a backend error) is logged and left for the
    next run; the others go on.
    """
    frequency = str(frequency)
    if frequency not in ALERT_FREQUENCIES:
        raise ValueError(f"alerts run for {ALERT_FREQUENCIES}, not {frequency!r}")
    now = now or timezone.now()
    until = _whole_second(now)
    actor = actor or system_actor()
    report = AlertRunReport(frequency)
    due_ids = list(
        SavedSearch.objects.filter(
            frequency=frequency,
            unsubscribed_at__isnull=True,
            owner__is_active=True,
            last_checked_at__lt=until,
        )
        .order_by("last_checked_at", "pk")
        .values_list("pk", flat=True)
    )
    quiet: list[uuid.UUID] = []
    for start in range(0, len(due_ids), RUN_CHUNK):
        chunk = (
            SavedSearch.objects.filter(pk__in=due_ids[start : start + RUN_CHUNK])
            .select_related("owner")
            .prefetch_related("owner__role_grants")
            .order_by("last_checked_at", "pk")
        )
        for saved in chunk:
            report.checked += 1
            if not can_save_searches(saved.owner):
                report.skipped += 1
                continue
            try:
                params = params_from_query(saved.query)
                found = new_postings(params, saved.owner, since=saved.last_checked_at, until=until)
                if not found.count:
                    quiet.append(saved.pk)
                    continue
                channels = _send(
                    saved, params, found, frequency=frequency, until=until, now=now, actor=actor
                )
            except Exception:
                logger.exception("job alert for saved search %s failed", saved.pk)
                report.failed += 1
                continue
            if not channels:  # changed meanwhile, or this window was already announced
                report.skipped += 1
            else:
                report.sent += 1
                report.postings += found.count
                report.emailed += "email" in channels
    with transaction.atomic():
        for start in range(0, len(quiet), RUN_CHUNK):
            SavedSearch.objects.filter(
                pk__in=quiet[start : start + RUN_CHUNK], last_checked_at__lt=until
            ).update(last_checked_at=until, updated_at=now)
        record_event(
            actor, "search.alerts_run", object_type=SavedSearch._meta.label, after=asdict(report)
        )
    return report
