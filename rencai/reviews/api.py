"""API routers (mounted in ``rencai/api.py``)."""

from __future__ import annotations

from ninja import Router

reviews_router = Router()
me_reviews_router = Router()
