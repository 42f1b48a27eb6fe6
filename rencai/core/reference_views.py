"""HTML fragments for reference data: the ``<option>`` lists of the division selects."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET

from rencai.core.divisions import children, get_division, is_well_formed, provinces
from rencai.core.reference_forms import OPTIONS_TEMPLATE, option_placeholder


@require_GET
def division_options(request: HttpRequest) -> HttpResponse:
    """``<option>`` elements for the divisions below ``?parent=<code>`` (empty: provinces).

    ``?source=<param>`` reads the parent code from the query parameter ``<param>`` instead:
    htmx sends the previous select under its form name (``office_1=440000``). There an empty
    value means nothing is chosen above, and the answer is just the empty option.
    Malformed codes get 400 and unknown ones 404.
    """
    source = request.GET.get("source", "")
    code = request.GET.get(source, "") if source else request.GET.get("parent", "")
    if not code:
        options = [] if source else provinces()
    elif not is_well_formed(code):
        return HttpResponseBadRequest(b"", content_type="text/plain")
    elif get_division(code) is None:
        raise Http404
    else:
        options = children(code)
    return render(
        request,
        OPTIONS_TEMPLATE,
        {"options": options, "placeholder": option_placeholder(options), "selected": ""},
    )
