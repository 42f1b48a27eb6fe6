"""API routers (mounted in ``rencai/api.py``)."""

from __future__ import annotations

from ninja import Router

regulator_router = Router()
