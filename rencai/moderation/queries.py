"""Reads of the abnormal list."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from rencai.moderation.choices import SubjectKind
from rencai.moderation.models import AbnormalListEntry


def active_entries() -> QuerySet[AbnormalListEntry]:
    return AbnormalListEntry.objects.filter(lifted_at__isnull=True)


def listing_for(
    *,
    uscc: str = "",
    id_indexes: Iterable[str] = (),
    phone_indexes: Iterable[str] = (),
) -> AbnormalListEntry | None:
    """The active entry matching any of the given identifiers, if any (FRD-04).

    Pass blind indexes (all candidates during key rotation) for ID and phone numbers."""
    condition = Q(pk__in=[])
    if uscc:
        condition |= Q(subject_kind=SubjectKind.USCC, match_key=uscc.upper())
    ids = [value for value in id_indexes if value]
    if ids:
        condition |= Q(subject_kind=SubjectKind.ID_NUMBER, match_key__in=ids)
    phones = [value for value in phone_indexes if value]
    if phones:
        condition |= Q(subject_kind=SubjectKind.PHONE, match_key__in=phones)
    return active_entries().filter(condition).first()


def entries_for_operator(*, active_only: bool = True) -> QuerySet[AbnormalListEntry]:
    entries = AbnormalListEntry.objects.select_related("listed_by", "lifted_by")
    return entries.filter(lifted_at__isnull=True) if active_only else entries
