"""HTML pages of the notifications app: the list, opening one, marking all read."""

from __future__ import annotations

import uuid

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from rencai.core.errors import NotFound
from rencai.core.http import AuthedRequest, signed_in, web_actor
from rencai.notifications import actions
from rencai.notifications.constants import PAGE_SIZE
from rencai.notifications.links import is_site_path
from rencai.notifications.queries import get_notification_for, notifications_for


def _list_page(request: AuthedRequest) -> HttpResponse:
    page_obj = Paginator(notifications_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/list.html",
        {
            "page_obj": page_obj,
            "page_range": page_obj.paginator.get_elided_page_range(page_obj.number),
        },
    )


@signed_in
def notification_list(request: AuthedRequest) -> HttpResponse:
    """The signed-in person's notifications, newest first, unread ones marked."""
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
    if is_site_path(notification.url):
        return redirect(notification.url)
    return redirect(reverse("notifications:list"))


@signed_in
@require_POST
def read_all(request: AuthedRequest) -> HttpResponse:
    """Mark everything read; htmx gets the refreshed list, other browsers a redirect."""
    actions.mark_all_read(request.user, actor=web_actor(request))
    if request.headers.get("HX-Request") == "true":
        return _list_page(request)
    return redirect(reverse("notifications:list"))
