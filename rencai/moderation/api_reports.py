"""API routers (mounted in ``rencai/api.py``)."""

from __future__ import annotations

from ninja import Router

reports_router = Router()
ops_reports_router = Router()
