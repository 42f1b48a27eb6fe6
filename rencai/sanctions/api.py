"""API routers (mounted in ``rencai/api.py``)."""

from __future__ import annotations

from ninja import Router

me_sanctions_router = Router()
ops_sanctions_router = Router()
