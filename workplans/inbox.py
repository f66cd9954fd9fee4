"""What the work plan puts in the home page's inbox: evaluation reports due, late or returned
(Dir. 003 §6.4), and the products of one's group or subgroup behind their schedule (R19, R21)."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable, Iterable

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mtigm.core import access
from mtigm.core.access import UserRoles
from mtigm.core.inbox import INBOX_LIMIT, InboxItem, InboxSection, Urgency, section, urgency

from .models import MONTHS, Evaluation, GroupReport, Plan, PlanLine, ProductProgress, SubgroupReport


def _open(queryset: QuerySet, *, evaluation: str = "evaluation") -> QuerySet:
    return queryset.filter(**{f"{evaluation}__state": Evaluation.State.OPEN}).order_by(f"{evaluation}__due_date", "pk")


def _group_report_item(today: datetime.date) -> Callable[[GroupReport], InboxItem]:
    def to_item(report: GroupReport) -> InboxItem:
        due = report.evaluation.due_date
        return InboxItem(
            _("Grupo %(number)s — %(evaluation)s") % {"number": report.group.number, "evaluation": report.evaluation},
            reverse("workplans:group-report", args=[report.pk]),
            due,
            urgency(due, today),
            report.get_state_display(),
        )

    return to_item


def _subgroup_report_item(today: datetime.date) -> Callable[[SubgroupReport], InboxItem]:
    def to_item(report: SubgroupReport) -> InboxItem:
        due = report.evaluation.due_date
        detail = report.get_state_display()
        if report.state == SubgroupReport.State.RETURNED and report.coordinator_comments:
            detail = f"{detail}: {report.coordinator_comments[:120]}"
        return InboxItem(
            _("Subgrupo %(code)s — %(evaluation)s") % {"code": report.subgroup.code, "evaluation": report.evaluation},
            reverse("workplans:subgroup-report", args=[report.pk]),
            due,
            Urgency.LATE if report.state == SubgroupReport.State.RETURNED else urgency(due, today),
            detail,
        )

    return to_item


def group_reports_due(roles: UserRoles) -> Iterable[InboxSection]:
    """For the ST: group reports of open evaluations not yet filed, due or late (Dir. 003 §6.4)."""
    if not access.can(roles, "plan.manage"):
        return
    reports = GroupReport.objects.filter(state=GroupReport.State.DRAFT).select_related("group", "evaluation__plan")
    yield section(
        "group_reports_due",
        gettext_lazy("Informes de evaluación pendientes"),
        _open(access.scope_visible(reports, roles, "group_report")),
        _group_report_item(roles.day),
        url=reverse("workplans:my-reports"),
        order=45,
    )


def reports_to_write(roles: UserRoles) -> Iterable[InboxSection]:
    """For a subgroup lead: its reports still to send, and those its coordinator returned (§6.4.3.1)."""
    if not access.can(roles, "subgroup_report.write"):
        return
    reports = SubgroupReport.objects.filter(
        state__in=[SubgroupReport.State.DRAFT, SubgroupReport.State.RETURNED]
    ).select_related("subgroup", "evaluation__plan")
    yield section(
        "subgroup_reports_to_write",
        gettext_lazy("Informes de subgrupo por enviar"),
        _open(access.scope(reports, roles, "subgroup_report.write")),
        _subgroup_report_item(roles.day),
        url=reverse("workplans:my-reports"),
        order=25,
    )


def reports_to_review(roles: UserRoles) -> Iterable[InboxSection]:
    """For a coordinator: subgroup reports sent to it, to return or accept (§6.4.3.1)."""
    if not access.can(roles, "subgroup_report.review"):
        return
    reports = SubgroupReport.objects.filter(state=SubgroupReport.State.SUBMITTED).select_related(
        "subgroup", "evaluation__plan"
    )
    yield section(
        "subgroup_reports_to_review",
        gettext_lazy("Informes de subgrupo por revisar"),
        _open(access.scope(reports, roles, "subgroup_report.review")),
        _subgroup_report_item(roles.day),
        url=reverse("workplans:my-reports"),
        order=26,
    )


def group_reports_to_file(roles: UserRoles) -> Iterable[InboxSection]:
    """For a coordinator: its group's report, to consolidate and file to the ST (Art. 20.2, §6.4)."""
    if not access.can(roles, "group_report.write"):
        return
    reports = GroupReport.objects.filter(state=GroupReport.State.DRAFT).select_related("group", "evaluation__plan")
    yield section(
        "group_reports_to_file",
        gettext_lazy("Informe de grupo por remitir"),
        _open(access.scope(reports, roles, "group_report.write")),
        _group_report_item(roles.day),
        url=reverse("workplans:my-reports"),
        order=27,
    )


def _last_scheduled_day(line: PlanLine, year: int) -> datetime.date | None:
    months = [m for m in line.months if isinstance(m, int) and m in MONTHS]
    if not months:
        return None
    month = max(months)
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def products_behind(roles: UserRoles) -> Iterable[InboxSection]:
    """For a coordinator or a subgroup lead: products of the plan in force whose schedule (R19) has
    no month left this year and that no report marked delivered."""
    if not (access.can(roles, "subgroup_report.review") or access.can(roles, "subgroup_report.write")):
        return
    day = roles.day
    delivered = ProductProgress.objects.filter(
        delivered=True, line__key=OuterRef("key"), report__evaluation__plan=OuterRef("version__plan")
    )
    lines = (
        PlanLine.objects.filter(
            version=F("version__plan__current_version"),
            version__plan__year=day.year,
            version__plan__state__in=[Plan.State.APPROVED, Plan.State.PUBLISHED],
        )
        .filter(Q(subgroup__group_id__in=roles.coordinated_group_ids) | Q(subgroup_id__in=roles.led_subgroup_ids))
        .exclude(Exists(delivered))
        .select_related("subgroup")
    )

    def to_item(line: PlanLine) -> InboxItem:
        due = _last_scheduled_day(line, day.year)
        product = line.product if len(line.product) <= 120 else line.product[:119] + "…"
        return InboxItem(
            f"{line.subgroup.code} — {product}",
            reverse("workplans:dashboard", args=[day.year]),
            due,
            urgency(due, day),
            _("Su cronograma terminó y no figura como entregado."),
        )

    # The schedule is a JSON list of months, which SQLite (the embedded default) cannot search: the
    # year's lines of the user's groups are few, so the months are read here, in the one query.
    behind = [
        line
        for line in access.scope_visible(lines, roles, "plan_line").order_by("subgroup__code", "position")
        if line.months and max(line.months) < day.month
    ]
    yield InboxSection(
        key="products_behind",
        title=gettext_lazy("Productos con retraso"),
        count=len(behind),
        items=tuple(map(to_item, behind[:INBOX_LIMIT])),
        url=reverse("workplans:dashboard", args=[day.year]),
        order=28,
    )


INBOX = [group_reports_due, reports_to_write, reports_to_review, group_reports_to_file, products_behind]
