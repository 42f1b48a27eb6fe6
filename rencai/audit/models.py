"""The append-only, hash-chained audit trail."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One audited action, written by the action itself inside its transaction.

    Rows are never updated or deleted. ``hash`` covers every other column plus the previous
    row's hash, so changing or removing any row breaks the chain from that row on;
    ``manage.py verify_audit_chain`` finds the first break. ``seq`` has no gaps.
    ``before``/``after`` hold masked values only: no plaintext phone or ID numbers (GOV-05).
    """

    seq = models.BigIntegerField(_("sequence"), primary_key=True)
    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    actor_id = models.UUIDField(_("actor"), null=True, blank=True, db_index=True)
    actor_label = models.CharField(_("actor label"), max_length=80)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    channel = models.CharField(_("channel"), max_length=16)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        ordering = ("-seq",)
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id", "seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise RuntimeError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("audit events are append-only")


class AuditChainHead(models.Model):
    """The single row holding the chain's last sequence number and hash.

    Writers lock it (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE transactions
    serialise writers anyway), so concurrent transactions extend the chain one at a time.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"head #{self.last_seq}"


class ArchiveRecord(models.Model):
    """The restricted archive (RET-01, RET-06, PIPL Art 47(2)): the legally required subset
    of a record whose live row was deleted or anonymised, kept with no processing other
    than storage, legal hold, regulator inspection and audit.

    Hash-chained like the audit trail, but the chain covers ``payload_hash``, not the
    payload: when ``retain_until`` passes, the payload is purged (``payload`` = None,
    ``purged_at`` set) and the chain still verifies. ``manage.py verify_archive`` finds a
    changed payload, a changed or deleted row, and reordering. ``subject_ref`` is a
    pseudonym (keyed hash of the user id), never the id itself.
    """

    seq = models.BigIntegerField(_("sequence"), primary_key=True)
    archived_at = models.DateTimeField(_("archived at"), db_index=True)
    category = models.CharField(_("category"), max_length=40, db_index=True)
    source_type = models.CharField(_("source"), max_length=80)
    source_id = models.CharField(_("source id"), max_length=64)
    subject_ref = models.CharField(_("subject pseudonym"), max_length=64, db_index=True)
    retain_until = models.DateField(_("kept until"), db_index=True)
    payload = models.JSONField(_("content"), null=True, blank=True)
    payload_hash = models.CharField(_("content hash"), max_length=64)
    purged_at = models.DateTimeField(_("purged at"), null=True, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        ordering = ("seq",)
        verbose_name = _("archive record")
        verbose_name_plural = _("archive records")
        indexes = [models.Index(fields=["source_type", "source_id"])]

    def __str__(self) -> str:
        return f"archive #{self.seq} {self.category} {self.source_type}:{self.source_id}"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("archive records are never deleted; expired payloads are purged")


class ArchiveChainHead(models.Model):
    """Last sequence number and hash of the restricted archive (locked by writers)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("archive chain head")

    def __str__(self) -> str:
        return f"archive head #{self.last_seq}"


class LegalHold(models.Model):
    """A legal hold on archived records of one subject or category (e.g. litigation, a
    police request): while active, nothing it covers is purged, and it is the only
    reason other than inspection and audit to read archived content."""

    id = models.BigAutoField(primary_key=True)
    created_at = models.DateTimeField(_("placed at"), auto_now_add=True)
    subject_ref = models.CharField(_("subject pseudonym"), max_length=64, blank=True, db_index=True)
    category = models.CharField(_("category"), max_length=40, blank=True)
    reason = models.TextField(_("reason"))
    reference = models.CharField(_("case reference"), max_length=120)
    placed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")

    def __str__(self) -> str:
        return f"hold {self.reference}"
