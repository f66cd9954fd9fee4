"""The Informe País as files: requesting a render (the ST) and composing the editable ODT.

The PDF is rendered with WeasyPrint from the same template fragment the Informe País page shows
(``compact/_informe_content.html``); the ODT is an OpenDocument text built with the standard
library (``mimetype`` stored first and uncompressed, the manifest, a minimal style and the content
with headings, the narratives and one table per objective), so it opens and edits in LibreOffice.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from django.db import transaction
from django.utils.translation import gettext as _

from mtigm.core import access
from mtigm.core.dispatch import after_commit
from mtigm.core.exports import xml_text
from mtigm.core.rendering import in_flight

from .models import Consultation, InformeDocument

RENDER_TASK = "compact.tasks.render_informe_document"
ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"


def _escape(value: str) -> str:
    """Text for the document's XML: escaped, without the characters XML 1.0 cannot hold."""
    return xml_escape(xml_text(value))


@transaction.atomic
def informe_document_request(*, actor: Any, consultation: Consultation) -> InformeDocument:
    """Queue the PDF and ODT of the consultation's Informe País (the ST); one already queued or
    running answers instead of a second one."""
    access.require(actor, "informe_document.request", consultation)
    Consultation.objects.select_for_update().filter(pk=consultation.pk).first()
    pending = InformeDocument.objects.filter(in_flight(), consultation=consultation).order_by("-created_at").first()
    if pending is not None:
        return pending
    document = InformeDocument.objects.create(consultation=consultation, requested_by=actor)
    after_commit(RENDER_TASK, document.pk)
    return document


# --- ODT ------------------------------------------------------------------------------------------

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
)
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    f'<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="{ODT_MIMETYPE}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
STYLES = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<office:document-styles {NS} office:version="1.2"><office:styles>'
    '<style:default-style style:family="paragraph"><style:text-properties fo:font-size="11pt"/></style:default-style>'
    '<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph">'
    '<style:text-properties fo:font-size="16pt" fo:font-weight="bold"/></style:style>'
    '<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph">'
    '<style:text-properties fo:font-size="14pt" fo:font-weight="bold"/></style:style>'
    '<style:style style:name="Heading_20_3" style:display-name="Heading 3" style:family="paragraph">'
    '<style:text-properties fo:font-size="12pt" fo:font-weight="bold"/></style:style>'
    "</office:styles></office:document-styles>"
)


def _text(value: str) -> str:
    """Escaped text whose line breaks are ODF line breaks."""
    return "<text:line-break/>".join(_escape(line) for line in (value or "").splitlines())


def _p(value: str) -> str:
    return f"<text:p>{_text(value)}</text:p>"


def _h(level: int, value: str) -> str:
    return f'<text:h text:style-name="Heading_20_{level}" text:outline-level="{level}">{_escape(value)}</text:h>'


def _cell(value: str) -> str:
    return f'<table:table-cell office:value-type="string">{_p(value)}</table:table-cell>'


def odt_bytes(consultation: Consultation, sections: list[dict[str, Any]]) -> bytes:
    """The Informe País of ``sections`` (``selectors.informe_pais``) as an ODT document."""
    body = [
        _h(1, _("Informe País sobre la implementación del Pacto Mundial para la Migración")),
        _p(
            f"{consultation.title} · {_('Periodo informado')}: "
            f"{consultation.period_start:%d/%m/%Y} – {consultation.period_end:%d/%m/%Y}"
        ),
    ]
    headers = [_("Entidad"), _("Estrategia o acción"), _("Resultado"), _("Dificultades o desafíos")]
    table_number = 0
    for section in sections:
        body.append(_h(2, str(section["area"])))
        narrative = section["narrative"]
        for paragraph in (narrative.text if narrative else "").split("\n\n"):
            if paragraph.strip():
                body.append(_p(paragraph.strip()))
        for row in section["objectives"]:
            body.append(_h(3, str(row["objective"])))
            if not row["contributions"]:
                body.append(_p(_("Sin aportes aceptados para este objetivo.")))
                continue
            table_number += 1
            rows = ["<table:table-header-rows><table:table-row>"]
            rows += [_cell(h) for h in headers]
            rows.append("</table:table-row></table:table-header-rows>")
            for c in row["contributions"]:
                action = (
                    f"{c.title} ({c.get_criterion_display()}{', ' + c.period if c.period else ''})\n{c.description}"
                )
                rows.append("<table:table-row>")
                rows += [
                    _cell(c.entity.acronym),
                    _cell(action),
                    _cell(c.results or "—"),
                    _cell(c.difficulties_challenges or "—"),
                ]
                rows.append("</table:table-row>")
            body.append(
                f'<table:table table:name="{_escape(_("Tabla"))} {table_number}">'
                '<table:table-column table:number-columns-repeated="4"/>' + "".join(rows) + "</table:table>"
            )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-content {NS} office:version="1.2"><office:body><office:text>'
        + "".join(body)
        + "</office:text></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # The mimetype first and stored (not compressed), as ODF requires to recognise the file.
        archive.writestr(zipfile.ZipInfo("mimetype"), ODT_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("styles.xml", STYLES, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
