"""PDF rendering with WeasyPrint: A4, Spanish, fonts shipped in static/fonts, no network fetches.

Only ``file://`` URLs under the project's static folder are fetched; anything else is refused, so
a stray link in user text can never make the worker reach the network or read other files. Every
PDF of the platform (call letters, actas, invitation letters, work-plan reports) is rendered here,
and only inside Celery tasks, never in a request.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

STATIC_ROOT_DIR = Path(settings.BASE_DIR) / "static"
FONT_DIR = STATIC_ROOT_DIR / "fonts"


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("file://"):
                raise ValueError(f"Refusing to fetch {url!r}: PDFs only use shipped files")
            path = Path(unquote(url.removeprefix("file://").split("?")[0])).resolve()
            if STATIC_ROOT_DIR.resolve() not in path.parents:
                raise ValueError(f"Refusing to read {path}: outside static/")
            return super().fetch(url, headers)

    return StaticOnlyFetcher(allowed_protocols={"file"})


ARCHIVE_VARIANT = "pdf/a-3u"


def _document(template: str, context: dict[str, Any]) -> Any:
    """The WeasyPrint HTML document of ``template`` rendered in Spanish.

    Templates find the shipped fonts in ``font_dir`` (and ``font_regular`` / ``font_bold``).
    """
    from weasyprint import HTML  # imported here: the web process never renders PDFs

    context = {
        **context,
        "font_dir": FONT_DIR.as_uri(),
        "font_regular": (FONT_DIR / "DejaVuSans.ttf").as_uri(),
        "font_bold": (FONT_DIR / "DejaVuSans-Bold.ttf").as_uri(),
    }
    with translation.override("es"):
        html = render_to_string(template, context)
    return HTML(string=html, base_url=STATIC_ROOT_DIR.as_uri() + "/", url_fetcher=_fetcher())


def render_pdf(template: str, context: dict[str, Any], *, archival: bool = False) -> bytes:
    """Render ``template`` to PDF bytes; ``archival`` produces PDF/A-3u for the archive."""
    options: dict[str, Any] = {"pdf_variant": ARCHIVE_VARIANT} if archival else {}
    return _document(template, context).write_pdf(**options)


def render_pdf_copies(template: str, context: dict[str, Any]) -> tuple[bytes, bytes]:
    """The reading copy and the PDF/A-3u archive copy of one document from one layout pass: the
    pages are laid out once (the costly part) and written twice."""
    laid_out = _document(template, context).render(pdf_variant=ARCHIVE_VARIANT)
    return laid_out.write_pdf(), laid_out.write_pdf(pdf_variant=ARCHIVE_VARIANT)
