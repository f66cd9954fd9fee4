"""Writes of the work-plan app. Every action asks the access layer itself, so UI, API and admin agree.

Who may do what (R19–R23, the access matrix's ``plan.manage``, ``subgroup_report.*``, ``group_report.*``):
- Secretaría Técnica: the plan, its versions and lines, opening evaluations, its qualitative
  evaluation, presenting to the Pleno, alerts to the Presidency, carry-over, PDFs.
- Subgroup lead (representative of the entity leading a subgroup): only its subgroup's report.
- Group coordinator: reviews its group's subgroup reports, consolidates and files its group's report.
"""

from __future__ import annotations

import datetime
import math
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directives.calendar import add_business_days
from directives.rules import rule
from members import services as members_services
from members.models import Designation, Entity, Subgroup, SubgroupLead
from members.roles import PRESIDING_ENTITY_ACRONYM
from mtigm.core import access
from mtigm.core.dispatch import after_commit
from mtigm.core.errors import RuleViolation, StateConflict
from mtigm.core.outbox import commission_language, in_commission_language, outbox_enqueue
from mtigm.core.rendering import in_flight
from mtigm.core.services import model_update
from sessions.models import Session

from .models import (
    CorrectiveAlert,
    Evaluation,
    GroupReport,
    Plan,
    PlanLine,
    PlanVersion,
    ProductProgress,
    ReportDocument,
    SubgroupReport,
)
from .rules import REMINDER_RULE, evaluation_due, plan_milestones

# --- permissions ---------------------------------------------------------------------------

RENDER_TASK = "workplans.tasks.render_document"


def require_plan_manager(actor: Any) -> None:
    access.require(
        actor, "plan.manage", message=_("Solo la Secretaría Técnica puede realizar esta acción (Art. 18, Art. 25).")
    )


def _require_lead(actor: Any, report: SubgroupReport) -> None:
    access.require(
        actor,
        "subgroup_report.write",
        report,
        message=_("Solo el responsable del subgrupo %(code)s redacta su informe (Directiva N° 003-2014, §6.4.3.1).")
        % {"code": report.subgroup.code},
    )


COORDINATION_ONLY = gettext_lazy(
    "Solo la coordinación del grupo consolida y remite su informe (Art. 20.2; Directiva N° 003-2014, §6.4)."
)


# --- recipients -----------------------------------------------------------------------------


def entity_recipients(entity_ids: set[int] | list[int], day: datetime.date | None = None) -> list[tuple[str, str]]:
    """(e-mail, name) of the titular and alternate representatives in office of the entities."""
    day = day or timezone.localdate()
    found = []
    for designation in (
        Designation.objects.on(day).filter(entity_id__in=entity_ids).select_related("person", "person__user")
    ):
        person = designation.person
        email = person.email or (person.user.email if person.user_id else "")
        if email:
            found.append((email, str(person)))
    return sorted(set(found))


def subgroup_lead_entity_ids(subgroup_id: int, day: datetime.date | None = None) -> set[int]:
    day = day or timezone.localdate()
    return set(SubgroupLead.objects.on(day).filter(subgroup_id=subgroup_id).values_list("entity_id", flat=True))


def group_coordinator_entity_ids(group_id: int, day: datetime.date | None = None) -> set[int]:
    from members.models import GroupCoordinator

    day = day or timezone.localdate()
    return set(GroupCoordinator.objects.on(day).filter(group_id=group_id).values_list("entity_id", flat=True))


def secretariat_recipients(day: datetime.date | None = None) -> list[tuple[str, str]]:
    from members.models import SecretariatAppointment

    day = day or timezone.localdate()
    found = []
    for appointment in SecretariatAppointment.objects.on(day).select_related("person", "person__user"):
        person = appointment.person
        email = person.email or (person.user.email if person.user_id else "")
        if email:
            found.append((email, str(person)))
    return sorted(set(found))


def _notify(
    recipients: list[tuple[str, str]],
    *,
    key: str,
    kind: str,
    subject: str,
    body: str,
    related: Any,
    not_before: Any = None,
) -> int:
    for email, name in recipients:
        outbox_enqueue(
            key=f"{key}:{email}",
            kind=kind,
            recipient=email,
            recipient_name=name,
            subject=subject,
            body_text=body,
            related=related,
            not_before=not_before,
        )
    return len(recipients)


# --- plans ----------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, actor: Any, year: int, title: str = "") -> Plan:
    require_plan_manager(actor)
    if Plan.objects.filter(year=year).exists():
        raise StateConflict(
            _("Ya existe un Plan de Trabajo para %(year)s.") % {"year": year}, citation="Art. 22", code="plan_exists"
        )
    plan = Plan.objects.create(year=year, title=title or f"Plan de Trabajo {year}")
    version = PlanVersion.objects.create(plan=plan, number=1, created_by=actor)
    plan.current_version = version
    plan.save(update_fields=["current_version"])
    return plan


def _verbose_name(name: str) -> str:
    field = SubgroupReport._meta.get_field(name)
    # Only concrete columns of the report are named here, never reverse relations (which have no verbose_name).
    assert isinstance(field, models.Field)
    return str(field.verbose_name)


def _lock_plan(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


@transaction.atomic
def plan_mark_drafted(*, actor: Any, plan: Plan, on: datetime.date) -> Plan:
    require_plan_manager(actor)
    plan = _lock_plan(plan)
    plan.drafted_on = on
    plan.save(update_fields=["drafted_on"])
    return plan


@transaction.atomic
def plan_present(*, actor: Any, plan: Plan, on: datetime.date, session: Any = None) -> Plan:
    require_plan_manager(actor)
    plan = _lock_plan(plan)
    if plan.state != Plan.State.DRAFT:
        raise StateConflict(
            _("Solo un anteproyecto se presenta al Pleno."),
            citation="Directiva N° 003-2014, §5.1",
            code="plan_not_draft",
        )
    if not plan.current_version or not plan.current_version.lines.exists():
        raise RuleViolation(
            _("El plan no tiene líneas: no puede presentarse al Pleno."), rule=rule("plan.presentation_due")
        )
    plan.state, plan.presented_on, plan.presented_session = Plan.State.PRESENTED, on, session
    plan.save(update_fields=["state", "presented_on", "presented_session"])
    return plan


@transaction.atomic
def plan_approve(
    *, actor: Any, plan: Plan, approved_on: datetime.date, session: Any = None, agreement: str = ""
) -> tuple[Plan, str]:
    """Record the Pleno's approval (Art. 24). Returns the plan and a warning when it came late.

    A late approval is recorded as it happened (the history must hold the real dates, e.g. 23
    January 2015), but the warning names the twenty days of Art. 24.
    """
    require_plan_manager(actor)
    plan = _lock_plan(plan)
    if plan.state not in (Plan.State.DRAFT, Plan.State.PRESENTED):
        raise StateConflict(_("El plan ya fue aprobado."), citation="Art. 24", code="plan_approved")
    if session is None and not agreement.strip():
        raise RuleViolation(
            _("Indique la sesión del Pleno o el número de acuerdo que aprobó el plan."), citation="Art. 24"
        )
    # plan_create gives every plan its first version (see Plan.version_in_force).
    assert plan.current_version_id is not None
    version = PlanVersion.objects.select_for_update().get(pk=plan.current_version_id)
    version.state = PlanVersion.State.APPROVED
    version.approved_on, version.approval_session, version.approval_agreement = approved_on, session, agreement
    version.save(update_fields=["state", "approved_on", "approval_session", "approval_agreement"])
    plan.state = Plan.State.APPROVED
    plan.approved_on, plan.approval_session, plan.approval_agreement = approved_on, session, agreement
    plan.save(update_fields=["state", "approved_on", "approval_session", "approval_agreement"])
    _sync_registry_leads(actor, version, approved_on)
    warning = ""
    milestone = next(m for m in plan_milestones(plan) if m.key == "approval")
    if approved_on > milestone.due:
        warning = _("Aprobado después del %(due)s, último día del plazo de aprobación (%(cite)s).") % {
            "due": milestone.due.strftime("%d/%m/%Y"),
            "cite": milestone.citation,
        }
    return plan, warning


def _sync_registry_leads(actor: Any, version: PlanVersion, day: datetime.date) -> None:
    """The approved plan names each subgroup's lead (Dir. 003 §4.2): record it where none is in office.

    It is the registry's one assignment of leads (``members.services.subgroup_lead_assign``), in the
    name of the Plenary's approval of the plan.
    """
    pairs = list(version.lines.values_list("subgroup_id", "lead_entity_id").distinct())
    subgroups = Subgroup.objects.in_bulk({subgroup_id for subgroup_id, _entity in pairs})
    entities = Entity.objects.in_bulk({entity_id for _subgroup, entity_id in pairs})
    for subgroup_id, entity_id in pairs:
        if not SubgroupLead.objects.filter(subgroup_id=subgroup_id, end__isnull=True).exists():
            members_services.subgroup_lead_assign(
                actor=actor,
                subgroup=subgroups[subgroup_id],
                entity=entities[entity_id],
                start=day,
                approved_on=day,
                approval_reference=f"{version.plan}",
                skip_permission_checks=True,
            )


@transaction.atomic
def plan_publish(*, actor: Any, plan: Plan, on: datetime.date) -> Plan:
    require_plan_manager(actor)
    plan = _lock_plan(plan)
    if plan.state != Plan.State.APPROVED:
        raise RuleViolation(_("Solo se publica un plan aprobado."), rule=rule("plan.publication_immediate"))
    plan.state, plan.published_on = Plan.State.PUBLISHED, on
    plan.save(update_fields=["state", "published_on"])
    return plan


# --- lines ----------------------------------------------------------------------------------

LINE_FIELDS = ("theme", "objectives", "activities", "product", "expected_results", "responsible_text", "source_note")


def _clean_months(months: Any) -> list[int]:
    values = sorted({int(m) for m in months or []})
    if any(m < 1 or m > 12 for m in values):
        raise RuleViolation(_("Los meses del cronograma van del 1 al 12."), citation="Directiva N° 003-2014, §6.1.2 f")
    return values


def require_editable(version: PlanVersion) -> None:
    if not version.editable:
        raise StateConflict(
            _("La versión %(n)s está %(state)s: sus líneas no se modifican; proponga una modificación del plan.")
            % {"n": version.number, "state": version.get_state_display().lower()},
            citation="Art. 25",
            code="version_not_editable",
        )


@transaction.atomic
def line_save(
    *,
    actor: Any,
    version: PlanVersion,
    subgroup: Subgroup,
    lead_entity: Entity,
    entities: list[Entity] | None = None,
    months: list[int] | None = None,
    line: PlanLine | None = None,
    origin: PlanLine | None = None,
    **data: Any,
) -> PlanLine:
    require_plan_manager(actor)
    version = PlanVersion.objects.select_for_update().get(pk=version.pk)
    require_editable(version)
    if not (data.get("product") or "").strip():
        raise RuleViolation(
            _("Cada línea del plan indica su meta o producto."), citation="Directiva N° 003-2014, §6.1.2 d"
        )
    if not (data.get("theme") or "").strip():
        raise RuleViolation(_("Cada línea del plan indica su tema."), citation="Art. 23")
    if line is None:
        position = (version.lines.aggregate(m=Max("position"))["m"] or 0) + 1
        line = PlanLine(version=version, key=uuid.uuid4().hex[:12], position=position, origin=origin)
    elif line.version_id != version.pk:
        raise RuleViolation(_("La línea no pertenece a esta versión."), citation="Art. 25")
    text = {name: data[name] or "" for name in LINE_FIELDS if name in data}
    fields = ("subgroup", "lead_entity", "months", *LINE_FIELDS)
    values = {"subgroup": subgroup, "lead_entity": lead_entity, "months": _clean_months(months), **text}
    model_update(instance=line, fields=fields, data=values, strip=True)
    chosen = {e.pk for e in (entities or [])} | {lead_entity.pk}
    line.entities.set(chosen)
    return line


@transaction.atomic
def line_delete(*, actor: Any, line: PlanLine) -> None:
    require_plan_manager(actor)
    version = PlanVersion.objects.select_for_update().get(pk=line.version_id)
    require_editable(version)
    line.delete()


# --- amendments and versions ---------------------------------------------------------------


def _copy_lines(source: PlanVersion, target: PlanVersion) -> None:
    lines = list(source.lines.prefetch_related("entities"))
    for old in lines:
        new = PlanLine.objects.create(
            version=target,
            key=old.key,
            position=old.position,
            subgroup_id=old.subgroup_id,
            lead_entity_id=old.lead_entity_id,
            responsible_text=old.responsible_text,
            theme=old.theme,
            objectives=old.objectives,
            activities=old.activities,
            product=old.product,
            expected_results=old.expected_results,
            months=list(old.months),
            origin_id=old.origin_id,
            source_note=old.source_note,
        )
        new.entities.set([e.pk for e in old.entities.all()])


@transaction.atomic
def amendment_propose(*, actor: Any, plan: Plan, evaluation: Evaluation, reason: str) -> PlanVersion:
    """The ST proposes an amendment after evaluating the plan (Art. 25): a copy of the version in force."""
    require_plan_manager(actor)
    plan = _lock_plan(plan)
    if not plan.is_public:
        raise StateConflict(
            _("Solo se modifica un plan aprobado; el anteproyecto se edita directamente."),
            citation="Art. 25",
            code="plan_not_approved",
        )
    if evaluation.plan_id != plan.pk:
        raise RuleViolation(_("La evaluación no corresponde a este plan."), citation="Art. 25")
    if not reason.strip():
        raise RuleViolation(_("Indique el fundamento de la modificación."), citation="Art. 25")
    if plan.versions.filter(state=PlanVersion.State.PROPOSED).exists():
        raise StateConflict(
            _("Ya hay una modificación propuesta pendiente de aprobación."),
            citation="Art. 25",
            code="amendment_pending",
        )
    number = (plan.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = PlanVersion.objects.create(
        plan=plan,
        number=number,
        state=PlanVersion.State.PROPOSED,
        based_on_id=plan.current_version_id,
        evaluation=evaluation,
        reason=reason.strip(),
        created_by=actor,
    )
    _copy_lines(plan.version_in_force(), version)
    return version


@transaction.atomic
def amendment_approve(
    *, actor: Any, version: PlanVersion, approved_on: datetime.date, session: Any = None, agreement: str = ""
) -> PlanVersion:
    """The Pleno approved the amendment (Art. 25): it becomes the version in force; the old one is kept."""
    require_plan_manager(actor)
    plan = _lock_plan(version.plan)
    version = PlanVersion.objects.select_for_update().get(pk=version.pk)
    if version.state != PlanVersion.State.PROPOSED:
        raise StateConflict(
            _("Solo se aprueba una modificación propuesta."), citation="Art. 25", code="version_not_proposed"
        )
    if session is None and not agreement.strip():
        raise RuleViolation(_("Indique la sesión del Pleno o el número de acuerdo."), citation="Art. 25")
    # plan_create gives every plan its first version (see Plan.version_in_force).
    assert plan.current_version_id is not None
    PlanVersion.objects.filter(pk=plan.current_version_id).update(state=PlanVersion.State.SUPERSEDED)
    version.state = PlanVersion.State.APPROVED
    version.approved_on, version.approval_session, version.approval_agreement = approved_on, session, agreement
    version.save(update_fields=["state", "approved_on", "approval_session", "approval_agreement"])
    plan.current_version = version
    plan.save(update_fields=["current_version"])
    return version


@transaction.atomic
def amendment_withdraw(*, actor: Any, version: PlanVersion) -> PlanVersion:
    require_plan_manager(actor)
    version = PlanVersion.objects.select_for_update().get(pk=version.pk)
    if version.state != PlanVersion.State.PROPOSED:
        raise StateConflict(
            _("Solo se retira una modificación propuesta."), citation="Art. 25", code="version_not_proposed"
        )
    version.state = PlanVersion.State.WITHDRAWN
    version.save(update_fields=["state"])
    return version


# --- evaluations ----------------------------------------------------------------------------


@transaction.atomic
def evaluation_open(*, actor: Any, plan: Plan, period: str) -> Evaluation:
    """Open a period's evaluation: one report per subgroup and per group of the plan in force."""
    require_plan_manager(actor)
    plan = _lock_plan(plan)
    if not plan.is_public:
        raise StateConflict(_("Se evalúa un plan aprobado."), citation="Art. 25", code="plan_not_approved")
    if period not in Evaluation.Period.values:
        raise RuleViolation(_("Periodo de evaluación desconocido."), citation="Directiva N° 003-2014, §6.4.5")
    if plan.evaluations.filter(period=period).exists():
        raise StateConflict(
            _("Esa evaluación ya está abierta."), citation="Directiva N° 003-2014, §6.4.5", code="evaluation_exists"
        )
    due, found = evaluation_due(plan.year, period)
    version = plan.version_in_force()
    evaluation = Evaluation.objects.create(
        plan=plan, period=period, version=version, due_date=due, due_citation=found.citation
    )
    lines = list(version.lines.select_related("subgroup").order_by("position"))
    by_subgroup: dict[int, list[PlanLine]] = {}
    for line in lines:
        by_subgroup.setdefault(line.subgroup_id, []).append(line)
    group_ids = sorted({line.subgroup.group_id for line in lines})
    GroupReport.objects.bulk_create([GroupReport(evaluation=evaluation, group_id=g) for g in group_ids])
    for subgroup_id, subgroup_lines in by_subgroup.items():
        report = SubgroupReport.objects.create(
            evaluation=evaluation,
            subgroup_id=subgroup_id,
            objectives="\n".join(dict.fromkeys(line.objectives for line in subgroup_lines if line.objectives)),
            activities="\n".join(dict.fromkeys(line.activities for line in subgroup_lines if line.activities)),
            goals_products="\n".join(line.product for line in subgroup_lines),
        )
        ProductProgress.objects.bulk_create([ProductProgress(report=report, line=line) for line in subgroup_lines])
    return evaluation


REPORT_FIELDS = ("objectives", "activities", "goals_products", "difficulties", "corrective_measures", "pending_tasks")


@dataclass
class ProgressInput:
    percent: int
    delivered: bool = False
    note: str = ""
    carry_over: bool = False


def _lock_subgroup_report(report: SubgroupReport) -> SubgroupReport:
    return (
        SubgroupReport.objects.select_for_update(of=("self",))
        .select_related("subgroup", "evaluation")
        .get(pk=report.pk)
    )


@transaction.atomic
def subgroup_report_save(
    *, actor: Any, report: SubgroupReport, progress: dict[int, ProgressInput] | None = None, **data: Any
) -> SubgroupReport:
    """The lead writes its subgroup's report (§6.4.3.1): only its own, only while it holds the pen."""
    report = _lock_subgroup_report(report)
    _require_lead(actor, report)
    if report.state not in (SubgroupReport.State.DRAFT, SubgroupReport.State.RETURNED):
        raise StateConflict(
            _("El informe ya fue enviado a la coordinación; solo se edita si la coordinación lo devuelve."),
            citation="Directiva N° 003-2014, §6.4.3.1",
            code="report_submitted",
        )
    if report.evaluation.state != Evaluation.State.OPEN:
        raise StateConflict(
            _("La evaluación ya fue presentada al Pleno."),
            citation="Directiva N° 003-2014, §6.4.3.5",
            code="evaluation_presented",
        )
    text = {name: str(value) for name, value in data.items() if value is not None}
    model_update(instance=report, fields=(*REPORT_FIELDS, "author"), data={**text, "author": actor}, strip=True)
    if progress:
        rows = {row.line_id: row for row in report.progress.select_for_update()}
        for line_id, value in progress.items():
            row = rows.get(int(line_id))
            if row is None:
                raise RuleViolation(
                    _("El producto no pertenece a este subgrupo."), citation="Directiva N° 003-2014, §6.4.2"
                )
            percent = int(value.percent)
            if not 0 <= percent <= 100:
                raise RuleViolation(
                    _("El porcentaje de avance va de 0 a 100."),
                    citation="Directiva N° 003-2014, §6.4.3.2",
                    field="percent",
                )
            row.percent = 100 if value.delivered else percent
            row.delivered = bool(value.delivered)
            row.note = (value.note or "")[:300]
            row.carry_over = bool(value.carry_over) and report.evaluation.is_annual and not row.delivered
            row.save()
    return report


@transaction.atomic
def subgroup_report_submit(*, actor: Any, report: SubgroupReport) -> SubgroupReport:
    report = _lock_subgroup_report(report)
    _require_lead(actor, report)
    if report.state not in (SubgroupReport.State.DRAFT, SubgroupReport.State.RETURNED):
        raise StateConflict(
            _("El informe ya fue enviado."), citation="Directiva N° 003-2014, §6.4.3.1", code="report_submitted"
        )
    missing = [_verbose_name(f) for f in ("activities", "goals_products") if not getattr(report, f)]
    if missing:
        raise RuleViolation(
            _("Complete la plantilla antes de enviar: %(fields)s.") % {"fields": ", ".join(missing)},
            citation="Directiva N° 003-2014, §6.4.3.4",
        )
    report.state, report.submitted_at = SubgroupReport.State.SUBMITTED, timezone.now()
    if report.first_submitted_at is None:
        # The first sending is what the deadline judges; a report sent again after the coordination
        # returned it keeps the mark of its first sending (and the due date of that moment).
        report.first_submitted_at, report.due_date = report.submitted_at, report.evaluation.due_date
    report.save(update_fields=["state", "submitted_at", "first_submitted_at", "due_date"])
    group_id = report.subgroup.group_id
    with commission_language():
        _notify(
            entity_recipients(group_coordinator_entity_ids(group_id)),
            key=f"wp:sgr:{report.pk}:submitted:{report.submitted_at:%Y%m%d%H%M%S}",
            kind="workplans_report_submitted",
            subject=_("Informe del subgrupo %(code)s — %(ev)s")
            % {"code": report.subgroup.code, "ev": report.evaluation},
            body=_("El responsable del subgrupo %(code)s envió su informe de evaluación. Revíselo en la plataforma.")
            % {"code": report.subgroup.code},
            related=report,
        )
    return report


@transaction.atomic
def subgroup_report_return(*, actor: Any, report: SubgroupReport, comments: str) -> SubgroupReport:
    report = _lock_subgroup_report(report)
    access.require(actor, "subgroup_report.review", report, message=str(COORDINATION_ONLY))
    if report.state != SubgroupReport.State.SUBMITTED:
        raise StateConflict(
            _("Solo se devuelve un informe enviado."),
            citation="Directiva N° 003-2014, §6.4.3.1",
            code="report_not_submitted",
        )
    if not comments.strip():
        raise RuleViolation(
            _("Indique las observaciones para el responsable del subgrupo."), citation="Directiva N° 003-2014, §6.4.3.2"
        )
    report.state, report.coordinator_comments, report.reviewed_at = (
        SubgroupReport.State.RETURNED,
        comments.strip(),
        timezone.now(),
    )
    report.save(update_fields=["state", "coordinator_comments", "reviewed_at"])
    with commission_language():
        _notify(
            entity_recipients(subgroup_lead_entity_ids(report.subgroup_id)),
            key=f"wp:sgr:{report.pk}:returned:{report.reviewed_at:%Y%m%d%H%M%S}",
            kind="workplans_report_returned",
            subject=_("Informe del subgrupo %(code)s devuelto con observaciones") % {"code": report.subgroup.code},
            body=_("La coordinación del grupo devolvió el informe con estas observaciones:\n\n%(c)s")
            % {"c": report.coordinator_comments},
            related=report,
        )
    return report


@transaction.atomic
def subgroup_report_accept(*, actor: Any, report: SubgroupReport) -> SubgroupReport:
    report = _lock_subgroup_report(report)
    access.require(actor, "subgroup_report.review", report, message=str(COORDINATION_ONLY))
    if report.state != SubgroupReport.State.SUBMITTED:
        raise StateConflict(
            _("Solo se consolida un informe enviado por el subgrupo."),
            citation="Directiva N° 003-2014, §6.4.3.1",
            code="report_not_submitted",
        )
    report.state, report.reviewed_at = SubgroupReport.State.ACCEPTED, timezone.now()
    report.save(update_fields=["state", "reviewed_at"])
    return report


def _lock_group_report(report: GroupReport) -> GroupReport:
    return GroupReport.objects.select_for_update(of=("self",)).select_related("evaluation", "group").get(pk=report.pk)


GROUP_REPORT_FIELDS = ("summary", "difficulties", "corrective_measures")


@transaction.atomic
def group_report_save(*, actor: Any, report: GroupReport, **data: Any) -> GroupReport:
    report = _lock_group_report(report)
    access.require(actor, "group_report.write", report, message=str(COORDINATION_ONLY))
    if report.state != GroupReport.State.DRAFT:
        raise StateConflict(
            _("El informe del grupo ya fue remitido a la Secretaría Técnica."),
            citation="Directiva N° 003-2014, §6.4.3.1",
            code="report_filed",
        )
    text = {name: str(value) for name, value in data.items() if value is not None}
    return model_update(instance=report, fields=GROUP_REPORT_FIELDS, data=text, strip=True)[0]


@transaction.atomic
def group_report_file(*, actor: Any, report: GroupReport) -> GroupReport:
    """The coordinator files the consolidated group report to the ST (§6.4.3.1, last sentence)."""
    report = _lock_group_report(report)
    access.require(actor, "group_report.write", report, message=str(COORDINATION_ONLY))
    if report.state != GroupReport.State.DRAFT:
        raise StateConflict(
            _("El informe del grupo ya fue remitido."), citation="Directiva N° 003-2014, §6.4.3.1", code="report_filed"
        )
    pending = list(
        SubgroupReport.objects.filter(evaluation=report.evaluation, subgroup__group_id=report.group_id)
        .exclude(state=SubgroupReport.State.ACCEPTED)
        .values_list("subgroup__code", flat=True)
    )
    if pending:
        raise RuleViolation(
            _("Faltan consolidar los informes de los subgrupos %(codes)s.") % {"codes": ", ".join(sorted(pending))},
            citation="Directiva N° 003-2014, §6.4.3.1",
        )
    report.state, report.filed_at, report.filed_by = GroupReport.State.FILED, timezone.now(), actor
    report.due_date = report.evaluation.due_date
    report.save(update_fields=["state", "filed_at", "filed_by", "due_date"])
    with commission_language():
        _notify(
            secretariat_recipients(),
            key=f"wp:gr:{report.pk}:filed",
            kind="workplans_group_report_filed",
            subject=_("Informe del Grupo %(n)s — %(ev)s") % {"n": report.group.number, "ev": report.evaluation},
            body=_("La coordinación del Grupo %(n)s remitió su informe de evaluación.") % {"n": report.group.number},
            related=report,
        )
    return report


@transaction.atomic
def evaluation_assess(*, actor: Any, evaluation: Evaluation, text: str) -> Evaluation:
    require_plan_manager(actor)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.state != Evaluation.State.OPEN:
        raise StateConflict(
            _("La evaluación ya fue presentada al Pleno."),
            citation="Directiva N° 003-2014, §6.4.3.5",
            code="evaluation_presented",
        )
    evaluation.st_assessment, evaluation.assessed_by = text.strip(), actor
    evaluation.save(update_fields=["st_assessment", "assessed_by"])
    return evaluation


@transaction.atomic
def evaluation_present(
    *, actor: Any, evaluation: Evaluation, presented_on: datetime.date, agenda_item: Any = None
) -> Evaluation:
    """The ST presents the group reports to the Pleno, preceded by its brief qualitative evaluation (§6.4.3.5)."""
    require_plan_manager(actor)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.state != Evaluation.State.OPEN:
        raise StateConflict(
            _("La evaluación ya fue presentada al Pleno."),
            citation="Directiva N° 003-2014, §6.4.3.5",
            code="evaluation_presented",
        )
    if not evaluation.st_assessment.strip():
        raise RuleViolation(
            _("Antes de presentarla, la Secretaría Técnica redacta su breve evaluación cualitativa."),
            citation="Directiva N° 003-2014, §6.4.3.5",
        )
    missing = list(
        evaluation.group_reports.exclude(state=GroupReport.State.FILED).values_list("group__number", flat=True)
    )
    if missing:
        raise RuleViolation(
            _("Faltan los informes de los grupos %(g)s.") % {"g": ", ".join(map(str, missing))},
            citation="Directiva N° 003-2014, §6.4.3.5",
        )
    if agenda_item is not None and not agenda_item.session.is_plenary:
        raise RuleViolation(
            _("El punto de agenda debe ser de una sesión del Pleno."), citation="Directiva N° 003-2014, §6.4.3.5"
        )
    if agenda_item is not None and agenda_item.session.state == Session.State.CANCELLED:
        # The picker hides these; a cancelled session never met, so nothing was presented in it.
        raise StateConflict(
            _("La sesión de ese punto de agenda fue cancelada."),
            citation="Directiva N° 003-2014, §6.4.3.5",
            code="session_cancelled",
        )
    evaluation.state, evaluation.presented_on, evaluation.presented_item = (
        Evaluation.State.PRESENTED,
        presented_on,
        agenda_item,
    )
    evaluation.save(update_fields=["state", "presented_on", "presented_item"])
    return evaluation


@transaction.atomic
def corrective_alert_send(
    *, actor: Any, evaluation: Evaluation, message: str, group_report: GroupReport | None = None
) -> CorrectiveAlert:
    """One click: the ST alerts the Presidency that corrective measures are needed (§6.3.2); logged."""
    require_plan_manager(actor)
    from members.models import Entity as EntityModel

    presidency = list(EntityModel.objects.filter(acronym=PRESIDING_ENTITY_ACRONYM).values_list("pk", flat=True))
    recipients = entity_recipients(presidency)
    if not recipients:
        raise RuleViolation(
            _("No hay representantes de la Presidencia con correo registrado."),
            citation="Directiva N° 003-2014, §6.3.2",
        )
    text = message.strip() or _("La Secretaría Técnica estima conveniente implementar medidas correctivas.")
    alert = CorrectiveAlert.objects.create(
        evaluation=evaluation,
        group_report=group_report,
        message=text,
        sent_by=actor,
        recipients=[email for email, _name in recipients],
    )
    with commission_language():
        scope = f" — {_('Grupo')} {group_report.group.number}" if group_report else ""
        _notify(
            recipients,
            key=f"wp:alert:{alert.pk}",
            kind="workplans_corrective_alert",
            subject=_("Alerta de la Secretaría Técnica: medidas correctivas — %(ev)s%(scope)s")
            % {"ev": evaluation, "scope": scope},
            body=f"{text}\n\n{_('Directiva N° 003-2014, §6.3.2.')}",
            related=alert,
        )
    return alert


# --- annual evaluation and carry-over -------------------------------------------------------


@transaction.atomic
def carry_over(*, actor: Any, evaluation: Evaluation, line_ids: list[int]) -> list[PlanLine]:
    """Carry pending tasks into next year's draft plan, each linked to its origin (§6.4.4.4)."""
    require_plan_manager(actor)
    if not evaluation.is_annual:
        raise RuleViolation(
            _("Las tareas pendientes se trasladan desde la evaluación anual."),
            citation="Directiva N° 003-2014, §6.4.4.4",
        )
    pending = {
        row.line_id: row
        for row in ProductProgress.objects.filter(report__evaluation=evaluation, line_id__in=line_ids)
        .exclude(delivered=True)
        .select_related("line")
    }
    unknown = set(map(int, line_ids)) - set(pending)
    if unknown or not line_ids:
        raise RuleViolation(
            _("Solo se trasladan tareas pendientes (no entregadas) de esta evaluación."),
            citation="Directiva N° 003-2014, §6.4.4.4",
        )
    year = evaluation.plan.year + 1
    plan = Plan.objects.select_for_update().filter(year=year).first() or plan_create(actor=actor, year=year)
    version = plan.version_in_force()
    if not version.editable:
        raise RuleViolation(
            _("El Plan %(y)s ya fue aprobado: las tareas se incorporan mediante una modificación.") % {"y": year},
            citation="Art. 25",
        )
    created = []
    already = set(version.lines.filter(origin_id__in=line_ids).values_list("origin_id", flat=True))
    for line_id in line_ids:
        if int(line_id) in already:
            continue
        old = pending[int(line_id)].line
        created.append(
            line_save(
                actor=actor,
                version=version,
                subgroup=old.subgroup,
                lead_entity=old.lead_entity,
                entities=list(old.entities.all()),
                months=[],
                origin=old,
                theme=old.theme,
                objectives=old.objectives,
                activities=old.activities,
                product=old.product,
                expected_results=old.expected_results,
                responsible_text=old.responsible_text,
                source_note=_("Tarea pendiente del Plan %(y)s (%(p)s %% de avance)")
                % {"y": evaluation.plan.year, "p": pending[int(line_id)].percent},
            )
        )
    return created


# --- one-page estimate ----------------------------------------------------------------------

# Typographic estimate of the printed template (A4, 2 cm margins, 10 pt DejaVu Sans): about 95
# characters per line and 56 lines per page. These describe the paper, not a rule; the page limit
# itself comes from the rule registry.
CHARS_PER_LINE = 95
LINES_PER_PAGE = 56
TEMPLATE_LINES = 12  # title, the template's row headings and spacing


def estimate_report_pages(report: SubgroupReport, progress: list[ProductProgress] | None = None) -> float:
    text_lines = 0
    for name in REPORT_FIELDS:
        for paragraph in (getattr(report, name) or "").splitlines() or [""]:
            text_lines += max(1, math.ceil(len(paragraph) / CHARS_PER_LINE)) if paragraph else 0
    rows = progress if progress is not None else list(report.progress.all())
    for row in rows:
        text_lines += max(1, math.ceil((len(row.line.product) + len(row.note) + 10) / CHARS_PER_LINE))
    # One decimal, the precision shown: the warning then never says "1,0 páginas" exceed one page.
    return round((text_lines + TEMPLATE_LINES) / LINES_PER_PAGE, 1)


def format_pages(pages: float) -> str:
    """A page estimate as the active language writes it, with one decimal ("1,2" in Spanish, "1.2" in
    English). Every page estimate shown (the line under the form, the warning, the live update while
    typing, which the server renders) goes through here, so one page never mixes two conventions."""
    return formats.number_format(pages, decimal_pos=1)


def page_warning(report: SubgroupReport, progress: list[ProductProgress] | None = None) -> str:
    limit = rule("evaluation.subgroup_report_max_pages", on=report.evaluation.due_date)
    pages = estimate_report_pages(report, progress)
    if pages <= int(limit):
        return ""
    return _(
        "El informe ocuparía unas %(pages)s páginas impresas; en la medida de lo posible no debe exceder "
        "%(limit)s página (%(cite)s)."
    ) % {"pages": format_pages(pages), "limit": int(limit), "cite": limit.citation}


# --- reminders ------------------------------------------------------------------------------


@dataclass
class ReminderResult:
    before: int = 0
    late: int = 0
    plan_alerts: int = 0
    details: list[str] = field(default_factory=list)


@in_commission_language
def send_reminders(*, today: datetime.date | None = None) -> ReminderResult:
    """Remind leads and coordinators before the due date and again when late; warn the ST of plan
    milestones about to pass (Art. 24; Dir. 003 §5.1, §6.1.3). Idempotent per day and report."""
    today = today or timezone.localdate()
    result = ReminderResult()
    lead_rule = rule(REMINDER_RULE, on=today)
    open_evaluations = Evaluation.objects.filter(state=Evaluation.State.OPEN).select_related("plan")
    for evaluation in open_evaluations:
        window_start = today
        warn = add_business_days(window_start, int(lead_rule)) >= evaluation.due_date >= today
        late = today > evaluation.due_date
        if not (warn or late):
            continue
        phase = "late" if late else "before"
        with transaction.atomic():
            for report in evaluation.subgroup_reports.select_related("subgroup").filter(
                state__in=[SubgroupReport.State.DRAFT, SubgroupReport.State.RETURNED]
            ):
                subject = (
                    _("Informe vencido: subgrupo %(code)s — %(ev)s")
                    if late
                    else _("Recordatorio: informe del subgrupo %(code)s vence el %(due)s")
                ) % {"code": report.subgroup.code, "ev": evaluation, "due": evaluation.due_date.strftime("%d/%m/%Y")}
                count = _notify(
                    entity_recipients(subgroup_lead_entity_ids(report.subgroup_id, today), today),
                    key=f"wp:remind:{report.pk}:{phase}:{today:%Y%m%d}" if late else f"wp:remind:{report.pk}:before",
                    kind=f"workplans_reminder_{phase}",
                    subject=subject,
                    body=_("El informe de evaluación vence el %(due)s (%(cite)s).")
                    % {"due": evaluation.due_date.strftime("%d/%m/%Y"), "cite": evaluation.due_citation},
                    related=report,
                )
                setattr(result, phase, getattr(result, phase) + count)
            for group_report in evaluation.group_reports.select_related("group").filter(state=GroupReport.State.DRAFT):
                count = _notify(
                    entity_recipients(group_coordinator_entity_ids(group_report.group_id, today), today),
                    key=f"wp:remind:g{group_report.pk}:{phase}:{today:%Y%m%d}"
                    if late
                    else f"wp:remind:g{group_report.pk}:before",
                    kind=f"workplans_reminder_{phase}",
                    subject=(
                        _("Informe del Grupo %(n)s vencido — %(ev)s")
                        if late
                        else _("Recordatorio: informe del Grupo %(n)s vence el %(due)s")
                    )
                    % {
                        "n": group_report.group.number,
                        "ev": evaluation,
                        "due": evaluation.due_date.strftime("%d/%m/%Y"),
                    },
                    body=_("El informe consolidado del grupo vence el %(due)s (%(cite)s).")
                    % {"due": evaluation.due_date.strftime("%d/%m/%Y"), "cite": evaluation.due_citation},
                    related=group_report,
                )
                setattr(result, phase, getattr(result, phase) + count)
    # Plan calendar: the plan of next year (draft, presentation) and of this year (approval).
    with transaction.atomic():
        for plan in Plan.objects.filter(year__in=[today.year, today.year + 1]):
            for milestone in plan_milestones(plan):
                if milestone.done_on:
                    continue
                soon = add_business_days(today, int(lead_rule)) >= milestone.due >= today
                if not (soon or milestone.overdue(today)):
                    continue
                state = "late" if milestone.overdue(today) else "soon"
                text = _("%(label)s del %(plan)s: vence el %(due)s (%(cite)s).") % {
                    "label": milestone.label,
                    "plan": plan,
                    "due": milestone.due.strftime("%d/%m/%Y"),
                    "cite": milestone.citation,
                }
                result.plan_alerts += _notify(
                    secretariat_recipients(today),
                    key=f"wp:plan:{plan.pk}:{milestone.key}:{state}",
                    kind="workplans_plan_calendar",
                    subject=text,
                    body=text,
                    related=plan,
                )
                result.details.append(text)
    return result


# --- documents ------------------------------------------------------------------------------


@transaction.atomic
def document_request(*, actor: Any, plan: Plan, kind: str, evaluation: Evaluation | None = None) -> ReportDocument:
    require_plan_manager(actor)
    plan = _lock_plan(plan)
    if kind == ReportDocument.Kind.ANNUAL and plan.documents.filter(kind=kind, approved=True).exists():
        raise RuleViolation(
            _(
                "La memoria anual de %(y)s ya fue aprobada por el Pleno: el PDF aprobado queda archivado y no se regenera."
            )
            % {"y": plan.year},
            citation="Art. 8.2 d",
        )
    if kind == ReportDocument.Kind.EVALUATION and (evaluation is None or evaluation.plan_id != plan.pk):
        raise RuleViolation(_("Indique la evaluación del plan."), citation="Directiva N° 003-2014, §6.4.3.5")
    # At most one pending render per document: asking again while one is queued or running (and
    # recent enough to be alive) answers with that one.
    pending = plan.documents.filter(
        in_flight(), kind=kind, evaluation=evaluation if kind == ReportDocument.Kind.EVALUATION else None
    ).first()
    if pending is not None:
        return pending
    document = ReportDocument.objects.create(
        kind=kind,
        plan=plan,
        evaluation=evaluation if kind == ReportDocument.Kind.EVALUATION else None,
        requested_by=actor,
    )
    # A broker outage leaves the document pending; tasks.sweep_pending_documents sends it again.
    after_commit(RENDER_TASK, document.pk)
    return document


@transaction.atomic
def annual_report_approve(
    *, actor: Any, document: ReportDocument, approved_on: datetime.date, session: Any = None, agreement: str = ""
) -> ReportDocument:
    """The Pleno approved the memoria (Art. 8.2 d): record it; the file is archived from now on."""
    require_plan_manager(actor)
    document = ReportDocument.objects.select_for_update().get(pk=document.pk)
    if document.kind != ReportDocument.Kind.ANNUAL or document.status != ReportDocument.Status.DONE:
        raise StateConflict(
            _("Solo se aprueba una memoria anual ya generada."), citation="Art. 8.2 d", code="document_not_ready"
        )
    if document.approved:
        raise StateConflict(_("Esta memoria ya fue aprobada."), citation="Art. 8.2 d", code="document_approved")
    if session is None and not agreement.strip():
        raise RuleViolation(_("Indique la sesión del Pleno o el número de acuerdo."), citation="Art. 8.2 d")
    document.approved, document.approved_on, document.approval_session, document.approval_agreement = (
        True,
        approved_on,
        session,
        agreement,
    )
    document.save(update_fields=["approved", "approved_on", "approval_session", "approval_agreement"])
    return document
