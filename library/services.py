"""Writes of the document library: every one checks its permission first (the access layer), then
changes the database in one transaction."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from members.models import Subgroup, WorkingGroup
from mtigm.core import access
from mtigm.core.files import validate_document_upload
from mtigm.core.services import model_update
from sessions.models import AgendaItem
from workplans.models import PlanLine

from .models import Classification, DigestOptOut, Document, DocumentLink, DocumentVersion, Folder

NOT_YOURS = _(
    "Solo los representantes de las entidades del grupo, su coordinación y la Secretaría Técnica escriben en esta biblioteca."
)


def _workspace_kwargs(workspace: WorkingGroup | Subgroup) -> dict[str, Any]:
    return {"group": workspace} if isinstance(workspace, WorkingGroup) else {"subgroup": workspace}


def _check_classification(actor: Any, document: Document, classification: str) -> None:
    if classification not in Classification.values:
        raise ValidationError({"classification": _("Elija una clasificación de la lista.")}, code="invalid_choice")
    public_before = document.pk is not None and document.classification == Classification.PUBLIC
    if (classification == Classification.PUBLIC or public_before) and classification != document.classification:
        access.require(
            actor,
            "library.classify_public",
            document,
            message=_(
                "Solo la Secretaría Técnica clasifica un documento como público o retira esa clasificación (Ley 27806)."
            ),
        )


def _check_folder(document: Document, folder: Folder | None) -> None:
    if folder is not None and (folder.group_id, folder.subgroup_id) != (document.group_id, document.subgroup_id):
        raise ValidationError({"folder": _("La carpeta pertenece a otro espacio de trabajo.")}, code="folder_workspace")


def _hash(upload: Any) -> tuple[str, int]:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1 << 16), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest(), upload.size or 0


def _add_version(*, actor: Any, document: Document, file: Any, note: str) -> DocumentVersion:
    original = (getattr(file, "name", "") or "")[:255]
    try:
        validate_document_upload(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}, code=error.code) from None
    sha256, size = _hash(file)
    number = (document.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = DocumentVersion.objects.create(
        document=document,
        number=number,
        file=file,
        original_name=original.rsplit("/", 1)[-1],
        size=size,
        sha256=sha256,
        note=note.strip(),
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    document.current_version = version
    document.save(update_fields=["current_version", "updated_at"])
    return version


@transaction.atomic
def document_create(
    *,
    actor: Any,
    workspace: WorkingGroup | Subgroup,
    title: str,
    file: Any,
    classification: str = Classification.INTERNAL,
    description: str = "",
    folder: Folder | None = None,
    note: str = "",
) -> Document:
    document = Document(
        title=title.strip(),
        description=description.strip(),
        folder=folder,
        created_by=actor if getattr(actor, "pk", None) else None,
        **_workspace_kwargs(workspace),
    )
    access.require(actor, "library.upload", document, message=NOT_YOURS)
    if not document.title:
        raise ValidationError({"title": _("Escriba el título del documento.")}, code="required")
    _check_folder(document, folder)
    _check_classification(actor, document, classification)
    document.classification = classification
    document.save()
    _add_version(actor=actor, document=document, file=file, note=note)
    return document


@transaction.atomic
def version_add(*, actor: Any, document: Document, file: Any, note: str = "") -> DocumentVersion:
    """A new version of a document; the earlier ones stay, with who uploaded them and when."""
    locked = Document.objects.select_for_update().get(pk=document.pk)
    access.require(actor, "library.upload", locked, message=NOT_YOURS)
    return _add_version(actor=actor, document=locked, file=file, note=note)


@transaction.atomic
def document_update(*, actor: Any, document: Document, **data: Any) -> Document:
    """Change the title, description, folder or classification of a document."""
    locked = Document.objects.select_for_update().get(pk=document.pk)
    access.require(actor, "library.upload", locked, message=NOT_YOURS)
    if "title" in data:
        data["title"] = data["title"].strip()
        if not data["title"]:
            raise ValidationError({"title": _("Escriba el título del documento.")}, code="required")
    if "folder" in data:
        _check_folder(locked, data["folder"])
    if "classification" in data:
        _check_classification(actor, locked, data["classification"])
    updated, _changed = model_update(
        instance=locked, fields=["title", "description", "folder", "classification"], data=data
    )
    return updated


@transaction.atomic
def folder_create(*, actor: Any, workspace: WorkingGroup | Subgroup, name: str) -> Folder:
    folder = Folder(
        name=name.strip(), created_by=actor if getattr(actor, "pk", None) else None, **_workspace_kwargs(workspace)
    )
    access.require(actor, "library.upload", folder, subject="library_folder", message=NOT_YOURS)
    if not folder.name:
        raise ValidationError({"name": _("Escriba el nombre de la carpeta.")}, code="required")
    folder.save()
    return folder


@transaction.atomic
def link_to_line(*, actor: Any, document: Document, line: PlanLine) -> DocumentLink:
    """Attach a document as evidence of a plan product of its workspace (Dir. 003 §6.4.3.4)."""
    access.require(actor, "library.upload", document, message=NOT_YOURS)
    own_group = document.group_id if document.subgroup is None else document.subgroup.group_id
    in_workspace = line.subgroup_id == document.subgroup_id or line.subgroup.group_id == own_group
    if not in_workspace:
        raise ValidationError(
            {
                "line": _(
                    "El producto no es de este grupo o subgrupo: solo se adjunta evidencia a los productos propios."
                )
            },
            code="line_workspace",
        )
    return _link(actor=actor, document=document, line=line)


@transaction.atomic
def link_to_agenda_item(*, actor: Any, document: Document, item: AgendaItem) -> DocumentLink:
    """Attach a document to an agenda item: who may attach documents to the item (the ST, or the
    presenting entity), when the document is theirs to file."""
    access.require(actor, "library.upload", document, message=NOT_YOURS)
    access.require(
        actor,
        "agenda_item.attach",
        item,
        message=_("Solo la Secretaría Técnica o la entidad que presenta el punto adjuntan documentos."),
    )
    return _link(actor=actor, document=document, agenda_item=item)


def _link(*, actor: Any, document: Document, **target: Any) -> DocumentLink:
    try:
        with transaction.atomic():
            return DocumentLink.objects.create(
                document=document, linked_by=actor if getattr(actor, "pk", None) else None, **target
            )
    except IntegrityError:
        # Linking twice is asking for what is already there.
        return DocumentLink.objects.get(document=document, **target)


@transaction.atomic
def link_remove(*, actor: Any, link: DocumentLink) -> None:
    access.require(actor, "library.upload", link.document, message=NOT_YOURS)
    link.delete()


@transaction.atomic
def digest_set(*, actor: Any, receive: bool) -> None:
    """Opt in or out of the daily digest of new documents (per person, opt-out)."""
    access.require(actor, "library.digest")
    if receive:
        DigestOptOut.objects.filter(user=actor).delete()
    else:
        DigestOptOut.objects.get_or_create(user=actor)
