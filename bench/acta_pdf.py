"""Seconds per page of the acta PDF against plain WeasyPrint for the same page count (issue 11, B6).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mtigm_pdf_bench \\
        DJANGO_SETTINGS_MODULE=mtigm.settings.local .venv/bin/python bench/acta_pdf.py

Builds a throwaway test database (Django's test runner machinery: ``test_`` + the name in
``DATABASE_URL``), holds a plenary through the services (21 member entities with their titulars
present, an observer, 14 agenda items with a summary and one ballot each, every entity's vote with
the reasons of those against or abstaining, the agreements certified), closes it and drafts its acta:
about 30 pages.

A is the acta as ``decisions.tasks.render_minutes_pdf`` renders it: the context
(``minutes_context``) and both copies, reading and PDF/A-3u, from one layout pass
(``mtigm.core.pdf.render_pdf_copies``). Every reference is plain WeasyPrint: simple HTML (headings,
paragraphs, tables without borders or padding), the shipped DejaVu font and A4 margins as the only
CSS, laid out once with ``HTML.render`` and written twice (reading and PDF/A-3u), exactly as A is:

- B6, the figure of issue 11: a plain document with the acta's mix per section (a heading, two
  paragraphs, a 21-row table), with as many sections as give the acta's page count;
- B6t, for comparison: text only (one table at the top), tuned to the same page count;
- B6c: the acta's own texts (attendance, items, motions, roll calls with reasons, agreements) in
  plain markup, on however many pages they take; compared per document, not per page.

A and the references are interleaved (A B A B) for ``ROUNDS`` rounds after a warm-up. It prints,
for each figure, the median of the per-round ratio with its min–max. B6 at 1.0 means a page of the
acta costs what a plain page of the same kind costs WeasyPrint; the target is at most 1.5. B6t says
how much dearer a page of tables is than a page of prose; B6c what the acta's styling (borders,
padding, headers, kept-together blocks, running headers) costs over the same texts unstyled.
Not run by the tests.
"""

from __future__ import annotations

import io
import logging
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mtigm.settings.local")

import django  # noqa: E402

django.setup()

from django.test.utils import setup_test_environment  # noqa: E402
from pypdf import PdfReader  # noqa: E402

ROUNDS = 5
MEMBERS = 21
ITEMS = 14

SUMMARY = (
    "La Secretaría Técnica presentó el asunto y el informe técnico que lo sustenta. Las entidades "
    "intervinieron sobre el alcance de la propuesta, su costo y los plazos de implementación; la "
    "Presidencia resumió las posiciones expresadas y sometió la moción a votación."
)
REASONS = (
    "La entidad considera que la propuesta requiere un análisis presupuestal previo y la opinión "
    "favorable de su órgano de asesoría jurídica."
)


def pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def build_acta() -> int:
    """Hold a plenary with many items, ballots and votes; return the id of its drafted acta."""
    from decisions import services
    from decisions.models import DecisionKind
    from sessions.models import AgendaItem
    from sessions.services import session_close
    from tests.decisions.factories import plenary

    p = plenary(MEMBERS)
    general = DecisionKind.objects.get(code="general")
    items = [p.item] + [
        AgendaItem.objects.create(
            session=p.session, position=n, title=f"Propuesta de lineamientos de gestión migratoria N° {n}"
        )
        for n in range(2, ITEMS + 1)
    ]
    summaries = {}
    for n, item in enumerate(items):
        summaries[str(item.pk)] = f"{SUMMARY}\n{SUMMARY}"
        ballot = services.ballot_open(
            actor=p.st,
            agenda_item=item,
            text=f"Aprobar la propuesta N° {n + 1} y encargar a la Secretaría Técnica su seguimiento",
            kind=general,
        )
        for index in range(MEMBERS):
            choice = ("yes", "yes", "yes", "no", "abstain")[(index + n) % 5]
            reasons = "" if choice == "yes" else REASONS
            services.vote_cast(actor=p.titular(index), ballot=ballot, choice=choice, reasons=reasons)
        services.ballot_close(actor=p.st, ballot=ballot)
        ballot.refresh_from_db()
        agreement = getattr(ballot, "agreement", None)
        if agreement is not None:
            services.agreement_certify(actor=p.st, agreement=agreement)
    session_close(actor=p.st, session=p.session)
    minutes = services.minutes_draft(actor=p.st, session=p.session)
    minutes = services.minutes_update(actor=p.st, minutes=minutes, summaries=summaries)
    return minutes.pk


def render_acta(minutes_id: int) -> tuple[bytes, bytes]:
    """What ``render_minutes_pdf`` does between claiming the acta and storing its two files."""
    from decisions.models import Minutes
    from decisions.tasks import minutes_context
    from mtigm.core.pdf import render_pdf_copies

    minutes = Minutes.objects.select_related("session", "approved_in_session", "supersedes").get(pk=minutes_id)
    return render_pdf_copies("decisions/pdf/minutes.html", minutes_context(minutes))


def plain_html(sections: int, *, tables: bool = True) -> str:
    """A plain document: a heading, two paragraphs and (``tables``) a 21-row table per section.

    Without ``tables`` it is text only, but for one 21-row table at the top."""
    from mtigm.core.pdf import FONT_DIR

    font = (FONT_DIR / "DejaVuSans.ttf").as_uri()
    bold = (FONT_DIR / "DejaVuSans-Bold.ttf").as_uri()
    rows = "".join(
        f"<tr><td>M{row}</td><td>Representante titular {row}</td><td>Titular</td><td>A favor</td><td>10:{row:02d}</td></tr>"
        for row in range(MEMBERS)
    )
    parts = [
        "<!DOCTYPE html><html lang='es'><head><meta charset='utf-8'><title>Referencia</title><style>",
        f"@font-face {{ font-family: 'DejaVu Sans'; src: url('{font}'); }}",
        f"@font-face {{ font-family: 'DejaVu Sans'; src: url('{bold}'); font-weight: bold; }}",
        "@page { size: A4; margin: 22mm 18mm 20mm 22mm; }",
        "html { font-family: 'DejaVu Sans'; font-size: 9.5pt; }",
        "</style></head><body><h1>Documento de referencia</h1>",
    ]
    if not tables:
        parts.append(f"<table>{rows}</table>")
    for n in range(sections):
        parts.append(f"<h2>Sección {n + 1}</h2><p>{SUMMARY}</p><p>{SUMMARY} {REASONS}</p>")
        if tables:
            parts.append(f"<table>{rows}</table>")
    parts.append("</body></html>")
    return "".join(parts)


def plain_acta_html(content: dict[str, Any]) -> str:
    """The acta's own texts (attendance, items, motions, roll calls with reasons, agreements) in plain
    markup: headings, paragraphs and tables, with only the shipped font and the page size as CSS."""
    from django.utils.html import escape

    from mtigm.core.pdf import FONT_DIR

    font = (FONT_DIR / "DejaVuSans.ttf").as_uri()
    bold = (FONT_DIR / "DejaVuSans-Bold.ttf").as_uri()
    parts = [
        "<!DOCTYPE html><html lang='es'><head><meta charset='utf-8'><title>Referencia</title><style>",
        f"@font-face {{ font-family: 'DejaVu Sans'; src: url('{font}'); }}",
        f"@font-face {{ font-family: 'DejaVu Sans'; src: url('{bold}'); font-weight: bold; }}",
        "@page { size: A4; margin: 22mm 18mm 20mm 22mm; }",
        "html { font-family: 'DejaVu Sans'; font-size: 9.5pt; }",
        f"</style></head><body><h1>Acta de la {escape(content['session']['title'])}</h1><h2>Asistencia</h2><table>",
    ]
    parts.extend(
        "<tr>"
        + "".join(
            f"<td>{escape(row[key])}</td>"
            for key in ("entity_name", "kind_label", "person", "role_label", "signed_in_at")
        )
        + "</tr>"
        for row in content["attendance"]
    )
    parts.append("</table><h2>Asuntos tratados</h2>")
    for item in content["items"]:
        parts.append(f"<h3>{item['position']}. {escape(item['title'])}</h3><p>{escape(item['summary'])}</p>")
        for ballot in item["ballots"]:
            parts.append(f"<p>Moción: {escape(ballot['text'])} ({escape(ballot['citation'])})</p>")
            parts.append(
                f"<p>A favor {ballot['yes']}, en contra {ballot['no']}, abstenciones {ballot['abstain']}</p><table>"
            )
            parts.extend(
                f"<tr><td>{escape(v['entity'])}</td><td>{escape(v['person'])}</td><td>{escape(v['role'])}</td>"
                f"<td>{escape(v['choice'])} {escape(v['reasons'])}</td><td>{v['at']}</td></tr>"
                for v in ballot["roll_call"]
            )
            parts.append("</table>")
    parts.append("<h2>Acuerdos</h2>")
    parts.extend(f"<p>Acuerdo N° {a['number']}. {escape(a['text'])}</p>" for a in content["agreements"])
    parts.append("</body></html>")
    return "".join(parts)


def render_plain(html: str) -> tuple[bytes, bytes]:
    """Plain WeasyPrint, written as the acta is: one layout, a reading copy and a PDF/A-3u copy."""
    from weasyprint import HTML

    from mtigm.core.pdf import ARCHIVE_VARIANT, STATIC_ROOT_DIR

    laid_out = HTML(string=html, base_url=STATIC_ROOT_DIR.as_uri() + "/").render(pdf_variant=ARCHIVE_VARIANT)
    return laid_out.write_pdf(), laid_out.write_pdf(pdf_variant=ARCHIVE_VARIANT)


def tuned_plain(target: int, *, tables: bool) -> tuple[str, int, int]:
    """The plain document with as many sections as give ``target`` pages (or the nearest count).

    Only the layout is needed to count pages, so the candidates are laid out and not written."""
    from weasyprint import HTML

    from mtigm.core.pdf import STATIC_ROOT_DIR

    def count(sections: int) -> int:
        html = plain_html(sections, tables=tables)
        return len(HTML(string=html, base_url=STATIC_ROOT_DIR.as_uri() + "/").render().pages)

    sections, tried = target, {}
    while sections not in tried and len(tried) < 8:
        tried[sections] = count(sections)
        found = tried[sections]
        if found == target:
            break
        # Proportional first, then one section at a time around the target.
        step = round(sections * target / found) - sections
        sections = max(1, sections + (step if abs(step) > 1 else (1 if found < target else -1)))
    sections = min(tried, key=lambda n: (abs(tried[n] - target), n))
    return plain_html(sections, tables=tables), tried[sections], sections


def timed(render: Any, *args: Any) -> float:
    started = time.perf_counter()
    render(*args)
    return time.perf_counter() - started


def summary(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f} (min {min(values):.2f}, max {max(values):.2f})"


def main() -> None:
    from django.test.utils import get_runner

    from mtigm.core import dispatch

    # No broker: the acta's own render task is what this script times, run inline.
    dispatch.send = lambda *args, **kwargs: True  # type: ignore[assignment]
    # WeasyPrint logs every laid-out page at INFO; all sides are quieted alike so the figures stay readable.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    setup_test_environment()
    runner = get_runner(django.conf.settings)(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        started = time.perf_counter()
        minutes_id = build_acta()
        print(f"data built in {time.perf_counter() - started:.1f} s")
        reading, archive = render_acta(minutes_id)  # warm-up: templates, fonts, imports
        acta_pages = pages(reading)
        assert pages(archive) == acta_pages
        # B: the same mix per section as the acta's items (heading, paragraphs, a table), same page count.
        mixed, mixed_pages, mixed_sections = tuned_plain(acta_pages, tables=True)
        # C: text only (one table), same page count: what a page of prose costs.
        text, text_pages, text_sections = tuned_plain(acta_pages, tables=False)
        # D: the acta's own texts in plain markup, on however many pages they take.
        from decisions.models import Minutes

        same = plain_acta_html(Minutes.objects.get(pk=minutes_id).content)
        same_pages = pages(render_plain(same)[0])
        render_plain(mixed), render_plain(text)  # warm-up
        times: dict[str, list[float]] = {"acta": [], "mixed": [], "text": [], "same": []}
        for _ in range(ROUNDS):
            times["acta"].append(timed(render_acta, minutes_id))
            times["mixed"].append(timed(render_plain, mixed))
            times["text"].append(timed(render_plain, text))
            times["same"].append(timed(render_plain, same))
    finally:
        runner.teardown_databases(old)
    per_page = {
        "acta": [t / acta_pages for t in times["acta"]],
        "mixed": [t / mixed_pages for t in times["mixed"]],
        "text": [t / text_pages for t in times["text"]],
    }

    def ratios(reference: str) -> list[float]:
        return [a / b for a, b in zip(per_page["acta"], per_page[reference], strict=True)]

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:.0f} ms/page"

    print(f"acta: {acta_pages} pages ({ITEMS} items, {MEMBERS} votes each), {ms(per_page['acta'])} (both copies)")
    print(f"plain, same mix: {mixed_pages} pages ({mixed_sections} sections), {ms(per_page['mixed'])}")
    print(f"plain, text only: {text_pages} pages ({text_sections} sections), {ms(per_page['text'])}")
    print(f"plain, the acta's own texts: {same_pages} pages")
    print(f"B6  acta / plain (same mix), seconds per page: {summary(ratios('mixed'))}, {ROUNDS} rounds")
    print(f"B6t acta / plain (text only), seconds per page: {summary(ratios('text'))}")
    print(
        f"B6c acta / plain (same content), seconds per document: {summary([a / b for a, b in zip(times['acta'], times['same'], strict=True)])}"
    )


if __name__ == "__main__":
    main()
