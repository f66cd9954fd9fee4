"""Fetch-or-raise helpers of the work plan (Zulip's ``access_*`` shape).

Each asks the access layer (``mtigm.core.access``): 404 when the object does not exist or is hidden
from the user (a draft plan, for anyone but the ST), 403 when it is visible but ``action`` (a
permission) is not theirs.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from mtigm.core import access

from .models import (
    Evaluation,
    GroupReport,
    Plan,
    PlanLine,
    PlanVersion,
    ProductProgress,
    ReportDocument,
    SubgroupReport,
)


def access_plan(user: Any, year: Any, *, action: str = "view", for_update: bool = False) -> Plan:
    queryset = Plan.objects.select_related("current_version", "approval_session")
    return access.fetch(user, "plan", queryset, year=year, action=action, for_update=for_update)


def access_version(user: Any, plan: Plan, number: Any, *, action: str = "view") -> PlanVersion:
    queryset = PlanVersion.objects.select_related("plan").filter(plan=plan)
    return access.fetch(user, "plan_version", queryset, number=number, action=action)


def access_version_by_id(user: Any, plan: Plan, version_id: Any, *, action: str = "view") -> PlanVersion:
    queryset = PlanVersion.objects.select_related("plan").filter(plan=plan)
    return access.fetch(user, "plan_version", queryset, pk=version_id, action=action)


def access_line(user: Any, version: PlanVersion, line_id: Any, *, action: str = "view") -> PlanLine:
    queryset = PlanLine.objects.select_related("version__plan").filter(version=version)
    return access.fetch(user, "plan_line", queryset, pk=line_id, action=action)


def access_evaluation(user: Any, plan: Plan, period: Any, *, action: str = "view") -> Evaluation:
    queryset = Evaluation.objects.select_related("plan", "presented_item__session").filter(plan=plan)
    return access.fetch(user, "evaluation", queryset, period=period, action=action)


def access_subgroup_report(user: Any, report_id: Any, *, action: str = "view") -> SubgroupReport:
    queryset = SubgroupReport.objects.select_related("subgroup__group", "evaluation__plan").prefetch_related(
        Prefetch("progress", queryset=ProductProgress.objects.select_related("line").order_by("line__position"))
    )
    return access.fetch(user, "subgroup_report", queryset, pk=report_id, action=action)


def access_group_report(
    user: Any, report_id: Any, *, evaluation: Evaluation | None = None, action: str = "view"
) -> GroupReport:
    """A group's report; with ``evaluation``, only a report of that evaluation."""
    queryset = GroupReport.objects.select_related("group", "evaluation__plan", "filed_by")
    if evaluation is not None:
        queryset = queryset.filter(evaluation=evaluation)
    return access.fetch(user, "group_report", queryset, pk=report_id, action=action)


def access_document(user: Any, document_id: Any, *, plan: Plan | None = None, action: str = "view") -> ReportDocument:
    queryset = ReportDocument.objects.select_related("plan", "evaluation")
    if plan is not None:
        queryset = queryset.filter(plan=plan)
    return access.fetch(user, "report_document", queryset, pk=document_id, action=action)
