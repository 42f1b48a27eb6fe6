"""REST endpoints of the restricted archive: verification and legal holds."""

from __future__ import annotations

from ninja import Router

from rencai.core.api_support import AUTH

archive_router = Router(tags=["restricted archive"], auth=AUTH)
