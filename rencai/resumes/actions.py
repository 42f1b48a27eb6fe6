"""Writing resumes: the resume and its sections, visibility, hidden organisations,
attachments, the CV import, and the record of organisations' views (PI-05, PI-07, PI-08,
PI-09, DIS-09).

Every action checks its input (``rencai.resumes.content``), writes in one transaction with
its audit event (never personal data in the event: field names and ids only), keeps the
derived fields (highest education, experience, completeness) up to date, and tells the
search index after the commit which resumes changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from rencai.accounts.models import User
from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.errors import DomainError
from rencai.core.identifiers import validate_uscc
from rencai.core.models import Id
from rencai.files.actions import read_bytes, store_upload
from rencai.files.choices import DOCUMENT_KINDS, IMAGE_KINDS, FileKind
from rencai.jobs.models import JobPosting
from rencai.orgs.models import Organisation
from rencai.orgs.queries import find_by_uscc
from rencai.resumes import access
from rencai.resumes.choices import (
    EntryKind,
    ResumeLanguage,
    SkillLevel,
    ViewKind,
    ViewSource,
    Visibility,
)
from rencai.resumes.content import (
    EDITABLE_FIELDS,
    MAX_ATTACHMENTS,
    MAX_ENTRIES_PER_SECTION,
    MAX_RESUMES,
    MAX_SKILLS,
    clean_entry,
    clean_resume_fields,
)
from rencai.resumes.derived import completeness, experience_months, highest_education
from rencai.resumes.errors import ResumeErrorCode, quota_error, resume_error
from rencai.resumes.extract import extract_text
from rencai.resumes.models import (
    HiddenOrganisation,
    Resume,
    ResumeAttachment,
    ResumeEntry,
    ResumeView,
)
from rencai.resumes.permissions import can_keep_resumes, may_download
from rencai.search import indexing

ATTACHMENT_KINDS = frozenset(DOCUMENT_KINDS | {FileKind.DOCX})
ATTACHMENT_PURPOSE = "resume-attachment"
PHOTO_PURPOSE = "resume-photo"


def _index_later(resume_ids: Iterable[Id]) -> None:
    """The one call site of the search index hook: re-index these resumes after the commit
    (findable ones upserted, the rest removed: turning visibility off takes a resume out of
    search at once, PI-05)."""
    indexing.resumes_changed(resume_ids)


def _owner_resumes_changed(owner: User) -> None:
    """The hidden-company list changed: every resume of ``owner`` is re-indexed."""
    indexing.seeker_resumes_changed(owner.pk)


def _refresh(resume: Resume) -> Resume:
    """Recompute the derived fields from the sections and store them."""
    entries = list(resume.entries.all())
    resume.highest_education = highest_education(entries)
    resume.experience_months = experience_months(entries)
    resume.completeness = completeness(resume, entries).score
    resume.save()
    _index_later([resume.pk])
    return resume


def _locked(resume: Resume) -> Resume:
    return Resume.objects.select_for_update().get(pk=resume.pk)


# --- resumes --------------------------------------------------------------------------


def create_resume(owner: User, fields: Mapping[str, object], *, actor: Actor) -> Resume:
    """A new resume with ``fields`` (``title`` and ``full_name`` required). It is invisible
    until the seeker chooses otherwise (PI-05); the first resume becomes the default one."""
    if not can_keep_resumes(owner):
        raise resume_error(ResumeErrorCode.NOT_SEEKER)
    values = dict(fields)
    values.setdefault("title", "")
    values.setdefault("full_name", "")
    clean = clean_resume_fields(values)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=owner.pk).first()  # one creation at a time
        count = Resume.objects.filter(owner=owner).count()
        if count >= MAX_RESUMES:
            raise resume_error(ResumeErrorCode.RESUME_LIMIT)
        resume = Resume(owner=owner, is_primary=count == 0, visibility=Visibility.HIDDEN, **clean)
        resume.save()
        _refresh(resume)
        record_event(actor, "resumes.created", resume, after={"fields": sorted(clean)})
    return resume


def update_resume(resume: Resume, changes: Mapping[str, object], *, actor: Actor) -> Resume:
    """Change some editable fields; the others keep their values."""
    current = {"pay_min": resume.pay_min, "pay_max": resume.pay_max}
    clean = clean_resume_fields(changes, current=current)
    with transaction.atomic():
        resume = _locked(resume)
        changed = sorted(name for name, value in clean.items() if getattr(resume, name) != value)
        for name, value in clean.items():
            setattr(resume, name, value)
        _refresh(resume)
        record_event(actor, "resumes.updated", resume, after={"fields": changed})
    return resume


def delete_resume(resume: Resume, *, actor: Actor) -> None:
    """Delete a resume with its sections and attachments. Applications keep the snapshot
    that was sent. If it was the default resume, the most recent other one becomes it."""
    with transaction.atomic():
        resume = _locked(resume)
        resume_id, owner, was_primary = resume.pk, resume.owner, resume.is_primary
        record_event(actor, "resumes.deleted", resume)
        resume.delete()
        if was_primary:
            successor = Resume.objects.filter(owner=owner).order_by("-updated_at").first()
            if successor is not None:
                successor.is_primary = True
                successor.save(update_fields=["is_primary", "updated_at"])
        _index_later([resume_id])


def set_primary(resume: Resume, *, actor: Actor) -> Resume:
    """Make ``resume`` the seeker's default resume (the one offered first when applying)."""
    with transaction.atomic():
        resume = _locked(resume)
        Resume.objects.filter(owner=resume.owner, is_primary=True).exclude(pk=resume.pk).update(
            is_primary=False
        )
        resume.is_primary = True
        resume.save(update_fields=["is_primary", "updated_at"])
        record_event(actor, "resumes.made_primary", resume)
    return resume


def copy_resume(resume: Resume, *, title: str, language: str = "", actor: Actor) -> Resume:
    """A copy with every field and section (to write an English version, say). The copy is
    invisible until the seeker chooses otherwise; attachments stay with the original."""
    values = {name: getattr(resume, name) for name in EDITABLE_FIELDS}
    values["title"] = title
    values["language"] = language or resume.language
    clean = clean_resume_fields({"title": values["title"], "language": values["language"]})
    values.update(clean)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=resume.owner_id).first()
        if Resume.objects.filter(owner_id=resume.owner_id).count() >= MAX_RESUMES:
            raise resume_error(ResumeErrorCode.RESUME_LIMIT)
        copy = Resume(owner_id=resume.owner_id, visibility=Visibility.HIDDEN, **values)
        copy.photo_id = resume.photo_id
        copy.save()
        ResumeEntry.objects.bulk_create(
            ResumeEntry(
                resume=copy,
                kind=entry.kind,
                position=entry.position,
                organisation=entry.organisation,
                title=entry.title,
                degree=entry.degree,
                start=entry.start,
                end=entry.end,
                description=entry.description,
            )
            for entry in resume.entries.all()
        )
        _refresh(copy)
        record_event(actor, "resumes.copied", copy, after={"source": str(resume.pk)})
    return copy


def set_visibility(resume: Resume, visibility: str, *, actor: Actor) -> Resume:
    """Who may find the resume in resume search (PI-05): nobody (only organisations the
    seeker applies to), verified employers, or verified employers and HR agencies. Turning
    it off takes the resume out of search at once: the index is told after the commit and
    ``searchable_resumes_for`` is checked on every result meanwhile."""
    if visibility not in Visibility.values:
        raise resume_error(ResumeErrorCode.FIELD_INVALID, field="visibility")
    with transaction.atomic():
        resume = _locked(resume)
        before = resume.visibility
        if before != visibility:
            resume.visibility = visibility
            resume.visibility_changed_at = timezone.now()
            resume.save(update_fields=["visibility", "visibility_changed_at", "updated_at"])
            record_event(
                actor,
                "resumes.visibility_changed",
                resume,
                before={"visibility": before},
                after={"visibility": visibility},
            )
            _index_later([resume.pk])
    return resume


def refresh_experience(*, actor: Actor, batch: int = 500) -> int:
    """Recompute ``experience_months`` of resumes with a job that is still going on (it
    grows by a month every month without the seeker editing anything); the changed resumes
    are re-indexed. Returns how many changed."""
    ongoing = (
        ResumeEntry.objects.filter(kind=EntryKind.WORK, end__isnull=True, start__isnull=False)
        .values_list("resume_id", flat=True)
        .distinct()
    )
    ids = list(ongoing)
    changed = 0
    for start in range(0, len(ids), batch):
        with transaction.atomic():
            resumes = list(
                Resume.objects.select_for_update()
                .filter(pk__in=ids[start : start + batch])
                .prefetch_related("entries")
            )
            stale = []
            for resume in resumes:
                months = experience_months(resume.entries.all())
                if months != resume.experience_months:
                    resume.experience_months = months
                    stale.append(resume)
            Resume.objects.bulk_update(stale, ["experience_months"])
            if stale:
                _index_later(resume.pk for resume in stale)
                record_event(
                    actor,
                    "resumes.experience_refreshed",
                    object_type="resumes.Resume",
                    after={"count": len(stale)},
                )
            changed += len(stale)
    return changed


# --- sections -------------------------------------------------------------------------


def add_entry(
    resume: Resume, kind: str, data: Mapping[str, object], *, actor: Actor
) -> ResumeEntry:
    """Append an item to a section (a job, a project, a school, a course, a certificate)."""
    clean = clean_entry(kind, data)
    with transaction.atomic():
        resume = _locked(resume)
        existing = resume.entries.filter(kind=kind)
        if existing.count() >= MAX_ENTRIES_PER_SECTION:
            raise resume_error(ResumeErrorCode.ENTRY_LIMIT)
        last = existing.aggregate(last=Max("position"))["last"]
        entry = ResumeEntry.objects.create(
            resume=resume, kind=kind, position=0 if last is None else last + 1, **clean
        )
        _refresh(resume)
        record_event(actor, "resumes.entry_added", entry, after={"kind": kind})
    return entry


def update_entry(entry: ResumeEntry, data: Mapping[str, object], *, actor: Actor) -> ResumeEntry:
    clean = clean_entry(entry.kind, data)
    with transaction.atomic():
        resume = _locked(entry.resume)
        entry = ResumeEntry.objects.get(pk=entry.pk)
        changed = sorted(name for name, value in clean.items() if getattr(entry, name) != value)
        for name, value in clean.items():
            setattr(entry, name, value)
        entry.save()
        _refresh(resume)
        record_event(actor, "resumes.entry_updated", entry, after={"fields": changed})
    return entry


def delete_entry(entry: ResumeEntry, *, actor: Actor) -> None:
    with transaction.atomic():
        resume = _locked(entry.resume)
        record_event(actor, "resumes.entry_deleted", entry, after={"kind": entry.kind})
        entry.delete()
        _refresh(resume)


def reorder_entries(
    resume: Resume, kind: str, entry_ids: Sequence[Id], *, actor: Actor
) -> list[ResumeEntry]:
    """Put the entries of one section in the order of ``entry_ids`` (every entry once)."""
    with transaction.atomic():
        resume = _locked(resume)
        entries = {str(entry.pk): entry for entry in resume.entries.filter(kind=kind)}
        wanted = [str(entry_id) for entry_id in entry_ids]
        if sorted(wanted) != sorted(entries) or len(set(wanted)) != len(wanted):
            raise resume_error(ResumeErrorCode.ORDER, field="entry_ids")
        ordered = [entries[key] for key in wanted]
        for position, entry in enumerate(ordered):
            entry.position = position
        ResumeEntry.objects.bulk_update(ordered, ["position"])
        _refresh(resume)
        record_event(actor, "resumes.entries_reordered", resume, after={"kind": kind})
    return ordered


def move_entry(entry: ResumeEntry, step: int, *, actor: Actor) -> None:
    """Move an entry one place up (``-1``) or down (``+1``) in its section."""
    siblings = list(
        entry.resume.entries.filter(kind=entry.kind).order_by("position", "-start", "created_at")
    )
    ids = [sibling.pk for sibling in siblings]
    index = ids.index(entry.pk)
    target = index + (1 if step > 0 else -1)
    if 0 <= target < len(ids):
        ids[index], ids[target] = ids[target], ids[index]
        reorder_entries(entry.resume, entry.kind, ids, actor=actor)


# --- attachments ----------------------------------------------------------------------


def add_attachment(
    resume: Resume, upload: UploadedFile | None, *, title: str = "", actor: Actor
) -> ResumeAttachment:
    """Attach a PDF, DOCX or image, checked like every upload; the text of a PDF or DOCX is
    extracted (for the seeker's own search and the CV import)."""
    if resume.attachments.count() >= MAX_ATTACHMENTS:
        raise resume_error(ResumeErrorCode.ATTACHMENT_LIMIT)
    label = " ".join((title or "").split())[:60]
    with transaction.atomic():
        resume = _locked(resume)
        stored = store_upload(
            upload,
            purpose=ATTACHMENT_PURPOSE,
            accept=ATTACHMENT_KINDS,
            owner=resume.owner,
            actor=actor,
        )
        text = extract_text(read_bytes(stored), stored.kind)
        attachment = ResumeAttachment.objects.create(
            resume=resume,
            file=stored,
            title=label or stored.original_name[:60],
            extracted_text=text,
        )
        record_event(actor, "resumes.attachment_added", attachment, after={"file": str(stored.pk)})
    return attachment


def delete_attachment(attachment: ResumeAttachment, *, actor: Actor) -> None:
    """Remove the attachment from the resume (the stored file follows the files app's
    retention)."""
    with transaction.atomic():
        record_event(
            actor,
            "resumes.attachment_deleted",
            attachment,
            after={"file": str(attachment.file_id)},
        )
        attachment.delete()


def set_photo(resume: Resume, upload: UploadedFile | None, *, actor: Actor) -> Resume:
    """An optional photo (DIS-09): re-encoded without metadata like every image upload,
    never a search filter, shown only with a full resume (after an application)."""
    with transaction.atomic():
        resume = _locked(resume)
        stored = store_upload(
            upload, purpose=PHOTO_PURPOSE, accept=IMAGE_KINDS, owner=resume.owner, actor=actor
        )
        resume.photo = stored
        resume.save(update_fields=["photo", "updated_at"])
        record_event(actor, "resumes.photo_set", resume, after={"file": str(stored.pk)})
    return resume


def remove_photo(resume: Resume, *, actor: Actor) -> Resume:
    with transaction.atomic():
        resume = _locked(resume)
        if resume.photo_id is not None:
            resume.photo = None
            resume.save(update_fields=["photo", "updated_at"])
            record_event(actor, "resumes.photo_removed", resume)
    return resume


# --- hidden organisations --------------------------------------------------------------


def hide_organisation(
    owner: User,
    *,
    organisation: Organisation | None = None,
    uscc: str = "",
    actor: Actor,
) -> HiddenOrganisation:
    """Hide every resume of ``owner`` from an organisation (PI-05 (b)), chosen from the
    verified organisations or by its unified social credit code. The match is on the USCC,
    so the organisation stays hidden if it renames itself."""
    if not can_keep_resumes(owner):
        raise resume_error(ResumeErrorCode.NOT_SEEKER)
    if organisation is None:
        code = validate_uscc(uscc)
        organisation = find_by_uscc(code)
        name = organisation.legal_name if organisation is not None else code
    else:
        code, name = organisation.uscc, organisation.legal_name
    try:
        with transaction.atomic():
            hidden = HiddenOrganisation.objects.create(
                owner=owner, uscc=code, name=name[:100], organisation=organisation
            )
            record_event(actor, "resumes.organisation_hidden", hidden, after={"uscc": code})
            _owner_resumes_changed(owner)
    except IntegrityError:
        raise resume_error(ResumeErrorCode.ALREADY_HIDDEN, field="uscc") from None
    return hidden


def unhide_organisation(hidden: HiddenOrganisation, *, actor: Actor) -> None:
    with transaction.atomic():
        record_event(actor, "resumes.organisation_unhidden", hidden, after={"uscc": hidden.uscc})
        owner = hidden.owner
        hidden.delete()
        _owner_resumes_changed(owner)


# --- views and downloads by organisations (PI-08, PI-09) --------------------------------


def record_view(
    resume: Resume,
    *,
    org: Organisation,
    viewer: User | None,
    kind: str,
    source: str,
    posting: JobPosting | None = None,
    actor: Actor,
) -> ResumeView:
    """Record that ``org`` (its member ``viewer``) viewed, downloaded or saw the contact
    details of ``resume`` (PI-08); the seeker sees it in "who viewed me"."""
    if kind not in ViewKind.values or source not in ViewSource.values:
        raise ValueError(f"unknown view kind or source: {kind!r}, {source!r}")
    with transaction.atomic():
        view = ResumeView.objects.create(
            resume=resume,
            seeker_id=resume.owner_id,
            organisation=org,
            viewer=viewer,
            posting=posting,
            kind=kind,
            source=source,
        )
        record_event(
            actor,
            f"resumes.{kind}ed" if kind != ViewKind.VIEW else "resumes.viewed",
            resume,
            after={"organisation": str(org.pk), "source": source, "view": str(view.pk)},
        )
    return view


def download_resume(resume: Resume, *, org: Organisation, viewer: User, actor: Actor) -> ResumeView:
    """Allow and record a download of ``resume`` by ``org`` (PI-07, PI-09): never for an HR
    agency, only for a resume sent to ``org`` (application or accepted invitation), at most
    ``RESUMES_DOWNLOADS_PER_ORG_PER_DAY`` per organisation per day (429 beyond). The caller
    renders the watermarked copy."""
    if not may_download(org):
        raise resume_error(ResumeErrorCode.AGENCY_DOWNLOAD)
    if not access.sent_to_org(org, resume):
        raise resume_error(ResumeErrorCode.DOWNLOAD_NOT_ALLOWED)
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=org.pk).first()
        since = timezone.now() - dt.timedelta(days=1)
        used = ResumeView.objects.filter(
            organisation=org, kind=ViewKind.DOWNLOAD, created_at__gte=since
        ).count()
        if used >= settings.RESUMES_DOWNLOADS_PER_ORG_PER_DAY:
            raise quota_error(retry_after=3600)
        applied = resume.applications.filter(organisation=org).exclude(status="withdrawn")
        source = ViewSource.APPLICATION if applied.exists() else ViewSource.INVITATION
        return record_view(
            resume, org=org, viewer=viewer, kind=ViewKind.DOWNLOAD, source=source, actor=actor
        )


# --- CV import ------------------------------------------------------------------------


def apply_import(
    owner: User,
    resume: Resume | None,
    *,
    fields: Mapping[str, object],
    entries: Sequence[tuple[str, Mapping[str, object]]],
    skills: Sequence[str],
    title: str = "",
    actor: Actor,
) -> Resume:
    """Save what the seeker confirmed of a CV import, and nothing else: ``fields`` (some of
    full name, phone, e-mail, self-assessment), section ``entries`` as ``(kind, data)`` and
    ``skills`` (added at level "good" unless already listed). Into ``resume``, or into a new
    resume (invisible, PI-05) when it is None. Everything is checked as in the editor, and
    either all confirmed items are saved or none."""
    allowed = {"full_name", "phone", "email", "self_assessment"}
    values = {name: value for name, value in fields.items() if name in allowed}
    if not values and not entries and not skills:
        raise resume_error(ResumeErrorCode.NOTHING_CONFIRMED)
    with transaction.atomic():
        if resume is None:
            new_fields: dict[str, Any] = {
                "title": title or gettext("My resume"),
                "language": ResumeLanguage.CHINESE,
                "full_name": values.get("full_name") or owner.real_name or "",
            }
            target = create_resume(owner, {**new_fields, **values}, actor=actor)
        else:
            target = update_resume(resume, values, actor=actor) if values else resume
        for index, (kind, data) in enumerate(entries):
            try:
                add_entry(target, kind, data, actor=actor)
            except DomainError as error:  # say which of the confirmed entries it was
                where = {f"entries.{index}.{name}": text for name, text in error.fields.items()}
                raise DomainError(
                    error.code,
                    error.message,
                    fields=where,
                    status=error.status,
                    extra={"entry": index},
                ) from None
        if skills:
            listed = list(target.skills)
            names = {str(item.get("name", "")).casefold() for item in listed}
            for skill in skills:
                name = " ".join(str(skill).split())
                if name and name.casefold() not in names and len(listed) < MAX_SKILLS:
                    listed.append({"name": name, "level": SkillLevel.GOOD})
                    names.add(name.casefold())
            target = update_resume(target, {"skills": listed}, actor=actor)
        record_event(
            actor,
            "resumes.imported",
            target,
            after={"fields": sorted(values), "entries": len(entries), "skills": len(skills)},
        )
    return target
