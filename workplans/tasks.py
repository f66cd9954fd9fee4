"""Celery tasks: PDFs (WeasyPrint, never inside a request) and the daily reminders.

A document's progress is stored on its row (the result backend is off), so the page that
requested it polls the row with htmx.
"""

from __future__ import annotations

import hashlib
import logging

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from mtigm.core import dispatch
from mtigm.core.pdf import render_pdf

from .models import ReportDocument
from .services import RENDER_TASK, send_reminders

logger = logging.getLogger(__name__)
Status = ReportDocument.Status


def _step(document_id: int, progress: int, step: str) -> None:
    ReportDocument.objects.filter(pk=document_id, approved=False).update(progress=progress, step=step)


def annual_context(plan) -> dict:
    from . import charts, selectors

    board = selectors.dashboard(plan)
    annual = plan.evaluations.filter(period="annual").first()
    return {
        "plan": plan,
        "board": board,
        "versions": list(plan.versions.exclude(state__in=["draft", "withdrawn"]).order_by("number")),
        "composition": selectors.composition_changes(plan.year),
        "sessions": selectors.sessions_of_year(plan.year),
        "agreements": selectors.agreements_of_year(plan.year),
        "pending": list(selectors.pending_tasks(annual)) if annual else None,
        "bars": charts.progress_bars(
            [(f"{g.number}. {g.name[:18]}", g.percent) for g in board.groups], title="Avance por grupo"
        ),
        "subgroup_bars": charts.progress_bars(
            [(s.code, s.percent) for g in board.groups for s in g.subgroups], title="Avance por subgrupo"
        ),
        "gantt": charts.gantt([(f"{line.subgroup.code} {line.product}", line.months, False) for line in board.lines]),
        "generated_at": timezone.localtime(),
    }


def evaluation_context(evaluation) -> dict:
    from . import charts, selectors
    from .models import GroupReport, SubgroupReport

    reports = list(
        SubgroupReport.objects.filter(evaluation=evaluation)
        .select_related("subgroup__group")
        .prefetch_related("progress__line")
        .order_by("subgroup__group__number", "subgroup__code")
    )
    groups = list(GroupReport.objects.filter(evaluation=evaluation).select_related("group").order_by("group__number"))
    for group in groups:
        group.subgroup_list = [r for r in reports if r.subgroup.group_id == group.group_id]
    rows = []
    for report in reports:
        values = [p.percent for p in report.progress.all()]
        rows.append((report.subgroup.code, round(sum(values) / len(values)) if values else None))
    return {
        "evaluation": evaluation,
        "plan": evaluation.plan,
        "groups": groups,
        "bars": charts.progress_bars(rows, title="Avance por subgrupo"),
        "alerts": list(evaluation.alerts.all()),
        "pending": list(selectors.pending_tasks(evaluation)) if evaluation.is_annual else None,
        "generated_at": timezone.localtime(),
    }


@shared_task(bind=True, max_retries=3, acks_late=True)
def render_document(self, document_id: int) -> str:
    """Render one document once. An approved document is never touched again."""
    with transaction.atomic():
        document = (
            ReportDocument.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("plan", "evaluation")
            .filter(pk=document_id, status__in=[Status.PENDING, Status.FAILED], approved=False)
            .first()
        )
        if document is None:
            return "skipped"
        document.status, document.progress, document.step = Status.RUNNING, 5, "Reuniendo datos"
        document.save(update_fields=["status", "progress", "step"])
    try:
        with translation.override("es"):
            if document.kind == ReportDocument.Kind.ANNUAL:
                context = annual_context(document.plan)
                template, name = "workplans/pdf/annual.html", f"memoria-anual-{document.plan.year}-{document.pk}.pdf"
            else:
                # Every document other than the annual report is the report of one evaluation.
                evaluation = document.evaluation
                assert evaluation is not None
                context = evaluation_context(evaluation)
                template = "workplans/pdf/evaluation.html"
                name = f"evaluacion-{document.plan.year}-{evaluation.period}-{document.pk}.pdf"
            _step(document_id, 40, "Componiendo el PDF")
            pdf = render_pdf(template, context)
        _step(document_id, 90, "Guardando")
        with transaction.atomic():
            document = ReportDocument.objects.select_for_update().get(pk=document_id)
            if document.approved:
                return "approved"
            document.file.save(name, ContentFile(pdf), save=False)
            document.sha256 = hashlib.sha256(pdf).hexdigest()
            document.status, document.progress, document.step = Status.DONE, 100, ""
            document.finished_at = timezone.now()
            document.save(update_fields=["file", "sha256", "status", "progress", "step", "finished_at"])
        return "done"
    except Exception as exc:
        logger.exception("Document %s failed", document_id)
        ReportDocument.objects.filter(pk=document_id, approved=False).update(
            status=Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], step=""
        )
        if self.request.called_directly:
            raise
        raise self.retry(exc=exc, countdown=30) from exc


@shared_task
def send_workplan_reminders() -> str:
    result = send_reminders()
    return f"before={result.before} late={result.late} plan={result.plan_alerts}"


@shared_task
def sweep_pending_documents() -> int:
    """Re-dispatch documents whose task was lost (broker outage while requesting)."""
    import datetime

    limit = timezone.now() - datetime.timedelta(minutes=2)
    ids = list(ReportDocument.objects.filter(status=Status.PENDING, created_at__lte=limit).values_list("pk", flat=True))
    return dispatch.publish_many(RENDER_TASK, [(pk,) for pk in ids])
