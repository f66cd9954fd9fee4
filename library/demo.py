"""Demo data of the workspaces (idempotent): libraries of groups 4 and 1 with folders, documents in
several versions by different people, one reservado and one interno that never leave the
workspace, two público ones on the public portal, evidence linked to a plan product and a document
linked to an agenda item of today's plenary. Written through the services, as their users would."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from members.models import Subgroup, WorkingGroup
from sessions.models import Session
from workplans.models import PlanLine

from . import services
from .models import Classification, Document


def demo_pdf(title: str, body: str) -> bytes:
    """A one-page PDF with a title and a line of text, small and valid (a real reader opens it)."""

    def escape(text: str) -> str:
        return (
            text.encode("latin-1", "replace")
            .decode("latin-1")
            .replace("\\", "\\\\")
            .replace("(", "\\(")
            .replace(")", "\\)")
        )

    stream = f"BT /F1 16 Tf 72 760 Td ({escape(title)}) Tj ET\nBT /F1 11 Tf 72 730 Td ({escape(body)}) Tj ET\n"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}endstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _upload(name: str, title: str, body: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, demo_pdf(title, body), content_type="application/pdf")


# workspace (group number or subgroup code), folder, title, classification, author, versions (author, note)
DEMO_DOCUMENTS: list[tuple[str, str, str, str, str, list[tuple[str, str]]]] = [
    (
        "4",
        "Guías y cartillas",
        "Guía de trámites migratorios para personas extranjeras",
        Classification.PUBLIC,
        "st",
        [("coordinador", "Actualiza los requisitos de la calidad migratoria humanitaria.")],
    ),
    (
        "4",
        "Propuestas en deliberación",
        "Propuesta de protocolo de atención a personas extranjeras en situación de vulnerabilidad",
        Classification.RESERVED,
        "coordinador",
        [("responsable", "Observaciones del Ministerio del Interior."), ("coordinador", "Versión para el Pleno.")],
    ),
    ("4", "Actas de reunión", "Acta de la reunión del Grupo 4 (marzo)", Classification.INTERNAL, "coordinador", []),
    (
        "4.1",
        "",
        "Informe de avance del subgrupo 4.1: convenios con gobiernos regionales",
        Classification.INTERNAL,
        "responsable",
        [("responsable", "Incluye el convenio firmado con el Gobierno Regional de Tumbes.")],
    ),
    ("1", "", "Cartilla informativa para peruanos que retornan al país", Classification.PUBLIC, "st", []),
]


def load(stdout: Any) -> None:
    created = _load()
    stdout.write(f"  library: {created} documents created ({len(DEMO_DOCUMENTS)} in the demo)")


def _workspace(key: str) -> WorkingGroup | Subgroup | None:
    if "." in key:
        return Subgroup.objects.filter(code=key).first()
    return WorkingGroup.objects.filter(number=int(key)).first()


@transaction.atomic
def _load() -> int:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["st", "coordinador", "responsable"])}
    if len(users) < 3:
        return 0  # the members demo creates these users; without them there is nobody to write
    created = 0
    folders: dict[tuple[str, str], Any] = {}
    for key, folder_name, title, classification, author, versions in DEMO_DOCUMENTS:
        workspace = _workspace(key)
        if workspace is None or Document.objects.filter(title=title).exists():
            continue
        folder = None
        if folder_name:
            folder = folders.get((key, folder_name))
            if folder is None:
                folder = services.folder_create(actor=users["coordinador"], workspace=workspace, name=folder_name)
                folders[(key, folder_name)] = folder
        document = services.document_create(
            actor=users[author],
            workspace=workspace,
            title=title,
            file=_upload("documento.pdf", title, "Versión 1"),
            classification=classification,
            folder=folder,
            note="Primera versión.",
        )
        for number, (who, note) in enumerate(versions, start=2):
            services.version_add(
                actor=users[who],
                document=document,
                file=_upload("documento.pdf", title, f"Versión {number}"),
                note=note,
            )
        created += 1
    _link_demo(users)
    return created


def _link_demo(users: dict[str, Any]) -> None:
    report = Document.objects.filter(subgroup__code="4.1").first()
    line = (
        PlanLine.objects.filter(subgroup__code="4.1", version__plan__current_version__isnull=False)
        .order_by("-version__plan__year", "position")
        .first()
    )
    if report is not None and line is not None:
        services.link_to_line(actor=users["responsable"], document=report, line=line)
    proposal = Document.objects.filter(classification=Classification.RESERVED, group__number=4).first()
    session = Session.objects.filter(series="ordinary", number=27).first()
    # The item where group 4 reports to the Plenary (the sessions demo's agenda): where the group's proposal goes.
    item = session.agenda_items.filter(presenter__acronym="MIGRACIONES").first() if session is not None else None
    if proposal is not None and item is not None:
        services.link_to_agenda_item(actor=users["st"], document=proposal, item=item)
