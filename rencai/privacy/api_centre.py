"""REST endpoints of the privacy app: privacy centre."""

from __future__ import annotations

from ninja import Router

from rencai.core.api_support import AUTH

centre_router = Router(tags=["privacy centre"], auth=AUTH)
