"""PDF rendering with WeasyPrint: A4, Spanish, fonts shipped in static/fonts, no network fetches.

Only ``file://`` URLs under the project's static folder are fetched; anything else is refused, so
a stray link in user text can never make the worker reach the network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

STATIC_ROOT_DIR = Path(settings.BASE_DIR) / "static"


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


def render_pdf(template: str, context: dict[str, Any], *, archival: bool = False) -> bytes:
    """Render ``template`` to PDF bytes; ``archival`` produces PDF/A-3u for the archive."""
    from weasyprint import HTML

    context = {**context, "font_dir": STATIC_ROOT_DIR.joinpath("fonts").as_uri()}
    with translation.override("es"):
        html = render_to_string(template, context)
    document = HTML(string=html, base_url=STATIC_ROOT_DIR.as_uri() + "/", url_fetcher=_fetcher())
    options: dict[str, Any] = {"pdf_variant": "pdf/a-3u"} if archival else {}
    return document.write_pdf(**options)
