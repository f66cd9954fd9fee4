"""Celery tasks: the report to the PCM (PDF with WeasyPrint, XLSX, JSON), never inside a request.

The progress is stored on the row (the result backend is off), so the page that requested it
polls the row with htmx, as the work plan's documents do.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from mtigm.core import dispatch
from mtigm.core.pdf import render_pdf

from .exports import workbook_bytes
from .models import PcmReport
from .selectors import content_json, report_content
from .services import RENDER_TASK

logger = logging.getLogger(__name__)
Status = PcmReport.Status
PDF_TEMPLATE = "accountability/pdf/report.html"


def _step(report_id: int, progress: int, step: str) -> None:
    PcmReport.objects.filter(pk=report_id, status=Status.RUNNING).update(progress=progress, step=step)


def _claim(report_id: int) -> PcmReport | None:
    """Take the report from pending (or failed, on a retry) to running; None when another run has
    it or it is done: a task delivered twice renders once."""
    with transaction.atomic():
        report = (
            PcmReport.objects.select_for_update(skip_locked=True)
            .filter(pk=report_id, status__in=[Status.PENDING, Status.FAILED])
            .first()
        )
        if report is None:
            return None
        report.status, report.progress, report.step, report.error = Status.RUNNING, 5, "Reuniendo datos", ""
        report.save(update_fields=["status", "progress", "step", "error"])
    return report


@shared_task(bind=True, max_retries=3, acks_late=True)
def render_pcm_report(self, report_id: int) -> str:
    """Render the PDF, XLSX and JSON of one report once."""
    report = _claim(report_id)
    if report is None:
        return "skipped"
    try:
        with translation.override("es"):
            content = report_content(report.year)
            data = content_json(content)
            _step(report_id, 30, "Componiendo la hoja de cálculo")
            xlsx = workbook_bytes(content)
            _step(report_id, 50, "Componiendo el PDF")
            pdf = render_pdf(PDF_TEMPLATE, {"c": content})
        _step(report_id, 90, "Guardando")
        with transaction.atomic():
            report = PcmReport.objects.select_for_update().get(pk=report_id)
            if report.status != Status.RUNNING:
                return "skipped"
            name = f"informe-pcm-{report.year}-{report.pk}"
            report.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
            report.xlsx.save(f"{name}.xlsx", ContentFile(xlsx), save=False)
            report.content = data
            report.sha256 = hashlib.sha256(pdf).hexdigest()
            report.status, report.progress, report.step = Status.DONE, 100, ""
            report.finished_at = timezone.now()
            report.save()
        logger.info("PCM report %s rendered (%s bytes of JSON)", report_id, len(json.dumps(data)))
        return "done"
    except Exception as exc:
        logger.exception("PCM report %s failed", report_id)
        PcmReport.objects.filter(pk=report_id).update(
            status=Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], step=""
        )
        if self.request.called_directly:
            raise
        # Back off: 30 s, 60 s, 120 s.
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc


@shared_task
def sweep_pending_pcm_reports() -> int:
    """Re-dispatch reports whose task was lost (broker outage while requesting)."""
    limit = timezone.now() - datetime.timedelta(minutes=2)
    ids = list(PcmReport.objects.filter(status=Status.PENDING, created_at__lte=limit).values_list("pk", flat=True))
    return dispatch.publish_many(RENDER_TASK, [(pk,) for pk in ids])
