"""Downloads of stored files: every file of the platform is served by a view that asked the access
layer first, never by a public URL."""

from __future__ import annotations

import mimetypes

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def file_download(field: FieldFile, *, filename: str = "", inline: bool = False) -> FileResponse:
    """Answer with the bytes of ``field``; uploaded files are attachments (never rendered by the
    browser) and no file is sniffed into another type."""
    if not field or not field.name:
        raise Http404
    name = filename or field.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=not inline, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
