"""Celery tasks of the Global Compact follow-up: the daily reminders of open consultations, and the
Informe País rendered as PDF and ODT files."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.utils import timezone

from mtigm.core import rendering

from .services import consultation_send_reminders

logger = logging.getLogger(__name__)


@shared_task
def send_consultation_reminders() -> int:
    """Idempotent: each message is keyed per consultation, entity and day (see the service)."""
    return consultation_send_reminders()


# --- the Informe País as files ------------------------------------------------------------------
# The PDF (WeasyPrint) and the editable ODT of a consultation's Informe País, rendered once per row;
# the progress is stored on the row, which the requesting page polls (the result backend is off).

INFORME_PDF_TEMPLATE = "compact/pdf/informe.html"


def _build_informe(document: Any, progress: rendering.Progress) -> rendering.Output:
    from mtigm.core.pdf import render_pdf

    from .informe_documents import odt_bytes
    from .selectors import informe_context

    context = informe_context(document.consultation)
    progress.step(30, rendering.RenderStep.PDF)
    pdf = render_pdf(INFORME_PDF_TEMPLATE, {**context, "generated_at": timezone.now()})
    progress.step(70, rendering.RenderStep.ODT)
    odt = odt_bytes(document.consultation, context["sections"])
    name = f"informe-pais-{document.consultation_id}-{document.pk}"
    logger.info("Informe País document %s rendered (%s bytes of PDF)", document.pk, len(pdf))
    return rendering.Output(files={"pdf": (f"{name}.pdf", pdf), "odt": (f"{name}.odt", odt)})


@shared_task(**rendering.TASK_OPTIONS)
def render_informe_document(self: Any, document_id: int) -> str:
    """Render the PDF and the ODT of one Informe País document once (claimed, retried and swept by
    ``mtigm.core.rendering``)."""
    from .models import InformeDocument

    return rendering.run(self, InformeDocument, document_id, _build_informe, related=("consultation",))


@shared_task
def sweep_informe_documents() -> int:
    """Re-dispatch Informe País documents whose task was lost (broker outage, a worker that died)."""
    from .informe_documents import RENDER_TASK
    from .models import InformeDocument

    return rendering.sweep(InformeDocument, RENDER_TASK)
