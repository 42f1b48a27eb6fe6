"""A test-only route that serves a stored file, to check the headers survive the middleware."""

from __future__ import annotations

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import path

from rencai.files.models import StoredFile
from rencai.files.serving import file_response


def serve(request: HttpRequest, file_id: str) -> HttpResponseBase:
    # Tests only: real views check the actor's permission before calling file_response.
    stored = get_object_or_404(StoredFile, pk=file_id)
    return file_response(stored, as_attachment="download" in request.GET)


urlpatterns = [path("files/<uuid:file_id>", serve)]
