"""Reads of the work-plan app: querysets with their joins prefetched, and figures for the
dashboard, the version comparison and the yearly report."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mtigm.core import access

from .models import Evaluation, GroupReport, Plan, PlanLine, PlanVersion, ProductProgress, SubgroupReport


def plans_visible(actor: Any) -> QuerySet[Plan]:
    """The plans ``actor`` may see: the ST, drafts too; everyone else, approved and published ones (Art. 24)."""
    queryset = Plan.objects.select_related("current_version", "approval_session")
    return access.scope_visible(queryset, actor, "plan")


def lines_of(version: PlanVersion | int) -> QuerySet[PlanLine]:
    version_id = version if isinstance(version, int) else version.pk
    return (
        PlanLine.objects.filter(version_id=version_id)
        .select_related("subgroup__group", "lead_entity", "origin__version__plan")
        .prefetch_related("entities")
        .order_by("subgroup__group__number", "position")
    )


# --- reports visibility ---------------------------------------------------------------------


def subgroup_reports_visible(actor: Any) -> QuerySet[SubgroupReport]:
    """The subgroup reports ``actor`` may see: the ST, all; a lead, its subgroups'; a coordinator, its
    groups' once sent; everyone with a role, those of evaluations presented to the Pleno (published
    on the intranet, §6.4.3.6). The access matrix says so (``subgroup_report.view``)."""
    queryset = SubgroupReport.objects.select_related("subgroup__group", "evaluation__plan").prefetch_related(
        Prefetch("progress", queryset=ProductProgress.objects.select_related("line").order_by("line__position"))
    )
    return access.scope_visible(queryset, actor, "subgroup_report")


def group_reports_visible(actor: Any) -> QuerySet[GroupReport]:
    """The group reports ``actor`` may see (``group_report.view`` in the access matrix)."""
    queryset = GroupReport.objects.select_related("group", "evaluation__plan", "filed_by")
    return access.scope_visible(queryset, actor, "group_report")


# --- version comparison ---------------------------------------------------------------------


@dataclass
class LineChange:
    key: str
    label: str
    kind: str  # added | removed | changed
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (field label, old, new)


def _display(line: PlanLine, name: str) -> str:
    if name == "subgroup_id":
        return line.subgroup.code
    if name == "lead_entity_id":
        return line.lead_entity.acronym
    if name == "months":
        return ", ".join(map(str, line.months)) or "—"
    return getattr(line, name) or ""


def version_diff(old: PlanVersion, new: PlanVersion) -> list[LineChange]:
    """What changed from ``old`` to ``new``, line by line (matched by their stable key)."""
    before = {line.key: line for line in lines_of(old)}
    after = {line.key: line for line in lines_of(new)}
    labels = {
        "subgroup_id": _("Subgrupo"),
        "lead_entity_id": _("Entidad responsable"),
        "theme": _("Tema"),
        "objectives": _("Objetivos"),
        "activities": _("Actividades"),
        "product": _("Metas / productos"),
        "expected_results": _("Resultados esperados"),
        "months": _("Cronograma"),
        "entities": _("Entidades"),
    }
    changes: list[LineChange] = []
    for key, line in after.items():
        label = f"{line.subgroup.code} — {line.product[:80]}"
        if key not in before:
            changes.append(LineChange(key, label, "added"))
            continue
        previous = before[key]
        fields = [
            (str(labels[name]), _display(previous, name), _display(line, name))
            for name in PlanLine.DIFF_FIELDS
            if getattr(previous, name) != getattr(line, name)
        ]
        old_entities = sorted(e.acronym for e in previous.entities.all())
        new_entities = sorted(e.acronym for e in line.entities.all())
        if old_entities != new_entities:
            fields.append((str(labels["entities"]), " ".join(old_entities), " ".join(new_entities)))
        if fields:
            changes.append(LineChange(key, label, "changed", fields))
    for key, line in before.items():
        if key not in after:
            changes.append(LineChange(key, f"{line.subgroup.code} — {line.product[:80]}", "removed"))
    return changes


# --- dashboard ------------------------------------------------------------------------------


@dataclass
class SubgroupRow:
    code: str
    theme: str
    lead: str
    percent: int | None
    products: int
    delivered: int
    report_state: str = ""
    report_late: bool = False
    delivered_lines: list[PlanLine] = field(default_factory=list)
    pending_lines: list[PlanLine] = field(default_factory=list)


@dataclass
class GroupRow:
    number: int
    name: str
    subgroups: list[SubgroupRow] = field(default_factory=list)

    @property
    def percent(self) -> int | None:
        values = [s.percent for s in self.subgroups if s.percent is not None]
        return round(sum(values) / len(values)) if values else None

    @property
    def products_total(self) -> int:
        return sum(s.products for s in self.subgroups)

    @property
    def delivered_total(self) -> int:
        return sum(s.delivered for s in self.subgroups)


@dataclass
class EvaluationRow:
    evaluation: Evaluation
    subgroup_total: int
    subgroup_done: int
    group_total: int
    group_filed: int
    late: int  # reports (subgroup and group) sent after their due date
    overdue: int = 0  # reports not sent yet although the due date has passed


@dataclass
class Dashboard:
    plan: Plan
    groups: list[GroupRow]
    lines: list[PlanLine]
    evaluations: list[EvaluationRow]
    latest: Evaluation | None
    products: int
    delivered: int
    today: datetime.date

    @property
    def percent(self) -> int | None:
        values = [g.percent for g in self.groups if g.percent is not None]
        return round(sum(values) / len(values)) if values else None

    @property
    def late_reports(self) -> int:
        """Reports of the year sent after their due date, all evaluations together."""
        return sum(row.late for row in self.evaluations)


def dashboard(plan: Plan, *, today: datetime.date | None = None, presented_only: bool = False) -> Dashboard:
    """Figures of a plan's year in a fixed number of queries, whatever the plan's size.

    The ST's working view reads every evaluation with a report sent. With ``presented_only``,
    progress and delivered products come only from evaluations presented to the Plenary: what is
    published (Dir. 003 §6.4.3.6), as the report to the PCM, read by every member, must state."""
    today = today or timezone.localdate()
    lines = list(lines_of(plan.current_version_id)) if plan.current_version_id else []
    evaluations = list(plan.evaluations.order_by("due_date"))
    reports = list(SubgroupReport.objects.filter(evaluation__plan=plan).select_related("subgroup", "evaluation"))
    group_reports = list(GroupReport.objects.filter(evaluation__plan=plan).select_related("evaluation"))
    done_states = {SubgroupReport.State.SUBMITTED, SubgroupReport.State.ACCEPTED}
    # Only reports sent to the coordinator count: a product ticked in a draft never sent, or in a
    # report returned with observations, is not delivered (the percent below reads the same states).
    counted = ProductProgress.objects.filter(report__evaluation__plan=plan, report__state__in=done_states)
    if presented_only:
        counted = counted.filter(report__evaluation__state=Evaluation.State.PRESENTED)
    progress = list(counted.values("report__evaluation_id", "line__key", "line__subgroup_id", "percent", "delivered"))
    # The latest evaluation with any report sent (and presented, when asked) gives the progress shown.
    with_data = [
        e
        for e in evaluations
        if any(r.evaluation_id == e.pk and r.state in done_states for r in reports)
        and (not presented_only or e.state == Evaluation.State.PRESENTED)
    ]
    latest = with_data[-1] if with_data else None
    latest_reports = {r.subgroup_id: r for r in reports if latest and r.evaluation_id == latest.pk}
    percent_by_subgroup: dict[int, list[int]] = defaultdict(list)
    delivered_keys: set[str] = set()
    for row in progress:
        if row["delivered"]:
            delivered_keys.add(row["line__key"])
        if latest and row["report__evaluation_id"] == latest.pk:
            report = latest_reports.get(row["line__subgroup_id"])
            if report and report.state in done_states:
                percent_by_subgroup[row["line__subgroup_id"]].append(row["percent"])
    groups: dict[int, GroupRow] = {}
    seen: dict[int, SubgroupRow] = {}
    for line in lines:
        group = line.subgroup.group
        group_row = groups.setdefault(group.number, GroupRow(group.number, group.name))
        subgroup_row = seen.get(line.subgroup_id)
        if subgroup_row is None:
            values = percent_by_subgroup.get(line.subgroup_id)
            report = latest_reports.get(line.subgroup_id)
            subgroup_row = SubgroupRow(
                code=line.subgroup.code,
                theme=line.theme,
                lead=line.lead_entity.acronym,
                percent=round(sum(values) / len(values)) if values else None,
                products=0,
                delivered=0,
                report_state=report.get_state_display() if report else "",
                report_late=bool(report and report.late),
            )
            seen[line.subgroup_id] = subgroup_row
            group_row.subgroups.append(subgroup_row)
        subgroup_row.products += 1
        if line.key in delivered_keys:
            subgroup_row.delivered += 1
            subgroup_row.delivered_lines.append(line)
        else:
            subgroup_row.pending_lines.append(line)
    evaluation_rows = []
    for evaluation in evaluations:
        mine = [r for r in reports if r.evaluation_id == evaluation.pk]
        filed = [g for g in group_reports if g.evaluation_id == evaluation.pk]
        done = [r for r in mine if r.state in done_states]
        # Late is what happened (sent after the due date recorded when sent); overdue is what is
        # still missing once the due date has passed. Both come from rows already loaded above.
        late = sum(1 for r in mine if r.late) + sum(1 for g in filed if g.late)
        overdue = 0
        if today > evaluation.due_date:
            overdue = sum(1 for r in mine if r.first_submitted_at is None)
            overdue += sum(1 for g in filed if g.state != GroupReport.State.FILED)
        evaluation_rows.append(
            EvaluationRow(
                evaluation,
                subgroup_total=len(mine),
                subgroup_done=len(done),
                group_total=len(filed),
                group_filed=sum(1 for g in filed if g.state == GroupReport.State.FILED),
                late=late,
                overdue=overdue,
            )
        )
    return Dashboard(
        plan=plan,
        groups=[groups[n] for n in sorted(groups)],
        lines=lines,
        evaluations=evaluation_rows,
        latest=latest,
        products=len(lines),
        delivered=sum(1 for line in lines if line.key in delivered_keys),
        today=today,
    )


def pending_tasks(evaluation: Evaluation) -> QuerySet[ProductProgress]:
    """Products not delivered at the annual evaluation, with the recommendation to carry them (§6.4.4.4)."""
    return (
        ProductProgress.objects.filter(report__evaluation=evaluation, delivered=False)
        .select_related("line__subgroup__group", "line__lead_entity", "report")
        .prefetch_related("line__carried_into")
        .order_by("line__subgroup__group__number", "line__position")
    )


# --- yearly report (memoria) ----------------------------------------------------------------


@dataclass
class AttendanceRow:
    acronym: str
    name: str
    attended: int
    sessions: int

    @property
    def rate(self) -> int:
        return round(100 * self.attended / self.sessions) if self.sessions else 0


def sessions_of_year(year: int) -> dict[str, Any]:
    """Plenary sessions held in ``year`` by kind and the attendance rate of each member entity."""
    from members.models import EntityKind, Membership
    from sessions.models import Attendance, Session

    sessions = list(
        Session.objects.filter(
            starts_at__year=year,
            kind__in=Session.PLENARY_KINDS,
            state=Session.State.HELD,
        ).order_by("starts_at")
    )
    by_series: dict[str, int] = defaultdict(int)
    for session in sessions:
        by_series[session.get_series_display()] += 1
    present = set(Attendance.objects.filter(session__in=sessions).values_list("session_id", "entity_id").distinct())
    memberships = list(
        Membership.objects.filter(kind=EntityKind.MEMBER).select_related("entity").order_by("entity__acronym")
    )
    rows: dict[int, AttendanceRow] = {}
    for membership in memberships:
        for session in sessions:
            day = timezone.localdate(session.starts_at)
            if membership.start <= day and (membership.end is None or day <= membership.end):
                row = rows.setdefault(
                    membership.entity_id, AttendanceRow(membership.entity.acronym, membership.entity.name, 0, 0)
                )
                row.sessions += 1
                row.attended += (session.pk, membership.entity_id) in present
    return {
        "sessions": sessions,
        "by_series": dict(by_series),
        "attendance": sorted(rows.values(), key=lambda r: r.acronym),
    }


def composition_changes(year: int) -> dict[str, Any]:
    from members.models import Designation, Membership

    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    members = list(Membership.objects.on(end).select_related("entity").order_by("kind", "entity__acronym"))
    joined = list(Membership.objects.filter(start__range=(start, end)).select_related("entity"))
    left = list(Membership.objects.filter(end__range=(start, end)).select_related("entity"))
    designations = list(
        Designation.objects.filter(start__range=(start, end)).select_related("entity", "person").order_by("start")
    )
    return {"members": members, "joined": joined, "left": left, "designations": designations}


def agreements_of_year(year: int) -> dict[str, Any]:
    """Agreements and their status when the decisions app provides them; otherwise "no disponible"."""
    try:
        model = apps.get_model("decisions", "Agreement")
    except LookupError:
        return {"available": False, "rows": [], "by_status": {}}
    names = {f.name for f in model._meta.get_fields()}
    queryset = model.objects.all()
    for date_field in ("adopted_on", "date", "created_at"):
        if date_field in names:
            queryset = queryset.filter(**{f"{date_field}__year": year})
            break
    rows = list(queryset[:500])
    by_status: dict[str, int] = defaultdict(int)
    for row in rows:
        status = row.get_status_display() if hasattr(row, "get_status_display") else ""
        by_status[status or "—"] += 1
    return {"available": True, "rows": rows, "by_status": dict(by_status)}
