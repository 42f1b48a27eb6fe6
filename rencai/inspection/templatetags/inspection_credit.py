"""``{% credit_card org %}``: the organisation's credit grade with every factor, on the
regulator's dossier page (the dossier view has checked that the viewer inspects)."""

from __future__ import annotations

from typing import Any

from django import template

from rencai.inspection.credit import annotate_credit, credit_of
from rencai.orgs.models import Organisation

register = template.Library()


@register.inclusion_tag("inspection/credit/_card.html")
def credit_card(org: Organisation) -> dict[str, Any]:
    annotated = annotate_credit(Organisation.objects.filter(pk=org.pk)).first()
    return {"credit": credit_of(annotated) if annotated is not None else None}
