"""Erasure of a person's data (PI-15, PI-19, RET-06), driven by the data catalogue.

Each ``CatalogueEntry`` says what erasure does to its rows (``catalogue.Erase``):

- ``DELETE``: the rows are deleted;
- ``ANONYMISE``: the ``personal_fields`` are blanked (the user row keeps its id, gets the
  display name "已注销用户" and ``erased_at``; phone, e-mail and ID number and their blind
  indexes are cleared, so the number can register again; other rows, such as reviews,
  keep what is not personal, e.g. the scores);
- ``ARCHIVE``: first the legally required subset (``archive_fields``, pseudonymised: no
  names, numbers or e-mail addresses; a ``*_hash`` name not on the model is the SHA-256 of
  the field it names) goes to the restricted archive (``rencai.audit.archive``) kept until
  the service end + the retention rule's days (RET-01: 3 years), then the personal fields
  of the live row are blanked;
- ``KEEP``: the rows stay as evidence (consent ledger, rights requests, sign-in logs); the
  user row they point to no longer identifies anyone.

Files that belong only to the person (resume attachments and photos, message attachments,
prepared copies) are deleted from private storage, and their resumes leave the search
index. Every step is audited and runs in batches, each in its own transaction; running an
erasure again does nothing new (records already archived are not archived twice).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import ForeignObjectRel, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rencai.accounts.choices import RealNameStatus
from rencai.accounts.models import SmsCode, User
from rencai.audit.actions import record_event
from rencai.audit.archive import already_archived, archive_record
from rencai.core import crypto
from rencai.core.actors import Actor
from rencai.core.errors import DomainError
from rencai.core.fields import EncryptedTextField
from rencai.core.phones import phone_index_candidates
from rencai.privacy.catalogue import CATALOGUE, CatalogueEntry, Erase, entry_for
from rencai.privacy.errors import ErasureErrorCode

ERASED_DISPLAY_NAME = "已注销用户"
DEFAULT_ARCHIVE_DAYS = 1095  # RET-01: 3 years, when no retention rule is configured
# End-of-service columns, first found wins (else the day the account was cancelled).
SERVICE_END_FIELDS = ("closed_at", "ended_at", "responded_at")


@dataclass
class ErasureReport:
    """What one erasure did, per model label (``"resumes.Resume"``)."""

    scope: str
    deleted: dict[str, int] = field(default_factory=dict)
    anonymised: dict[str, int] = field(default_factory=dict)
    archived: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)
    files_deleted: int = 0
    resumes_unindexed: int = 0
    already_erased: bool = False

    def add(self, bucket: dict[str, int], label: str, count: int) -> None:
        if count:
            bucket[label] = bucket.get(label, 0) + count

    def as_dict(self) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "deleted": dict(self.deleted),
            "anonymised": dict(self.anonymised),
            "archived": dict(self.archived),
            "kept": dict(self.kept),
            "files_deleted": self.files_deleted,
            "resumes_unindexed": self.resumes_unindexed,
        }


def _batch_size() -> int:
    return max(int(getattr(settings, "RETENTION_BATCH_SIZE", 500)), 1)


def _model(entry: CatalogueEntry) -> type[models.Model]:
    return apps.get_model(entry.model)


def _rows(entry: CatalogueEntry, user: User) -> models.QuerySet[Any]:
    model = _model(entry)
    return model._default_manager.filter(**{entry.owner_path: user.pk})


def _batches(queryset: models.QuerySet[Any]) -> Iterator[list[Any]]:
    """Primary keys of ``queryset`` in ascending batches (rows may change meanwhile)."""
    ordered = queryset.order_by("pk")
    last: Any = None
    size = _batch_size()
    while True:
        page = ordered if last is None else ordered.filter(pk__gt=last)
        ids = list(page.values_list("pk", flat=True)[:size])
        if not ids:
            return
        yield ids
        last = ids[-1]
        if len(ids) < size:
            return


# --- archive --------------------------------------------------------------------------


def archive_days(category: str) -> int:
    """The retention rule's days for ``category`` (seeded by the retention engine)."""
    from rencai.privacy.models import RetentionRule

    days = RetentionRule.objects.filter(category=category).values_list("min_days", flat=True)
    found = days.first()
    return int(found) if found else DEFAULT_ARCHIVE_DAYS


def _service_end(row: models.Model, user: User) -> dt.date:
    for name in SERVICE_END_FIELDS:
        value = getattr(row, name, None)
        if isinstance(value, dt.datetime):
            return timezone.localdate(value)
    return timezone.localdate(user.cancelled_at or timezone.now())


def _has_field(model: type[models.Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:
        return name.endswith("_id") and _has_field(model, name.removesuffix("_id"))
    return True


def archive_payload(entry: CatalogueEntry, row: models.Model) -> dict[str, Any]:
    """The pseudonymised subset of ``row`` named by ``entry.archive_fields``."""
    model = type(row)
    payload: dict[str, Any] = {}
    for name in entry.archive_fields:
        if name.endswith("_hash") and not _has_field(model, name):
            value = getattr(row, name.removesuffix("_hash"), "") or ""
            payload[name] = crypto.fingerprint(str(value)) if value else ""
        else:
            value = getattr(row, name)
            payload[name] = str(value) if isinstance(value, models.Model) else value
    return payload


def _blank_value(model_field: models.Field[Any, Any]) -> Any:
    if isinstance(model_field, models.JSONField):
        default = model_field.get_default()
        return default if default is not None else {}
    if model_field.null:
        return None
    if isinstance(model_field, models.CharField | models.TextField):
        return ""
    return model_field.get_default()


def _blank(row: models.Model, names: tuple[str, ...]) -> list[str]:
    """Blank ``names`` on ``row`` (and the blind index of an encrypted field); returns the
    columns to save."""
    changed: list[str] = []
    for name in names:
        model_field = row._meta.get_field(name)
        assert isinstance(model_field, models.Field)
        setattr(row, model_field.attname, _blank_value(model_field))
        changed.append(model_field.attname if model_field.is_relation else name)
        if isinstance(model_field, EncryptedTextField) and model_field.blind_index_field:
            setattr(row, model_field.blind_index_field, None)
            changed.append(model_field.blind_index_field)
    if any(f.name == "updated_at" for f in row._meta.concrete_fields):
        changed.append("updated_at")
    return changed


def _archive_rows(
    entry: CatalogueEntry,
    queryset: models.QuerySet[Any],
    user: User,
    *,
    actor: Actor,
    report: ErasureReport,
    blank: bool,
) -> None:
    """Archive every row of ``queryset`` not archived yet; with ``blank`` also blank its
    personal fields (otherwise the caller deletes the rows next)."""
    model = _model(entry)
    days = archive_days(entry.retention)
    for ids in _batches(queryset):
        with transaction.atomic():
            rows = list(model._default_manager.select_for_update(of=("self",)).filter(pk__in=ids))
            archived = blanked = 0
            for row in rows:
                if not already_archived(row):
                    archive_record(
                        entry.retention,
                        row,
                        user,
                        archive_payload(entry, row),
                        retain_until=_service_end(row, user) + dt.timedelta(days=days),
                        actor=actor,
                    )
                    archived += 1
                if blank and entry.personal_fields:
                    row.save(update_fields=_blank(row, entry.personal_fields))
                    blanked += 1
            if archived or blanked:
                record_event(
                    actor,
                    "privacy.erasure_archived",
                    object_type=entry.model,
                    object_id=str(user.pk),
                    after={"archived": archived, "anonymised": blanked},
                )
        report.add(report.archived, entry.model, archived)
        report.add(report.anonymised, entry.model, blanked)


def _anonymise_rows(
    entry: CatalogueEntry,
    queryset: models.QuerySet[Any],
    user: User,
    *,
    actor: Actor,
    report: ErasureReport,
) -> None:
    """Blank the personal fields of every row (``Erase.ANONYMISE`` entries other than the
    user row, e.g. reviews: the scores stay, the text goes)."""
    model = _model(entry)
    for ids in _batches(queryset):
        with transaction.atomic():
            rows = list(model._default_manager.select_for_update(of=("self",)).filter(pk__in=ids))
            for row in rows:
                row.save(update_fields=_blank(row, entry.personal_fields))
            record_event(
                actor,
                "privacy.erasure_anonymised",
                object_type=entry.model,
                object_id=str(user.pk),
                after={"anonymised": len(rows)},
            )
        report.add(report.anonymised, entry.model, len(rows))


# --- delete ---------------------------------------------------------------------------


def _delete_rows(
    label: str,
    queryset: models.QuerySet[Any],
    user: User,
    *,
    actor: Actor,
    report: ErasureReport,
    fallback: Callable[[Any], None] | None = None,
) -> None:
    """Delete in batches (with what cascades from them). A row another record protects
    (e.g. a conversation under a report) goes through ``fallback`` instead."""
    model = queryset.model
    for ids in _batches(queryset):
        with transaction.atomic():
            try:
                with transaction.atomic():
                    _count, per_model = model._default_manager.filter(pk__in=ids).delete()
            except ProtectedError:
                per_model = {}
                for pk in ids:
                    try:
                        with transaction.atomic():
                            _n, one = model._default_manager.filter(pk=pk).delete()
                    except ProtectedError:
                        if fallback is None:
                            raise
                        fallback(model._default_manager.get(pk=pk))
                        report.add(report.anonymised, label, 1)
                        continue
                    for name, n in one.items():
                        per_model[name] = per_model.get(name, 0) + n
            for name, n in per_model.items():
                report.add(report.deleted, name, n)
            record_event(
                actor,
                "privacy.erasure_deleted",
                object_type=label,
                object_id=str(user.pk),
                after={"deleted": {name: n for name, n in per_model.items() if n}},
            )


def _blank_resume(resume: Any) -> None:
    """A resume another record protects: its content goes, the empty row stays hidden."""
    entry = entry_for("resumes.Resume")
    assert entry is not None
    names = tuple(
        name
        for name in entry.fields
        if name not in {"language", "is_primary", "created_at", "updated_at", "visibility"}
    )
    resume.entries.all().delete()
    resume.attachments.all().delete()
    changed = _blank(resume, (*names, "photo"))
    resume.visibility = "hidden"
    resume.save(update_fields=[*changed, "visibility"])


def _resume_ids(user: User) -> list[str]:
    from rencai.resumes.models import Resume

    return [str(pk) for pk in Resume.objects.filter(owner=user).values_list("pk", flat=True)]


def _archive_cascade_of_resumes(user: User, *, actor: Actor, report: ErasureReport) -> None:
    """Deleting a resume deletes the resume views and invitations to apply that point to it
    (with their conversations): archive their service-record subset first (RET-01)."""
    from rencai.applications.models import ApplyInvitation
    from rencai.messaging.models import Conversation, Message
    from rencai.resumes.models import ResumeView

    invitations = ApplyInvitation.objects.filter(resume__owner=user)
    conversations = Conversation.objects.filter(invitation__in=invitations)
    targets: list[tuple[str, models.QuerySet[Any]]] = [
        ("resumes.ResumeView", ResumeView.objects.filter(resume__owner=user)),
        ("applications.ApplyInvitation", invitations),
        ("messaging.Conversation", conversations),
        ("messaging.Message", Message.objects.filter(conversation__in=conversations)),
    ]
    for label, queryset in targets:
        entry = entry_for(label)
        assert entry is not None
        _archive_rows(entry, queryset, user, actor=actor, report=report, blank=False)


# --- files and the search index -------------------------------------------------------


def _unreferenced(file_ids: list[Any]) -> list[Any]:
    from rencai.files.models import StoredFile

    remaining = set(file_ids)
    # Every reverse relation, including the hidden ones (``related_name="+"``).
    relations = [
        f
        for f in StoredFile._meta.get_fields(include_hidden=True)
        if isinstance(f, ForeignObjectRel) and (f.one_to_many or f.one_to_one)
    ]
    for relation in relations:
        if not remaining:
            break
        related = relation.related_model
        if not (isinstance(related, type) and issubclass(related, models.Model)):
            continue
        used = related._default_manager.filter(
            **{f"{relation.field.name}__in": list(remaining)}
        ).values_list(relation.field.attname, flat=True)
        remaining -= set(used)
    return [pk for pk in file_ids if pk in remaining]


def erase_files(user: User, *, actor: Actor, report: ErasureReport) -> None:
    """Delete the user's stored files that nothing references any more (resume attachments
    and photos after their resume went, message attachments, prepared copies) from the
    private storage and the files table. Files an organisation still uses stay."""
    from rencai.files.actions import private_storage
    from rencai.files.models import StoredFile

    for ids in _batches(StoredFile.objects.filter(owner=user)):
        with transaction.atomic():
            victims = list(StoredFile.objects.filter(pk__in=_unreferenced(ids)))
            if not victims:
                continue
            names = [stored.storage_name for stored in victims]
            StoredFile.objects.filter(pk__in=[stored.pk for stored in victims]).delete()
            record_event(
                actor,
                "privacy.erasure_files_deleted",
                object_type="files.StoredFile",
                object_id=str(user.pk),
                after={"count": len(victims)},
            )

            def remove_blobs(names: list[str] = names) -> None:
                storage = private_storage()
                for name in names:
                    storage.delete(name)

            transaction.on_commit(remove_blobs)
        report.files_deleted += len(victims)


def unindex_resumes(resume_ids: list[str], report: ErasureReport) -> None:
    """Bring the resume index in step at once: deleted or anonymised resumes are removed
    from whichever backend is live (through the search app's interface)."""
    from rencai.search import indexing

    if resume_ids:
        indexing.index_resumes_now(resume_ids)
        report.resumes_unindexed += len(resume_ids)


# --- the two erasures -----------------------------------------------------------------


def erase_resume_data(user: User, *, actor: Actor) -> ErasureReport:
    """A deletion request for resume data (PI-15), or an inactive seeker's resumes at the
    end of their retention period (RET-06): every resume with its entries and attachments,
    the hidden-company list, the files and the index entries.

    Applications stay with the snapshot the seeker sent: the organisation received that copy
    as an independent processor under the seeker's consent (PIPL Art 23) and keeps it as its
    own service record (Order 44 Art 26), so deleting the resume does not reach into it.
    Resume views and pending invitations to apply point to a resume and go with it; their
    service-record subset is archived first.
    """
    from rencai.resumes.models import HiddenOrganisation, Resume

    report = ErasureReport(scope="resume_data")
    resume_ids = _resume_ids(user)
    _archive_cascade_of_resumes(user, actor=actor, report=report)
    _delete_rows(
        "resumes.Resume",
        Resume.objects.filter(owner=user),
        user,
        actor=actor,
        report=report,
        fallback=_blank_resume,
    )
    _delete_rows(
        "resumes.HiddenOrganisation",
        HiddenOrganisation.objects.filter(owner=user),
        user,
        actor=actor,
        report=report,
    )
    erase_files(user, actor=actor, report=report)
    unindex_resumes(resume_ids, report)
    with transaction.atomic():
        record_event(actor, "privacy.resume_data_erased", user, after=report.as_dict())
    return report


class AccountNotCancelled(DomainError):
    """Full erasure follows a cancellation (PI-19); an active account is not erased."""

    def __init__(self) -> None:
        super().__init__(
            ErasureErrorCode.ACCOUNT_ACTIVE.value,
            _("The account must be cancelled before its data is erased."),
            status=409,
        )


def _anonymise_user(user: User) -> list[str]:
    entry = entry_for("accounts.User")
    assert entry is not None
    changed = _blank(user, entry.personal_fields)
    user.display_name = ERASED_DISPLAY_NAME
    user.birth_date_source = ""
    user.real_name_status = RealNameStatus.UNVERIFIED
    user.id_document_type = ""
    user.real_name_verified_at = None
    user.face_verified_at = None
    user.preferred_language = ""
    user.sms_second_factor = False
    user.is_active = False
    user.set_unusable_password()
    user.erased_at = timezone.now()
    return [
        *changed,
        "birth_date_source",
        "real_name_status",
        "id_document_type",
        "real_name_verified_at",
        "face_verified_at",
        "preferred_language",
        "sms_second_factor",
        "is_active",
        "password",
        "erased_at",
    ]


def erase_account(user: User, *, actor: Actor) -> ErasureReport:
    """Erase everything personal of a cancelled account (PI-19, RET-06); idempotent.

    Order: archive service records (before anything cascades), delete, erase files and
    index entries, then anonymise the user row last, so an interrupted run is completed by
    the next one (it finds ``erased_at`` empty and redoes what is left).
    """
    user = User.objects.get(pk=user.pk)
    report = ErasureReport(scope="account")
    if user.erased_at is not None:
        report.already_erased = True
        return report
    if user.cancelled_at is None:
        raise AccountNotCancelled()
    resume_ids = _resume_ids(user)
    for entry in CATALOGUE:
        if entry.erase == Erase.ARCHIVE:
            _archive_rows(entry, _rows(entry, user), user, actor=actor, report=report, blank=True)
    _archive_cascade_of_resumes(user, actor=actor, report=report)
    for entry in CATALOGUE:
        if entry.erase == Erase.DELETE:
            _delete_rows(
                entry.model,
                _rows(entry, user),
                user,
                actor=actor,
                report=report,
                fallback=_blank_resume if entry.model == "resumes.Resume" else None,
            )
        elif entry.erase == Erase.KEEP:
            report.add(report.kept, entry.model, _rows(entry, user).count())
        elif entry.erase == Erase.ANONYMISE and entry.model != "accounts.User":
            _anonymise_rows(entry, _rows(entry, user), user, actor=actor, report=report)
    erase_files(user, actor=actor, report=report)
    unindex_resumes(resume_ids, report)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.phone:
            SmsCode.objects.filter(phone_index__in=phone_index_candidates(user.phone)).delete()
        user.save(update_fields=_anonymise_user(user))
        report.add(report.anonymised, "accounts.User", 1)
        record_event(actor, "privacy.account_erased", user, after=report.as_dict())
    return report
