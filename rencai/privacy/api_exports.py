"""REST endpoints of the privacy app: data exports."""

from __future__ import annotations

from ninja import Router

from rencai.core.api_support import AUTH

exports_router = Router(tags=["data exports"], auth=AUTH)
# The processor a user named fetches a portability package with its one-time token.
portability_router = Router(tags=["data portability"])
