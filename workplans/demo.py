"""Demo year: the 2015 plan of Anexo IX with its Q1–Q3 evaluations (idempotent).

Q1 and Q2 are complete and presented to the Pleno; Q3 is under way: groups 1–3 have filed, and in
group 4 the report of subgroup 4.1 (led by the demo user "responsable") is still a draft, so the
demo users can walk the flow lead → coordinator ("coordinador") → ST ("st") → Pleno.
The progress figures are illustrative (the book does not report them per subgroup).
"""

from __future__ import annotations

import datetime
import json
import zlib
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from members.models import Entity, SubgroupLead, WorkingGroup

from .models import Evaluation, GroupReport, Plan, PlanLine, PlanVersion, ProductProgress, SubgroupReport
from .rules import evaluation_due

DATA = Path(__file__).resolve().parent / "data" / "plan_2015.json"
YEAR = 2015
APPROVED_ON = datetime.date(2015, 1, 15)  # XXIV Sesión Ordinaria (chronology; the text says 23 January)


def plan_data() -> dict[str, Any]:
    return json.loads(DATA.read_text(encoding="utf-8"))


def _percent(code: str, index: int, period: str) -> int:
    """Deterministic, plausible progress: grows each quarter, varies by product."""
    base = {"q1": 15, "q2": 45, "q3": 70}[period]
    jitter = zlib.crc32(f"{code}-{index}".encode()) % 31 - 10
    return max(0, min(100, base + jitter))


def _aware(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def load_plan_2015() -> Plan:
    """Create the 2015 plan's groups' subgroups (get_or_create on (group, code)) and its lines."""
    from members.models import Subgroup

    data = plan_data()
    plan, _created = Plan.objects.get_or_create(year=YEAR, defaults={"title": "Plan de Trabajo 2015"})
    version = plan.current_version or PlanVersion.objects.create(plan=plan, number=1)
    if plan.current_version_id != version.pk:
        plan.current_version = version
        plan.save(update_fields=["current_version"])
    if version.lines.exists():
        return plan
    entities = {e.acronym.upper(): e for e in Entity.objects.all()}
    groups = {g.number: g for g in WorkingGroup.objects.all()}
    for position, row in enumerate(data["lines"], start=1):
        subgroup, _ = Subgroup.objects.get_or_create(
            group=groups[row["group"]],
            code=row["code"],
            defaults={
                "name": row["theme"][:400],
                "created_on": APPROVED_ON,
                "created_by": "Pleno — Plan de Trabajo 2015",
            },
        )
        known = [entities[a.upper()] for a in row["entities"] if a.upper() in entities]
        registry_lead = (
            SubgroupLead.objects.filter(subgroup=subgroup, end__isnull=True).select_related("entity").first()
        )
        lead = registry_lead.entity if registry_lead else known[0]
        if not registry_lead:
            SubgroupLead.objects.create(
                subgroup=subgroup,
                entity=lead,
                approved_on=APPROVED_ON,
                start=APPROVED_ON,
                approval_reference="Plan de Trabajo 2015 (Anexo IX)",
            )
        note = "Anexo IX" if row["source"] == "table" else "Descripción del Plan 2015 (tabla no legible en la fuente)"
        if row.get("lead_note"):
            note = f"{note}. {row['lead_note']}"
        line = PlanLine.objects.create(
            version=version,
            key=f"2015-{position:02d}",
            position=position,
            subgroup=subgroup,
            lead_entity=lead,
            responsible_text=row["responsible_text"],
            theme=row["theme"] or subgroup.name,
            objectives=row["objectives"],
            activities=row["activities"],
            product=row["product"],
            expected_results=row["expected_results"],
            months=row["months"],
            source_note=note[:300],
        )
        line.entities.set(known + ([lead] if lead not in known else []))
    return plan


@transaction.atomic
def load(stdout: Any) -> None:
    from sessions.models import Session

    if not WorkingGroup.objects.filter(number=4).exists():
        stdout.write("  workplans: no working groups (load_reference first); skipped")
        return
    plan = load_plan_2015()
    st = get_user_model().objects.filter(username="st").first()
    approval = Session.objects.filter(series="ordinary", number=24).first()
    presentation = Session.objects.filter(series="ordinary", number=23).first()
    if plan.state == Plan.State.DRAFT:
        plan.drafted_on = datetime.date(2014, 11, 4)
        plan.presented_on, plan.presented_session = datetime.date(2014, 12, 3), presentation
        plan.state, plan.approved_on, plan.approval_session = Plan.State.PUBLISHED, APPROVED_ON, approval
        plan.approval_agreement = "Aprobación del Plan de Trabajo 2015 (punto 2 de la agenda)"
        plan.published_on = datetime.date(2015, 1, 20)
        plan.save()
        PlanVersion.objects.filter(pk=plan.version_in_force().pk).update(
            state=PlanVersion.State.APPROVED,
            approved_on=APPROVED_ON,
            approval_session=approval,
            approval_agreement=plan.approval_agreement,
        )
    version = plan.version_in_force()
    lines = list(version.lines.select_related("subgroup").order_by("position"))
    q1_session = Session.objects.filter(series="ordinary", number=26).first()
    q1_item = q1_session.agenda_items.order_by("position").first() if q1_session else None
    for period in ("q1", "q2", "q3"):
        if plan.evaluations.filter(period=period).exists():
            continue
        due, found = evaluation_due(YEAR, period)
        evaluation = Evaluation.objects.create(
            plan=plan, period=period, version=version, due_date=due, due_citation=found.citation
        )
        by_subgroup: dict[int, list[PlanLine]] = {}
        for line in lines:
            by_subgroup.setdefault(line.subgroup_id, []).append(line)
        filed_at = _aware(due - datetime.timedelta(days=1))
        for group_number in sorted({line.subgroup.group.number for line in lines}):
            group = WorkingGroup.objects.get(number=group_number)
            in_progress = period == "q3" and group_number == 4
            # One group files its second-quarter report three days late, so the demo shows the mark.
            group_filed_at = filed_at + datetime.timedelta(days=4) if period == "q2" and group_number == 1 else filed_at
            GroupReport.objects.create(
                evaluation=evaluation,
                group=group,
                state=GroupReport.State.DRAFT if in_progress else GroupReport.State.FILED,
                summary=""
                if in_progress
                else f"Avance del Grupo {group_number} en el {evaluation.get_period_display()}.",
                difficulties="" if in_progress else "Coordinación interinstitucional y disponibilidad de información.",
                corrective_measures="" if in_progress else "Reuniones técnicas adicionales del subgrupo.",
                filed_at=None if in_progress else group_filed_at,
                filed_by=None,
                due_date=None if in_progress else due,
            )
        for subgroup_id, subgroup_lines in by_subgroup.items():
            subgroup = subgroup_lines[0].subgroup
            draft = period == "q3" and subgroup.code == "4.1"
            report = SubgroupReport.objects.create(
                evaluation=evaluation,
                subgroup_id=subgroup_id,
                state=SubgroupReport.State.DRAFT if draft else SubgroupReport.State.ACCEPTED,
                objectives="\n".join(dict.fromkeys(x.objectives for x in subgroup_lines if x.objectives)),
                activities="\n".join(dict.fromkeys(x.activities for x in subgroup_lines if x.activities)),
                goals_products="\n".join(x.product for x in subgroup_lines),
                difficulties="" if draft else "Plazos de las entidades para remitir aportes.",
                corrective_measures="" if draft else "Calendario de entregas acordado en el subgrupo.",
                submitted_at=None if draft else filed_at - datetime.timedelta(days=3),
                first_submitted_at=None if draft else filed_at - datetime.timedelta(days=3),
                due_date=None if draft else due,
                reviewed_at=None if draft else filed_at - datetime.timedelta(days=2),
            )
            rows = []
            for index, line in enumerate(subgroup_lines):
                due_month = max(line.months or [12])
                percent = _percent(subgroup.code, index, period)
                delivered = not draft and due_month <= {"q1": 3, "q2": 6, "q3": 9}[period] and percent >= 40
                rows.append(
                    ProductProgress(
                        report=report,
                        line=line,
                        percent=100 if delivered else (0 if draft else percent),
                        delivered=delivered,
                    )
                )
            ProductProgress.objects.bulk_create(rows)
        if period in ("q1", "q2"):
            evaluation.st_assessment = (
                "La ejecución avanza según el cronograma en la mayoría de subgrupos; se recomienda reforzar "
                "la coordinación en los subgrupos con menor avance."
            )
            evaluation.assessed_by = st
            evaluation.state = Evaluation.State.PRESENTED
            evaluation.presented_on = due + datetime.timedelta(days=14)
            evaluation.presented_item = q1_item if period == "q1" else None
            evaluation.save()
    stdout.write(
        f"  workplans: Plan {YEAR} with {len(lines)} products in "
        f"{len({line.subgroup_id for line in lines})} subgroups; evaluations Q1–Q3"
    )
