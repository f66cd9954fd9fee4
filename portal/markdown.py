"""Markdown of the news, rendered safely: what the Secretaría Técnica writes is text, never markup.

Raw HTML is not parsed (it is shown escaped, as typed), images are not rendered (a news item has one
image of its own, served by the platform), and a link survives only with an http, https or mailto
address: ``javascript:``, ``data:`` and the like are left as plain text.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

ALLOWED_SCHEMES = ("http://", "https://", "mailto:")


def _safe_link(url: str) -> bool:
    return url.strip().lower().startswith(ALLOWED_SCHEMES)


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.disable(["image", "html_block", "html_inline"])
    # markdown-it calls validateLink on every link and autolink; a refused one stays as text.
    parser.validateLink = _safe_link  # type: ignore[method-assign]
    return parser


_PARSER = _parser()


def render_markdown(text: str) -> str:
    """The HTML of ``text``: safe to mark safe in a template."""
    return _PARSER.render(text or "")
