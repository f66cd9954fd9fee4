"""Reads of the workspaces and their libraries: each prefetches its joins, so a page costs the same
number of queries with 2 documents or 200."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from members.models import Designation, GroupMembership, Subgroup, SubgroupMembership, WorkingGroup
from members.selectors import groups_with_structure, representatives_prefetch
from mtigm.core import access
from sessions.models import Session
from workplans.models import Plan, PlanLine
from workplans.selectors import group_reports_visible, lines_of, plans_visible, subgroup_reports_visible

from .models import Classification, Document, DocumentLink, DocumentVersion, Folder

PAGE_SIZE = 50


def documents_visible(actor: Any) -> QuerySet[Document]:
    queryset = Document.objects.select_related(
        "group", "subgroup__group", "folder", "current_version__uploaded_by"
    ).order_by("-updated_at", "-pk")
    return access.scope_visible(queryset, actor, "library_document")


def public_documents() -> QuerySet[Document]:
    """What the public portal and its open data show: documents classified público that have a file."""
    return (
        Document.objects.filter(classification=Classification.PUBLIC, current_version__isnull=False)
        .select_related("group", "subgroup__group", "current_version")
        .order_by("-updated_at", "-pk")
    )


def workspace_documents(
    actor: Any, workspace: WorkingGroup | Subgroup, *, text: str = "", folder: Folder | None = None
) -> QuerySet[Document]:
    """The documents of one workspace the actor may see; a group's include its subgroups'."""
    if isinstance(workspace, WorkingGroup):
        where = Q(group=workspace) | Q(subgroup__group=workspace)
    else:
        where = Q(subgroup=workspace)
    queryset = documents_visible(actor).filter(where)
    if folder is not None:
        queryset = queryset.filter(folder=folder)
    for word in text.split()[:8]:
        queryset = queryset.filter(title__icontains=word)
    return queryset


def folders_of(workspace: WorkingGroup | Subgroup) -> QuerySet[Folder]:
    where = {"group": workspace} if isinstance(workspace, WorkingGroup) else {"subgroup": workspace}
    return Folder.objects.filter(**where).order_by("name", "pk")


def document_detail(document: Document) -> dict[str, Any]:
    versions = list(document.versions.select_related("uploaded_by").order_by("-number"))
    links = list(
        document.links.select_related("line__version__plan", "line__subgroup", "agenda_item__session", "linked_by")
    )
    return {"versions": versions, "links": links}


@dataclass
class Workspace:
    """One group's or subgroup's page: who is in it, what it plans and reports, when it meets."""

    group: WorkingGroup
    subgroup: Subgroup | None
    entities: list[Any] = field(default_factory=list)  # memberships with current_designations
    coordinators: list[Any] = field(default_factory=list)
    subgroups: list[Subgroup] = field(default_factory=list)
    plan: Plan | None = None
    lines: list[PlanLine] = field(default_factory=list)
    group_reports: list[Any] = field(default_factory=list)
    subgroup_reports: list[Any] = field(default_factory=list)
    meetings: list[Session] = field(default_factory=list)


def _plan_of_year(actor: Any, year: int) -> Plan | None:
    """The plan of ``year``, or else the latest earlier one the actor may see (the one in force)."""
    return plans_visible(actor).filter(year__lte=year).order_by("-year").first()


def _lines(plan: Plan | None, subgroup_ids: list[int]) -> list[PlanLine]:
    if plan is None or plan.current_version_id is None:
        return []
    lines = lines_of(plan.current_version_id).filter(subgroup_id__in=subgroup_ids)
    return list(lines.prefetch_related(evidence_prefetch()))


def evidence_prefetch() -> Prefetch:
    """A plan line's linked documents (evidence of delivery), newest version included."""
    return Prefetch(
        "library_links",
        queryset=DocumentLink.objects.select_related("document__current_version").order_by("linked_at"),
        to_attr="evidence",
    )


def group_workspace(actor: Any, group: WorkingGroup, *, day: datetime.date | None = None) -> Workspace:
    day = day or timezone.localdate()
    structured = groups_with_structure(day, with_history=False).prefetch_related(
        Prefetch(
            "memberships",
            queryset=GroupMembership.objects.on(day)
            .select_related("entity")
            .prefetch_related(representatives_prefetch(day, "entity__designations"))
            .order_by("entity__acronym"),
            to_attr="members_with_people",
        )
    )
    group = structured.get(pk=group.pk)
    plan = _plan_of_year(actor, day.year)
    subgroups = list(group.subgroups.all())
    reports = group_reports_visible(actor).filter(group=group).order_by("-evaluation__plan__year", "-pk")[:12]
    sub_reports = subgroup_reports_visible(actor).filter(subgroup__group=group).order_by("-pk")[:12]
    meetings = access.scope_visible(
        Session.objects.filter(Q(group=group) | Q(subgroup__group=group)), actor, "session"
    ).order_by("-starts_at")[:10]
    return Workspace(
        group=group,
        subgroup=None,
        entities=group.members_with_people,
        coordinators=group.current_coordinators,  # type: ignore[attr-defined]
        subgroups=subgroups,
        plan=plan,
        lines=_lines(plan, [s.pk for s in subgroups]),
        group_reports=list(reports),
        subgroup_reports=list(sub_reports),
        meetings=list(meetings),
    )


def subgroup_workspace(actor: Any, subgroup: Subgroup, *, day: datetime.date | None = None) -> Workspace:
    day = day or timezone.localdate()
    members = (
        SubgroupMembership.objects.on(day)
        .filter(subgroup=subgroup)
        .select_related("entity")
        .prefetch_related(representatives_prefetch(day, "entity__designations"))
        .order_by("entity__acronym")
    )
    leads = list(subgroup.leads.on(day).select_related("entity"))
    plan = _plan_of_year(actor, day.year)
    sub_reports = subgroup_reports_visible(actor).filter(subgroup=subgroup).order_by("-pk")[:12]
    meetings = access.scope_visible(Session.objects.filter(subgroup=subgroup), actor, "session").order_by("-starts_at")[
        :10
    ]
    return Workspace(
        group=subgroup.group,
        subgroup=subgroup,
        entities=list(members),
        coordinators=leads,
        plan=plan,
        lines=_lines(plan, [subgroup.pk]),
        subgroup_reports=list(sub_reports),
        meetings=list(meetings),
    )


def my_workspaces(actor: Any) -> tuple[list[WorkingGroup], list[Subgroup]]:
    groups = access.scope_visible(WorkingGroup.objects.filter(dissolved_on__isnull=True), actor, "workspace_group")
    subgroups = access.scope_visible(
        Subgroup.objects.filter(dissolved_on__isnull=True).select_related("group"), actor, "workspace_subgroup"
    )
    return list(groups.order_by("number")), list(subgroups.order_by("group__number", "code"))


def new_versions_between(start: datetime.datetime, end: datetime.datetime) -> QuerySet[DocumentVersion]:
    """Versions uploaded in [start, end), with their documents' workspaces: what a digest lists."""
    return (
        DocumentVersion.objects.filter(uploaded_at__gte=start, uploaded_at__lt=end)
        .select_related("document__group", "document__subgroup__group", "uploaded_by")
        .order_by("document__group_id", "document__subgroup_id", "uploaded_at")
    )


def digest_recipients(day: datetime.date) -> QuerySet[Designation]:
    """Representatives in office with a login and an address, who have not opted out."""
    return (
        Designation.objects.on(day)
        .filter(person__user__isnull=False, person__user__is_active=True)
        .exclude(person__email="")
        .exclude(person__user__library_digest_opt_out__isnull=False)
        .select_related("person__user")
    )
