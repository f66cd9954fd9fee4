"""Celery tasks: PDFs (WeasyPrint, never inside a request) and the daily reminders.

A document's progress is stored on its row (the result backend is off), so the page that
requested it polls the row with htmx.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.utils import timezone

from mtigm.core import rendering
from mtigm.core.pdf import render_pdf

from .models import ReportDocument
from .services import RENDER_TASK, send_reminders

logger = logging.getLogger(__name__)


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


def _build(document: ReportDocument, progress: rendering.Progress) -> rendering.Output:
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
    progress.step(40, rendering.RenderStep.PDF)
    return rendering.Output(files={"file": (name, render_pdf(template, context))}, digest_of="file")


@shared_task(**rendering.TASK_OPTIONS)
def render_document(self: Any, document_id: int) -> str:
    """Render one document once. An approved document is never touched again (``is_frozen``)."""
    return rendering.run(self, ReportDocument, document_id, _build, related=("plan", "evaluation"))


@shared_task
def send_workplan_reminders() -> str:
    result = send_reminders()
    return f"before={result.before} late={result.late} plan={result.plan_alerts}"


@shared_task
def sweep_pending_documents() -> int:
    """Re-dispatch documents whose task was lost (broker outage while requesting, a worker that died)."""
    return rendering.sweep(ReportDocument, RENDER_TASK)
