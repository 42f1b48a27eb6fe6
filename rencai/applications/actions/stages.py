"""The organisation's pipeline stages: created lazily, renamed, reordered, added and
archived by administrators."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from rencai.applications.choices import DEFAULT_STAGES, ApplicationStatus, StageKind
from rencai.applications.constants import MAX_STAGES
from rencai.applications.errors import ApplicationErrorCode, app_error
from rencai.applications.models import PipelineStage
from rencai.applications.permissions import can_configure_pipeline
from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.errors import not_found
from rencai.core.models import Id
from rencai.orgs.models import Organisation


def ensure_default_stages(org: Organisation, *, actor: Actor) -> list[PipelineStage]:
    """Create the default stages (``DEFAULT_STAGES``) if the organisation has none yet."""
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=org.pk).first()
        existing = list(PipelineStage.objects.filter(organisation=org))
        if existing:
            return [stage for stage in existing if stage.archived_at is None]
        stages = PipelineStage.objects.bulk_create(
            PipelineStage(organisation=org, kind=kind, name=name, name_en=name_en, position=i)
            for i, (kind, name, name_en) in enumerate(DEFAULT_STAGES)
        )
        record_event(
            actor,
            "applications.stages_created",
            org,
            after={"stages": [name for _kind, name, _en in DEFAULT_STAGES]},
        )
    return stages


def _admin_of(org: Organisation, actor: Actor) -> None:
    from rencai.orgs.queries import active_membership

    membership = active_membership(actor.user) if actor.user is not None else None
    if membership is None or membership.organisation_id != org.pk:
        raise not_found()
    if not can_configure_pipeline(membership):
        raise app_error(ApplicationErrorCode.NOT_ORG_ADMIN)


def _clean_name(name: str, name_en: str) -> tuple[str, str]:
    name, name_en = name.strip(), name_en.strip()
    if not 1 <= len(name) <= 20:
        raise app_error(ApplicationErrorCode.STAGE_INVALID, field="name")
    if len(name_en) > 30:
        raise app_error(ApplicationErrorCode.STAGE_INVALID, field="name_en")
    return name, name_en


def _taken(org: Organisation, name: str, exclude: Id | None = None) -> bool:
    others = PipelineStage.objects.filter(organisation=org, name=name, archived_at__isnull=True)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    return others.exists()


def create_stage(
    org: Organisation, *, name: str, name_en: str = "", kind: str, actor: Actor
) -> PipelineStage:
    """Add a stage at the end of the pipeline (administrators; at most ``MAX_STAGES``)."""
    _admin_of(org, actor)
    name, name_en = _clean_name(name, name_en)
    if kind not in StageKind.values:
        raise app_error(ApplicationErrorCode.STAGE_INVALID, field="kind")
    from rencai.applications.queries import stages_of

    stages_of(org)
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=org.pk).first()
        current = PipelineStage.objects.filter(organisation=org, archived_at__isnull=True)
        if current.count() >= MAX_STAGES:
            raise app_error(ApplicationErrorCode.STAGE_INVALID)
        if _taken(org, name):
            raise app_error(ApplicationErrorCode.STAGE_NAME_TAKEN, field="name")
        top = current.aggregate(top=Max("position"))["top"]
        try:
            with transaction.atomic():
                stage = PipelineStage.objects.create(
                    organisation=org,
                    kind=kind,
                    name=name,
                    name_en=name_en,
                    position=(top if top is not None else -1) + 1,
                )
        except IntegrityError as error:
            raise app_error(ApplicationErrorCode.STAGE_NAME_TAKEN, field="name") from error
        record_event(actor, "applications.stage_added", stage, after={"name": name, "kind": kind})
    return stage


def update_stage(
    stage: PipelineStage, *, name: str, name_en: str = "", actor: Actor
) -> PipelineStage:
    """Rename a stage (its meaning stays)."""
    _admin_of(stage.organisation, actor)
    name, name_en = _clean_name(name, name_en)
    if stage.archived_at is not None:
        raise app_error(ApplicationErrorCode.STAGE_INVALID)
    with transaction.atomic():
        stage = PipelineStage.objects.select_for_update().get(pk=stage.pk)
        before = {"name": stage.name, "name_en": stage.name_en}
        if _taken(stage.organisation, name, exclude=stage.pk):
            raise app_error(ApplicationErrorCode.STAGE_NAME_TAKEN, field="name")
        stage.name, stage.name_en = name, name_en
        stage.save(update_fields=["name", "name_en", "updated_at"])
        record_event(
            actor,
            "applications.stage_renamed",
            stage,
            before=before,
            after={"name": name, "name_en": name_en},
        )
    return stage


def reorder_stages(org: Organisation, stage_ids: list[Id], *, actor: Actor) -> list[PipelineStage]:
    """Put the current stages in the order of ``stage_ids`` (each exactly once)."""
    _admin_of(org, actor)
    with transaction.atomic():
        stages = {
            str(stage.pk): stage
            for stage in PipelineStage.objects.select_for_update().filter(
                organisation=org, archived_at__isnull=True
            )
        }
        wanted = [str(stage_id) for stage_id in stage_ids]
        if sorted(wanted) != sorted(stages) or len(set(wanted)) != len(wanted):
            raise app_error(ApplicationErrorCode.STAGE_ORDER_INVALID, field="stage_ids")
        ordered = [stages[stage_id] for stage_id in wanted]
        for position, stage in enumerate(ordered):
            stage.position = position
        PipelineStage.objects.bulk_update(ordered, ["position"])
        record_event(actor, "applications.stages_reordered", org, after={"stages": wanted})
    return ordered


def archive_stage(stage: PipelineStage, *, actor: Actor) -> PipelineStage:
    """Archive a stage without active applications; every meaning keeps one stage."""
    _admin_of(stage.organisation, actor)
    with transaction.atomic():
        stage = PipelineStage.objects.select_for_update().get(pk=stage.pk)
        if stage.archived_at is not None:
            return stage
        if stage.applications.filter(status=ApplicationStatus.ACTIVE).exists():
            raise app_error(ApplicationErrorCode.STAGE_NOT_EMPTY)
        others = PipelineStage.objects.filter(
            organisation=stage.organisation, kind=stage.kind, archived_at__isnull=True
        ).exclude(pk=stage.pk)
        if not others.exists():
            raise app_error(ApplicationErrorCode.STAGE_KIND_REQUIRED)
        stage.archived_at = timezone.now()
        stage.save(update_fields=["archived_at", "updated_at"])
        record_event(actor, "applications.stage_archived", stage, after={"name": stage.name})
    return stage
