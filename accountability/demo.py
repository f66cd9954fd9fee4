"""Demo data of the reports to the PCM, generated in place: the report of the latest complete year
of the demo's registry (its President, Secretaría Técnica and representatives) and the report of
the demo plan's year (2015, with its plenary sessions, agreements and plan execution).

Both are useful: the demo's designations start in 2019 and most in 2025, while its historical
plenary sessions and its plan are of 2014–2015, so no single year shows everything. The report
of 2015 shows the sessions, agreements and the plan; the report of the latest complete year (2025
when the demo is loaded in 2026) names the President, the ST and every representative with their
designation documents, and says that there is no plan for that year.

Idempotent: a year whose report is already done is left alone. The render runs synchronously
(the task function called directly), so the demo has the PDF, XLSX and JSON without a worker.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from members.models import Designation, SecretariatAppointment
from members.roles import PRESIDING_ENTITY_ACRONYM
from sessions.models import Session
from workplans.models import Plan

from .models import FIRST_YEAR, PcmReport
from .selectors import year_bounds
from .tasks import render_pcm_report


def plan_year() -> int | None:
    """The year of the demo's plan (the 2015 plan when the work-plan demo is loaded)."""
    plan = (
        Plan.objects.exclude(state=Plan.State.DRAFT).order_by("-year").first() or Plan.objects.order_by("-year").first()
    )
    return plan.year if plan else None


def _staffed(year: int) -> bool:
    """Whether a President (RREE's titular, Art. 15) and a member of the ST were in office some day of ``year``."""
    start, end = year_bounds(year)
    in_force = {"start__lte": end}
    president = (
        Designation.objects.filter(entity__acronym=PRESIDING_ENTITY_ACRONYM, role=Designation.Role.TITULAR, **in_force)
        .exclude(end__lt=start)
        .exists()
    )
    return president and SecretariatAppointment.objects.filter(**in_force).exclude(end__lt=start).exists()


def registry_year() -> int | None:
    """The latest complete year in which the demo had a President and an ST in office, preferring
    one with plenary sessions held; None when the members demo is not loaded."""
    staffed = [year for year in range(timezone.localdate().year - 1, FIRST_YEAR - 1, -1) if _staffed(year)]
    if not staffed:
        return None
    held = set(
        Session.objects.filter(
            kind__in=Session.PLENARY_KINDS, state=Session.State.HELD, starts_at__year__in=staffed
        ).values_list("starts_at__year", flat=True)
    )
    return next((year for year in staffed if year in held), staffed[0])


def demo_years() -> list[int]:
    """The years whose report the demo generates: the plan's, then the registry's latest complete year."""
    years = [year for year in (plan_year(), registry_year()) if year is not None]
    return list(dict.fromkeys(years))


def _generate(year: int, stdout: Any) -> None:
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


def load(stdout: Any) -> None:
    years = demo_years()
    if not years:
        stdout.write("  accountability: no registry and no plan (load the members and workplans demos first); skipped")
        return
    for year in years:
        _generate(year, stdout)
