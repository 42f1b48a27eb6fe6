"""The warning pop-up of every page (FRD-02): a warning in force that the person has not
acknowledged shows as a modal with an acknowledge button (htmx POST).

Pages run no query for it unless the cache flag says a warning may be waiting (set when
a warning is imposed and at every sign-in, see ``enforcement``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest
from django.template import Context

from rencai.sanctions.enforcement import has_warning_flag, refresh_warning_flag
from rencai.sanctions.rules import get_rule

register = template.Library()


@register.inclusion_tag("sanctions/_warning_modal.html", takes_context=True)
def sanction_warning_modal(context: Context) -> dict[str, Any]:
    request: HttpRequest | None = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not has_warning_flag(user):
        return {"warning": None}
    warning = refresh_warning_flag(user)
    return {
        "warning": warning,
        "rule": get_rule(warning.rule) if warning is not None else None,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
