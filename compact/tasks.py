"""Celery tasks of the Global Compact follow-up: the daily reminders of open consultations, and the
Informe País rendered as PDF and ODT files."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

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


def _informe_step(document_id: int, progress: int, step: str) -> None:
    from .models import InformeDocument

    InformeDocument.objects.filter(pk=document_id, status=InformeDocument.Status.RUNNING).update(
        progress=progress, step=step
    )


def _informe_claim(document_id: int) -> Any:
    """Take the document from pending (or failed, on a retry) to running; None when another run has
    it or it is done: a task delivered twice renders once."""
    from .models import InformeDocument

    Status = InformeDocument.Status
    with transaction.atomic():
        document = (
            InformeDocument.objects.select_for_update(skip_locked=True)
            .select_related("consultation")
            .filter(pk=document_id, status__in=[Status.PENDING, Status.FAILED])
            .first()
        )
        if document is None:
            return None
        document.status, document.progress, document.step, document.error = Status.RUNNING, 5, "Reuniendo datos", ""
        document.save(update_fields=["status", "progress", "step", "error"])
    return document


@shared_task(bind=True, max_retries=3, acks_late=True)
def render_informe_document(self: Any, document_id: int) -> str:
    """Render the PDF and the ODT of one Informe País document once."""
    from mtigm.core.pdf import render_pdf

    from .informe_documents import odt_bytes
    from .models import InformeDocument
    from .selectors import informe_context

    Status = InformeDocument.Status
    document = _informe_claim(document_id)
    if document is None:
        return "skipped"
    try:
        with translation.override("es"):
            context = informe_context(document.consultation)
            _informe_step(document_id, 30, "Componiendo el PDF")
            pdf = render_pdf(INFORME_PDF_TEMPLATE, {**context, "generated_at": timezone.now()})
            _informe_step(document_id, 70, "Componiendo el ODT")
            odt = odt_bytes(document.consultation, context["sections"])
        _informe_step(document_id, 90, "Guardando")
        with transaction.atomic():
            document = InformeDocument.objects.select_for_update().get(pk=document_id)
            if document.status != Status.RUNNING:
                return "skipped"
            name = f"informe-pais-{document.consultation_id}-{document.pk}"
            document.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
            document.odt.save(f"{name}.odt", ContentFile(odt), save=False)
            document.sha256 = hashlib.sha256(pdf).hexdigest()
            document.status, document.progress, document.step = Status.DONE, 100, ""
            document.finished_at = timezone.now()
            document.save()
        logger.info("Informe País document %s rendered (%s bytes of PDF)", document_id, len(pdf))
        return "done"
    except Exception as exc:
        logger.exception("Informe País document %s failed", document_id)
        InformeDocument.objects.filter(pk=document_id).update(
            status=Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], step=""
        )
        if self.request.called_directly:
            raise
        # Back off: 30 s, 60 s, 120 s.
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc
