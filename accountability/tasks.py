"""Celery tasks: the report to the PCM (PDF with WeasyPrint, XLSX, JSON), never inside a request.

The progress is stored on the row (the result backend is off), so the page that requested it
polls the row with htmx, as the work plan's documents do.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from celery import shared_task

from mtigm.core import rendering
from mtigm.core.pdf import render_pdf

from .exports import workbook_bytes
from .models import PcmReport
from .selectors import content_json, report_content
from .services import RENDER_TASK

logger = logging.getLogger(__name__)
PDF_TEMPLATE = "accountability/pdf/report.html"


def _build(report: PcmReport, progress: rendering.Progress) -> rendering.Output:
    content = report_content(report.year)
    data = content_json(content)
    progress.step(30, rendering.RenderStep.SHEET)
    xlsx = workbook_bytes(content)
    progress.step(50, rendering.RenderStep.PDF)
    pdf = render_pdf(PDF_TEMPLATE, {"c": content})
    name = f"informe-pcm-{report.year}-{report.pk}"
    logger.info("PCM report %s rendered (%s bytes of JSON)", report.pk, len(json.dumps(data)))
    return rendering.Output(
        files={"pdf": (f"{name}.pdf", pdf), "xlsx": (f"{name}.xlsx", xlsx)}, fields={"content": data}
    )


@shared_task(**rendering.TASK_OPTIONS)
def render_pcm_report(self: Any, report_id: int) -> str:
    """Render the PDF, XLSX and JSON of one report once (claimed, retried and swept by
    ``mtigm.core.rendering``)."""
    return rendering.run(self, PcmReport, report_id, _build)


@shared_task
def sweep_pending_pcm_reports() -> int:
    """Re-dispatch reports whose task was lost (broker outage while requesting, a worker that died)."""
    return rendering.sweep(PcmReport, RENDER_TASK)
