"""Stored files: what may be uploaded, and how any file leaves the platform.

No file has a public URL (there is no /media/ route under any settings): every download is a view
that asked the access layer first, then ``file_download``. In production the view only decides;
the bytes are sent by the web server in front (nginx ``X-Accel-Redirect`` to an ``internal``
location, see docker-compose.yml), so a large file never occupies a gunicorn worker.

A protected file has one address for the browser and for REST clients: its download view derives
from ``ProtectedFileView``, which also takes an API token (``mtigm.core.token_auth``), so the
``download`` links the API gives work with the same token as the API itself.
"""

from __future__ import annotations

import mimetypes
import uuid
import zipfile
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.template.defaultfilters import filesizeformat
from django.utils.http import content_disposition_header
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext as _
from django.views import View

from . import audit

# Accepted uploads, recognised by their content: (extension, MIME type, label shown to users).
PDF = ("pdf", "application/pdf", "PDF")
ODT = ("odt", "application/vnd.oasis.opendocument.text", "ODT")
ODS = ("ods", "application/vnd.oasis.opendocument.spreadsheet", "ODS")
DOCX = ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX")
XLSX = ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX")
PNG = ("png", "image/png", "PNG")
JPEG = ("jpg", "image/jpeg", "JPEG")
DOCUMENT_TYPES = (PDF, ODT, DOCX, ODS, XLSX, PNG, JPEG)
ODF_MIMETYPES = {ODT[1]: ODT, ODS[1]: ODS}
OOXML_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX}


def _zip_kind(upload: Any) -> tuple[str, str, str] | None:
    """ODF and Office Open XML files are ZIP archives; what is inside says which one it is."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                # Read only the first bytes: the entry could be a small file that inflates enormously.
                with archive.open("mimetype") as entry:
                    return ODF_MIMETYPES.get(entry.read(100).decode("ascii", "replace").strip())
            if "[Content_Types].xml" in names:
                return next((kind for part, kind in OOXML_PARTS.items() if part in names), None)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    return None


def sniff(upload: Any) -> tuple[str, str, str] | None:
    """The accepted type of ``upload`` by its first bytes (and, for ZIP-based formats, its parts)."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    kind: tuple[str, str, str] | None = None
    if head.startswith(b"%PDF-"):
        kind = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        kind = JPEG
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(upload)
        upload.seek(0)
    return kind


def accepted_types_text(types: tuple[tuple[str, str, str], ...] = DOCUMENT_TYPES) -> str:
    return ", ".join(label for _ext, _mime, label in types)


def validate_document_upload(upload: Any) -> None:
    """Refuse a file over the size limit or of a type not accepted, naming both (400 in the API)."""
    limit = settings.UPLOAD_MAX_BYTES
    allowed = _("Se aceptan %(types)s de hasta %(size)s.") % {
        "types": accepted_types_text(),
        "size": filesizeformat(limit),
    }
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("El archivo pesa %(size)s.") % {"size": filesizeformat(upload.size)} + " " + allowed,
            code="file_too_large",
        )
    kind = sniff(upload)
    if kind is None:
        raise ValidationError(
            _("El contenido del archivo no es de un tipo aceptado.") + " " + allowed, code="file_type"
        )
    if isinstance(upload, UploadedFile):
        # The stored name ends with the extension of what the file is, whatever it was called.
        upload.name = safe_name(upload.name or "", extension=kind[0])


def safe_name(name: str, *, extension: str) -> str:
    """A file name safe on any disk and in any header: ASCII, no path, bounded, the right extension."""
    stem = slugify(get_valid_filename(name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).rsplit(".", 1)[0])[:80]
    # A random prefix: stored names are neither guessable nor able to collide.
    return f"{uuid.uuid4().hex[:12]}-{stem or 'documento'}.{extension}"


class ProtectedFileView(View):
    """The download of a protected file: a page route (gated by the access matrix as any page) that
    also authenticates an API token sent in the ``Authorization`` header, for GET only."""

    accepts_api_token = True
    http_method_names = ["get", "head", "options"]


def file_download(
    request: HttpRequest, field: FieldFile, *, filename: str = "", inline: bool = False
) -> HttpResponseBase:
    """Answer with the bytes of ``field``; uploaded files are attachments (never rendered by the
    browser), no file is sniffed into another type, and each download is in the security log."""
    if not field or not field.name:
        raise Http404
    name = filename or field.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response: HttpResponseBase
    accel = settings.PROTECTED_MEDIA_ACCEL_PREFIX
    if accel:
        if not field.storage.exists(field.name):
            raise Http404
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel + quote(field.name)
        response["Content-Disposition"] = content_disposition_header(not inline, name) or ""
    else:
        try:
            handle = field.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, as_attachment=not inline, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    audit.record(audit.Kind.DOWNLOAD, request=request, detail=name)
    return response
