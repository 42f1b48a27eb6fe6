"""REST endpoints of the privacy app: rights requests."""

from __future__ import annotations

from ninja import Router

from rencai.core.api_support import AUTH

requests_router = Router(tags=["rights requests"], auth=AUTH)
ops_requests_router = Router(tags=["rights requests (operators)"], auth=AUTH)
