"""Demo data of the reports to the PCM: the report of the demo plan's year, generated in place.

Idempotent: a year whose report is already done is left alone. The render runs synchronously
(the task function called directly), so the demo has the PDF, XLSX and JSON without a worker.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from workplans.models import Plan

from .models import PcmReport
from .tasks import render_pcm_report


def demo_year() -> int | None:
    """The year of the demo's plan (the 2015 plan when the work-plan demo is loaded)."""
    plan = (
        Plan.objects.exclude(state=Plan.State.DRAFT).order_by("-year").first() or Plan.objects.order_by("-year").first()
    )
    return plan.year if plan else None


def load(stdout: Any) -> None:
    year = demo_year()
    if year is None:
        stdout.write("  accountability: no plan (load the workplans demo first); skipped")
        return
    if PcmReport.objects.filter(year=year, status=PcmReport.Status.DONE).exists():
        stdout.write(f"  accountability: PCM report {year} already generated")
        return
    report = PcmReport.objects.filter(year=year).exclude(
        status=PcmReport.Status.DONE
    ).first() or PcmReport.objects.create(
        year=year, requested_by=get_user_model().objects.filter(username="st").first()
    )
    if report.status == PcmReport.Status.RUNNING:
        PcmReport.objects.filter(pk=report.pk).update(status=PcmReport.Status.PENDING)
    render_pcm_report(report.pk)
    report.refresh_from_db()
    stdout.write(f"  accountability: PCM report {year} generated ({report.pdf.size} bytes of PDF)")
