"""REST endpoints of the privacy app: privacy operations."""

from __future__ import annotations

from ninja import Router

from rencai.core.api_support import AUTH

ops_privacy_router = Router(tags=["privacy operations"], auth=AUTH)
