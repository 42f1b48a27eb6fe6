"""HTML pages of the notifications app: the notification centre, opening one, marking all
read, the notification settings, and the one-step marketing unsubscribe (signed out)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from rencai.core.errors import DomainError, NotFound
from rencai.core.http import AuthedRequest, signed_in, web_actor
from rencai.notifications import actions, marketing
from rencai.notifications.categories import DESCRIPTIONS, Category, Channel
from rencai.notifications.constants import PAGE_SIZE
from rencai.notifications.context_processors import remember_unread
from rencai.notifications.links import is_site_path
from rencai.notifications.permissions import may_receive_marketing
from rencai.notifications.queries import (
    get_notification_for,
    notifications_for,
    preferences_of,
    unread_by_category,
)

# The tabs of the centre: every category that can appear in the site.
CENTRE_CATEGORIES = tuple(c for c in Category.values if c != Category.MARKETING)


def _list_page(request: AuthedRequest) -> HttpResponse:
    category = request.GET.get("category", "")
    if category not in CENTRE_CATEGORIES:
        category = ""
    unread = unread_by_category(request.user)
    remember_unread(request, sum(unread.values()))
    page_obj = Paginator(notifications_for(request.user, category), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    tabs = [
        {"value": value, "label": Category(value).label, "unread": unread.get(value, 0)}
        for value in CENTRE_CATEGORIES
    ]
    return render(
        request,
        "notifications/list.html",
        {
            "page_obj": page_obj,
            "page_range": page_obj.paginator.get_elided_page_range(page_obj.number),
            "category": category,
            "category_label": Category(category).label if category else "",
            "tabs": tabs,
            "query": urlencode({"category": category}) if category else "",
        },
    )


@signed_in
def notification_list(request: AuthedRequest) -> HttpResponse:
    """The signed-in person's notifications, newest first, unread ones marked, filtered
    by category (``?category=``)."""
    return _list_page(request)


@signed_in
@require_POST
def open_notification(request: AuthedRequest, notification_id: uuid.UUID) -> HttpResponse:
    """Mark the notification read and go to its link (a path on this site only)."""
    try:
        notification = get_notification_for(request.user, notification_id)
        actions.mark_read(notification, actor=web_actor(request))
    except NotFound as exc:
        raise Http404 from exc
    if request.POST.get("stay") == "1":
        return _back_to_list(request)
    if is_site_path(notification.url):
        return redirect(notification.url)
    return _back_to_list(request)


def _back_to_list(request: AuthedRequest) -> HttpResponse:
    """The list again: htmx gets the refreshed page, other browsers a redirect (keeping
    the category and page they were on)."""
    if request.headers.get("HX-Request") == "true":
        return _list_page(request)
    query = {name: request.GET[name] for name in ("category", "page") if request.GET.get(name, "")}
    target = reverse("notifications:list")
    return redirect(f"{target}?{urlencode(query)}" if query else target)


@signed_in
@require_POST
def read_all(request: AuthedRequest) -> HttpResponse:
    """Mark everything read; htmx gets the refreshed list, other browsers a redirect."""
    actions.mark_all_read(request.user, actor=web_actor(request))
    return _back_to_list(request)


# --- settings -----------------------------------------------------------------------------


@signed_in
@require_http_methods(["GET", "POST"])
def preferences_view(request: AuthedRequest) -> HttpResponse:
    """Per category, which channels the person receives; marketing switches are the
    marketing consents (PI-11). A checkbox per channel; fixed ones are shown disabled."""
    user = request.user
    marketing_allowed = may_receive_marketing(user)
    if request.method == "POST":
        changes: dict[str, dict[str, bool | None]] = {}
        for line in preferences_of(user):
            if line.is_marketing and not marketing_allowed:
                continue
            changes[line.category] = {
                channel: f"{line.category}-{channel}" in request.POST
                for channel in line.channels
                if not (channel == Channel.SITE and line.site_locked)
            }
        try:
            actions.set_preferences(user, changes, actor=web_actor(request))
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Your notification settings are saved."))
        return redirect(reverse("notifications:preferences"))
    lines = preferences_of(user)
    return render(
        request,
        "notifications/preferences.html",
        {
            "lines": [
                {
                    "line": line,
                    "description": DESCRIPTIONS[line.category],
                    "cells": [
                        {
                            "channel": channel,
                            "label": Channel(channel).label,
                            "available": channel in line.channels,
                            "on": getattr(line.choice, channel),
                            "fixed": (channel == Channel.SITE and line.site_locked)
                            or (line.is_marketing and not marketing_allowed),
                        }
                        for channel in Channel.values
                    ],
                }
                for line in lines
            ],
            "channels": Channel.choices,
            "marketing_allowed": marketing_allowed,
            "has_email": bool(user.email),
            "has_phone": bool(user.phone),
        },
    )


# --- one-step unsubscribe -----------------------------------------------------------------


@csrf_exempt  # the signed token is the authority; mail programs post without a CSRF token
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a page with one button (mail scanners open links; only a POST changes
    anything). POST: withdraw the marketing consent of the token's channel (also the
    RFC 8058 one-click POST a mail program sends). Works signed out; a bad token gets a
    page that explains it (400), never an error."""
    try:
        if request.method == "POST":
            found = marketing.unsubscribe(token, actor=web_actor(request))
            if request.POST.get("List-Unsubscribe") == "One-Click":
                return HttpResponse("OK", content_type="text/plain; charset=utf-8")
            state = "done" if found.user is not None else "gone"
        else:
            found = marketing.read_token(token)
            if found.user is None:
                state = "gone"
            else:
                state = "confirm" if marketing.is_subscribed(found) else "done"
    except DomainError as exc:
        return render(
            request,
            "notifications/unsubscribe.html",
            {"state": "invalid", "error": exc.message},
            status=400,
        )
    return render(
        request,
        "notifications/unsubscribe.html",
        {
            "state": state,
            "token": token,
            "channel": found.channel,
            "by_email": found.channel == Channel.EMAIL,
        },
    )
