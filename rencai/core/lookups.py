"""Fetching one object by an id that arrived from a URL, a form or an API path."""

from __future__ import annotations

import uuid
from typing import TypeVar

from django.db import models
from django.db.models import QuerySet

from rencai.core.errors import not_found
from rencai.core.models import Id

M = TypeVar("M", bound=models.Model)


def one_of(objects: QuerySet[M], object_id: Id) -> M:
    """The object with ``object_id`` among ``objects`` (already scoped to the actor);
    ``not_found`` for a malformed id or anything outside the scope, so existence is not
    leaked."""
    try:
        key = uuid.UUID(str(object_id))
    except ValueError:
        raise not_found() from None
    found = objects.filter(pk=key).first()
    if found is None:
        raise not_found()
    return found
