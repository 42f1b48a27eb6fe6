"""HTML pages of saved searches and job alerts.

``/jobs/saved-searches/`` lists a seeker's saved searches (POST saves one from the search
page's button); each can be renamed, have its alert changed, be run or deleted. htmx
requests get the refreshed list (or the button's result) back; plain browsers are
redirected with a message. ``/jobs/alerts/unsubscribe/<token>/`` turns an alert off from
the link in the alert, without signing in, and accepts the RFC 8058 one-click POST.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from rencai.core.errors import DomainError, NotFound
from rencai.core.http import AuthedRequest, signed_in, web_actor
from rencai.search.alerts import (
    MAX_SAVED_SEARCHES,
    can_save_searches,
    delete_saved_search,
    get_saved_search_for,
    params_from_query,
    save_search,
    saved_search_for_token,
    saved_searches_of,
    search_path,
    unsubscribe,
    update_saved_search,
)
from rencai.search.alerts_forms import SavedSearchForm, SaveSearchForm
from rencai.search.models import AlertFrequency, SavedSearch
from rencai.search.service import describe_filter

View = Callable[..., HttpResponse]


def seekers_only(view: View) -> View:
    """Signed-in job seekers only; other accounts get a page that says why (403)."""

    @wraps(view)
    def wrapped(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_save_searches(request.user):
            return render(request, "search/seekers_only.html", status=403)
        return view(request, *args, **kwargs)

    return signed_in(wrapped)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _form_error(form: forms.Form) -> str:
    """The first problem of an invalid form, with the field's label."""
    for name, errors in form.errors.items():
        field_ = form.fields.get(name)
        label = str(field_.label) if field_ is not None and field_.label else ""
        return f"{label}: {errors[0]}" if label else str(errors[0])
    return ""


@dataclass
class Row:
    """A saved search as the list shows it."""

    saved: SavedSearch
    chips: list[str] = field(default_factory=list)
    run_url: str = ""
    error: str = ""


def _row(saved: SavedSearch, error: str = "") -> Row:
    try:
        params = params_from_query(saved.query)
    except DomainError:
        return Row(saved, error=error, run_url="")
    chips = [f"“{params.q}”"] if params.q else []
    chips += [describe_filter(name, params) for name in params.filters()]
    return Row(saved, chips=chips, run_url=search_path(params), error=error)


def _list_page(
    request: AuthedRequest,
    *,
    notice: str = "",
    notice_level: str = "success",
    errors: dict[uuid.UUID, str] | None = None,
) -> HttpResponse:
    errors = errors or {}
    saved_searches = list(saved_searches_of(request.user))
    return render(
        request,
        "search/saved_searches.html",
        {
            "rows": [_row(saved, errors.get(saved.pk, "")) for saved in saved_searches],
            "count": len(saved_searches),
            "limit": MAX_SAVED_SEARCHES,
            "frequencies": AlertFrequency.choices,
            "has_email": bool(request.user.email),
            "notice": notice,
            "notice_level": notice_level,
        },
    )


def _done(request: AuthedRequest, text: str, *, level: str = "success") -> HttpResponse:
    """After a change: the refreshed list for htmx, a redirect with a message otherwise."""
    if _is_htmx(request):
        return _list_page(request, notice=text, notice_level=level)
    getattr(messages, level)(request, text)
    return redirect(reverse("search:saved_searches"))


@seekers_only
@require_http_methods(["GET", "POST"])
def saved_searches_view(request: AuthedRequest) -> HttpResponse:
    """GET: the seeker's saved searches. POST: save the search in ``query`` (the button on
    the search page)."""
    if request.method == "GET":
        return _list_page(request)
    form = SaveSearchForm(request.POST)
    saved: SavedSearch | None = None
    error = ""
    if not form.is_valid():
        error = _form_error(form)
    else:
        data = form.cleaned_data
        try:
            saved = save_search(
                request.user,
                params_from_query(data["query"]),
                name=data["name"],
                frequency=data["frequency"] or AlertFrequency.DAILY,
                email=data["email"],
                actor=web_actor(request),
            )
        except DomainError as exc:
            error = str(exc.message)
    if _is_htmx(request):
        return render(request, "search/_save_search_result.html", {"saved": saved, "error": error})
    if saved is None:
        messages.error(request, error)
    else:
        messages.success(request, _saved_text(saved))
    return redirect(reverse("search:saved_searches"))


def _saved_text(saved: SavedSearch) -> str:
    return _("Saved “%(name)s”. Alerts: %(frequency)s.") % {
        "name": saved.name,
        "frequency": saved.get_frequency_display(),
    }


def _own(request: AuthedRequest, saved_search_id: uuid.UUID) -> SavedSearch:
    try:
        return get_saved_search_for(request.user, saved_search_id)
    except NotFound as exc:
        raise Http404 from exc


@seekers_only
@require_POST
def update_view(request: AuthedRequest, saved_search_id: uuid.UUID) -> HttpResponse:
    """Rename a saved search and set its alert frequency and e-mail channel."""
    saved = _own(request, saved_search_id)
    form = SavedSearchForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            update_saved_search(
                saved,
                name=data["name"],
                frequency=data["frequency"],
                email=data["email"],
                actor=web_actor(request),
            )
        except DomainError as exc:
            error = str(exc.message)
        else:
            return _done(request, _("Your changes to “%(name)s” are saved.") % {"name": saved.name})
    else:
        error = _form_error(form)
    if _is_htmx(request):
        return _list_page(request, errors={saved.pk: error})
    messages.error(request, error)
    return redirect(reverse("search:saved_searches"))


@seekers_only
@require_POST
def delete_view(request: AuthedRequest, saved_search_id: uuid.UUID) -> HttpResponse:
    """Delete a saved search (the page asks for confirmation first)."""
    saved = _own(request, saved_search_id)
    name = saved.name
    try:
        delete_saved_search(saved, actor=web_actor(request))
    except NotFound as exc:
        raise Http404 from exc
    return _done(request, _("“%(name)s” is deleted.") % {"name": name})


@csrf_exempt  # the signed token is the authority; mail programs post without a CSRF token
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a page with one button. POST: turn the alert off (also the one-click POST a
    mail program sends for ``List-Unsubscribe-Post``). A bad token gets a page that
    explains it (400), never an error."""
    try:
        if request.method == "POST":
            saved = unsubscribe(token, actor=web_actor(request))
            state = "done" if saved is not None else "gone"
            if request.POST.get("List-Unsubscribe") == "One-Click":
                return HttpResponse("OK", content_type="text/plain; charset=utf-8")
        else:
            saved = saved_search_for_token(token)
            if saved is None:
                state = "gone"
            elif saved.frequency == AlertFrequency.OFF:
                state = "done"
            else:
                state = "confirm"
    except DomainError as exc:
        return render(
            request,
            "search/unsubscribe.html",
            {"state": "invalid", "error": exc.message},
            status=400,
        )
    return render(
        request, "search/unsubscribe.html", {"state": state, "saved": saved, "token": token}
    )
