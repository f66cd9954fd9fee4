"""Reads of the Global Compact follow-up: lists scoped by the access layer, with what they show
fetched up front (a list costs the same number of queries for 2 rows as for 200)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from members.models import Entity, Membership
from mtigm.core import access

from .models import Consultation, Contribution, FocalPoint, InformeNarrative, Objective, ReferenceItem, ThematicArea

ANSWERED = (Contribution.State.SUBMITTED, Contribution.State.ACCEPTED)


def objectives() -> QuerySet[Objective]:
    return Objective.objects.prefetch_related(Prefetch("areas", queryset=ThematicArea.objects.order_by("number")))


def areas() -> QuerySet[ThematicArea]:
    return ThematicArea.objects.prefetch_related(Prefetch("objectives", queryset=Objective.objects.order_by("number")))


def reference_items(kind: str | None = None) -> QuerySet[ReferenceItem]:
    items = ReferenceItem.objects.order_by("kind", "position")
    return items.filter(kind=kind) if kind else items


def focal_points_visible(actor: Any, *, current: bool = False) -> QuerySet[FocalPoint]:
    """The focal points the actor may see; with ``current``, only those in office today."""
    queryset = FocalPoint.objects.select_related("entity", "objective", "area", "person")
    if current:
        today = timezone.localdate()
        queryset = queryset.filter(Q(start__lte=today), Q(end__isnull=True) | Q(end__gte=today))
    return access.scope_visible(queryset, actor, "focal_point").order_by(
        "entity__acronym", "objective__number", "area__number", "-start", "pk"
    )


def focal_entity_ids(user_roles: access.UserRoles) -> set[int]:
    """The entities whose focal point the user is on the day of ``user_roles`` (a lazy role set:
    asked for by the access conditions of the consultation and the contributions only)."""
    if user_roles.person_id is None:
        return set()
    in_office = FocalPoint.objects.on(user_roles.day).filter(person_id=user_roles.person_id)
    return set(in_office.values_list("entity_id", flat=True))


def filing_entity_ids(user_roles: access.UserRoles) -> set[int]:
    """The entities the user files contributions for: those they represent and those that named
    them their focal point."""
    return set(user_roles.entity_ids) | user_roles.focal_entity_ids


def commission_entities(day: datetime.date | None = None) -> QuerySet[Entity]:
    """Entities that belong to the commission that day: members, observers, support commissions."""
    day = day or timezone.localdate()
    current = Membership.objects.on(day).values("entity_id")
    return Entity.objects.filter(pk__in=current).order_by("kind", "acronym")


@dataclass
class Coverage:
    """Objectives and areas without a focal point in office, and who covers the others."""

    objectives_without: list[Objective] = field(default_factory=list)
    areas_without: list[ThematicArea] = field(default_factory=list)
    by_objective: dict[int, list[FocalPoint]] = field(default_factory=dict)


def coverage(day: datetime.date | None = None) -> Coverage:
    """Two queries for the reference rows, one for the focal points in office."""
    day = day or timezone.localdate()
    current = list(FocalPoint.objects.on(day).select_related("entity"))
    by_objective: dict[int, list[FocalPoint]] = defaultdict(list)
    by_area: dict[int, list[FocalPoint]] = defaultdict(list)
    for point in current:
        if point.objective_id:
            by_objective[point.objective_id].append(point)
        elif point.area_id:
            by_area[point.area_id].append(point)
    all_objectives = list(Objective.objects.order_by("number"))
    return Coverage(
        objectives_without=[o for o in all_objectives if o.pk not in by_objective],
        areas_without=[a for a in ThematicArea.objects.order_by("number") if a.pk not in by_area],
        by_objective=dict(by_objective),
    )


def consultations_visible(actor: Any) -> QuerySet[Consultation]:
    queryset = Consultation.objects.annotate(
        invited_count=Count("invited", distinct=True),
        objectives_count=Count("objectives", distinct=True),
    )
    return access.scope_visible(queryset, actor, "consultation").order_by("-period_end", "-pk")


def contributions_visible(actor: Any) -> QuerySet[Contribution]:
    queryset = Contribution.objects.select_related("consultation", "entity", "objective").prefetch_related(
        "plan_products", "agreements", "documents"
    )
    return access.scope_visible(queryset, actor, "contribution").order_by(
        "consultation_id", "objective__number", "entity__acronym", "pk"
    )


def pending_entities(consultation: Consultation) -> QuerySet[Entity]:
    """Invited entities that have not answered: no contribution submitted or accepted yet."""
    mine = Q(compact_contributions__consultation=consultation)
    return (
        consultation.invited.annotate(
            answered=Count("compact_contributions", filter=mine & Q(compact_contributions__state__in=ANSWERED)),
            drafts=Count(
                "compact_contributions",
                filter=mine
                & Q(compact_contributions__state__in=[Contribution.State.DRAFT, Contribution.State.RETURNED]),
            ),
        )
        .filter(answered=0)
        .order_by("kind", "acronym")
    )


def informe_pais(consultation: Consultation) -> list[dict[str, Any]]:
    """The accepted contributions per thematic area and objective, as the Informe País's tables
    (entity, strategy or action, result, challenges). Objective 23 is in every area; its
    contributions are shown under each."""
    accepted = list(
        consultation.contributions.filter(state=Contribution.State.ACCEPTED)
        .select_related("entity", "objective")
        .order_by("objective__number", "entity__acronym", "pk")
    )
    by_objective: dict[int, list[Contribution]] = defaultdict(list)
    for contribution in accepted:
        by_objective[contribution.objective_id].append(contribution)
    covered = {o.pk for o in consultation.objectives.all()}
    narratives = {n.area_id: n for n in InformeNarrative.objects.filter(consultation=consultation)}
    sections = []
    for area in areas():
        rows = [
            {"objective": objective, "contributions": by_objective.get(objective.pk, [])}
            for objective in area.objectives.all()
            if objective.pk in covered
        ]
        if rows:
            sections.append({"area": area, "objectives": rows, "narrative": narratives.get(area.pk)})
    return sections


def informe_context(consultation: Consultation) -> dict[str, Any]:
    """What the Informe País shows, on its page and in its PDF: the sections and the count of
    accepted contributions."""
    sections = informe_pais(consultation)
    return {
        "consultation": consultation,
        "sections": sections,
        # Objective 23 belongs to every area and so appears under each: count each contribution once.
        "accepted": len({c.pk for s in sections for row in s["objectives"] for c in row["contributions"]}),
    }
