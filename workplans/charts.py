"""Server-rendered SVG charts: the same markup shows in the browser and prints in the PDFs."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

MONTH_INITIALS = ["E", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"]


def _color(percent: int | None) -> str:
    if percent is None:
        return "#c8ccd2"
    if percent >= 75:
        return "#2e7d32"
    if percent >= 40:
        return "#f0a202"
    return "#c62828"


def progress_bars(rows: list[tuple[str, int | None]], *, width: int = 640, title: str = "") -> SafeString:
    """Horizontal bars (label, percent or None for "no report")."""
    label_w, bar_h, gap = 150, 18, 8
    height = len(rows) * (bar_h + gap) + 30
    bar_w = width - label_w - 50
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" font-family="DejaVu Sans, sans-serif" font-size="12">'
    ]
    for tick in (0, 25, 50, 75, 100):
        x = label_w + bar_w * tick / 100
        parts.append(f'<line x1="{x:.1f}" y1="4" x2="{x:.1f}" y2="{height - 22}" stroke="#e3e6ea"/>')
        parts.append(f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle" fill="#666">{tick}%</text>')
    for i, (label, percent) in enumerate(rows):
        y = 6 + i * (bar_h + gap)
        parts.append(f'<text x="{label_w - 8}" y="{y + 13}" text-anchor="end">{escape(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="{bar_h}" fill="#f1f3f5" rx="3"/>')
        if percent is None:
            parts.append(f'<text x="{label_w + 6}" y="{y + 13}" fill="#666">{escape(_("sin informe"))}</text>')
            continue
        w = bar_w * max(0, min(percent, 100)) / 100
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{_color(percent)}" rx="3"/>')
        parts.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 13}">{percent}%</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label is escaped above


def gantt(rows: list[tuple[str, list[int], bool]], *, width: int = 760, current_month: int | None = None) -> SafeString:
    """Month grid (label, months, delivered): the plan's schedule against the year."""
    label_w, row_h = 260, 18
    cell = (width - label_w) / 12
    height = 22 + len(rows) * row_h + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(_("Cronograma"))}" font-family="DejaVu Sans, sans-serif" font-size="10">'
    ]
    for m in range(12):
        x = label_w + m * cell
        fill = "#fff4d6" if current_month == m + 1 else ("#f7f8fa" if m % 2 else "#fff")
        parts.append(f'<rect x="{x:.1f}" y="0" width="{cell:.1f}" height="{height}" fill="{fill}"/>')
        parts.append(f'<text x="{x + cell / 2:.1f}" y="14" text-anchor="middle" fill="#555">{MONTH_INITIALS[m]}</text>')
    for i, (label, months, delivered) in enumerate(rows):
        y = 20 + i * row_h
        short = label if len(label) <= 44 else label[:43] + "…"
        parts.append(f'<text x="4" y="{y + 12}">{escape(short)}</text>')
        parts.append(f'<line x1="0" y1="{y + row_h}" x2="{width}" y2="{y + row_h}" stroke="#eceff3"/>')
        color = "#2e7d32" if delivered else "#1f6feb"
        for month in months:
            x = label_w + (month - 1) * cell
            parts.append(
                f'<rect x="{x + 2:.1f}" y="{y + 3}" width="{cell - 4:.1f}" height="{row_h - 6}" fill="{color}" rx="2"/>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - labels escaped


def donut(done: int, total: int, *, label: str = "") -> SafeString:
    """A ring showing done/total (products delivered, reports filed)."""
    import math

    r, c = 40, 2 * math.pi * 40
    share = done / total if total else 0
    return mark_safe(  # noqa: S308 - numbers and an escaped label only
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 110 110" width="110" height="110" role="img" '
        f'aria-label="{escape(label)}" font-family="DejaVu Sans, sans-serif">'
        f'<circle cx="55" cy="55" r="{r}" fill="none" stroke="#e3e6ea" stroke-width="12"/>'
        f'<circle cx="55" cy="55" r="{r}" fill="none" stroke="#2e7d32" stroke-width="12" '
        f'stroke-dasharray="{c * share:.1f} {c:.1f}" transform="rotate(-90 55 55)"/>'
        f'<text x="55" y="60" text-anchor="middle" font-size="16">{done}/{total}</text></svg>'
    )
