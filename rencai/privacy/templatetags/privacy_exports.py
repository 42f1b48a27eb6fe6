"""Template filters of the copy-of-my-data status fragment (``privacy/_export_status.html``),
so any page can include it with just ``export`` in the context (the rights-request page)."""

from __future__ import annotations

from django import template

from rencai.privacy.export_queries import is_active, step_label
from rencai.privacy.models import DataExport

register = template.Library()


@register.filter
def export_active(export: DataExport) -> bool:
    """Queued or being built: the fragment polls."""
    return is_active(export)


@register.filter
def export_step(export: DataExport) -> str:
    """What the build is doing, for people."""
    return step_label(export.step)
