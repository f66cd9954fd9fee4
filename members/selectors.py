"""Reads of the registry. Each returns a queryset (or plain data) with its joins prefetched, so
that list pages and list APIs run a constant number of queries however many rows they show.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import (
    CsoRegistration,
    Designation,
    Entity,
    EntityKind,
    GroupCoordinator,
    GroupMembership,
    Membership,
    Subgroup,
    SubgroupLead,
    SubgroupMembership,
    SupportCommission,
    WorkingGroup,
)


def _today(day: datetime.date | None) -> datetime.date:
    return day or timezone.localdate()


def memberships_on(day: datetime.date, kind: str | None = None) -> QuerySet[Membership]:
    queryset = Membership.objects.on(day)
    return queryset.filter(kind=kind) if kind else queryset


def entities_on(day: datetime.date | None = None, kind: str | None = None) -> QuerySet[Entity]:
    """The entities that belong to the commission on ``day`` (in capacity ``kind`` if given)."""
    day = _today(day)
    in_office = memberships_on(day, kind).filter(entity=OuterRef("pk"))
    return Entity.objects.filter(Exists(in_office))


def member_count_on(day: datetime.date | None = None) -> int:
    """How many member entities are in office on ``day`` (the base of quorum and of Art. 7.4 majorities).

    One query; each entity counts once even if its membership rows were split.
    """
    return memberships_on(_today(day), EntityKind.MEMBER).values("entity_id").distinct().count()


def current_representatives(entity: Entity, day: datetime.date | None = None) -> QuerySet[Designation]:
    """The titular and alternate of ``entity`` in office on ``day``."""
    return Designation.objects.on(_today(day)).filter(entity=entity).select_related("person").order_by("-role")


def representatives_prefetch(day: datetime.date, lookup: str = "designations") -> Prefetch:
    """Prefetch the designations in office on ``day`` into ``current_designations`` (titular first)."""
    return Prefetch(
        lookup,
        queryset=Designation.objects.on(day).select_related("person").order_by("-role"),
        to_attr="current_designations",
    )


def entity_list(
    *, day: datetime.date | None = None, kind: str | None = None, in_office: bool | None = None
) -> QuerySet[Entity]:
    """Entities with their membership periods and their representatives on ``day`` prefetched."""
    day = _today(day)
    queryset = Entity.objects.select_related("support_commission").prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.order_by("start")),
        representatives_prefetch(day),
    )
    if kind:
        queryset = queryset.filter(kind=kind)
    if in_office is not None:
        office = Exists(Membership.objects.on(day).filter(entity=OuterRef("pk")))
        queryset = queryset.filter(office) if in_office else queryset.exclude(office)
    # Members first, then observers and the support commissions, as the Reglamento lists them.
    kind_order = Case(
        *[When(kind=kind, then=Value(position)) for position, kind in enumerate(EntityKind.values)],
        output_field=IntegerField(),
    )
    return queryset.order_by(kind_order, "acronym")


def entity_search(queryset: QuerySet[Entity], text: str) -> QuerySet[Entity]:
    text = text.strip()
    if not text:
        return queryset
    return queryset.filter(
        Q(acronym__icontains=text)
        | Q(name__icontains=text)
        | Q(former_names__icontains=text)
        | Q(designations__person__last_name__icontains=text)
        | Q(designations__person__first_name__icontains=text)
    ).distinct()


def access_entity(pk: int) -> Entity:
    return get_object_or_404(Entity.objects.select_related("support_commission"), pk=pk)


def designation_list(*, day: datetime.date | None = None, current_only: bool = False) -> QuerySet[Designation]:
    queryset = Designation.objects.select_related("entity", "person", "replaced_by__person")
    if current_only:
        queryset = queryset.filter(pk__in=Designation.objects.on(_today(day)).values("pk"))
    return queryset.order_by("entity__acronym", "-role", "-start")


def designation_history(entity: Entity) -> QuerySet[Designation]:
    """Every designation of ``entity``, newest first per role, with who replaced whom (Art. 7.6)."""
    return (
        Designation.objects.filter(entity=entity)
        .select_related("person", "replaced_by__person")
        .order_by("-role", "-start")
    )


def access_designation(pk: int) -> Designation:
    return get_object_or_404(Designation.objects.select_related("entity", "person", "replaced_by__person"), pk=pk)


def groups_with_structure(day: datetime.date | None = None) -> QuerySet[WorkingGroup]:
    """Groups with coordinators, members, subgroups and subgroup leads prefetched.

    ``current_coordinators`` / ``current_members`` / ``current_leads`` hold the rows in force on
    ``day``; ``coordinators`` keeps the whole history.
    """
    day = _today(day)
    return WorkingGroup.objects.prefetch_related(
        Prefetch("coordinators", queryset=GroupCoordinator.objects.select_related("entity").order_by("-start")),
        Prefetch(
            "coordinators",
            queryset=GroupCoordinator.objects.on(day).select_related("entity"),
            to_attr="current_coordinators",
        ),
        Prefetch(
            "memberships",
            queryset=GroupMembership.objects.on(day).select_related("entity").order_by("entity__acronym"),
            to_attr="current_members",
        ),
        Prefetch(
            "subgroups",
            queryset=Subgroup.objects.prefetch_related(
                Prefetch(
                    "leads", queryset=SubgroupLead.objects.on(day).select_related("entity"), to_attr="current_leads"
                )
            ).order_by("code"),
        ),
    ).order_by("number")


def access_group(pk: int) -> WorkingGroup:
    return get_object_or_404(WorkingGroup, pk=pk)


def subgroup_list(day: datetime.date | None = None) -> QuerySet[Subgroup]:
    day = _today(day)
    return (
        Subgroup.objects.select_related("group")
        .prefetch_related(
            Prefetch("leads", queryset=SubgroupLead.objects.select_related("entity").order_by("-start")),
            Prefetch("leads", queryset=SubgroupLead.objects.on(day).select_related("entity"), to_attr="current_leads"),
            Prefetch(
                "memberships",
                queryset=SubgroupMembership.objects.on(day).select_related("entity").order_by("entity__acronym"),
                to_attr="current_members",
            ),
        )
        .order_by("group__number", "code")
    )


def access_subgroup(pk: int) -> Subgroup:
    return get_object_or_404(Subgroup.objects.select_related("group"), pk=pk)


def cso_registry(day: datetime.date | None = None) -> QuerySet[CsoRegistration]:
    """The Registry of Dir. 002 §4.2.3 with each institution's representatives on ``day``."""
    day = _today(day)
    return CsoRegistration.objects.select_related("entity", "entity__support_commission").prefetch_related(
        representatives_prefetch(day, "entity__designations"),
        Prefetch("entity__memberships", queryset=Membership.objects.order_by("start")),
    )


def access_cso_registration(pk: int) -> CsoRegistration:
    return get_object_or_404(CsoRegistration.objects.select_related("entity"), pk=pk)


def support_commissions(day: datetime.date | None = None) -> QuerySet[SupportCommission]:
    day = _today(day)
    return SupportCommission.objects.prefetch_related(
        Prefetch(
            "entities",
            queryset=entities_on(day)
            .prefetch_related(representatives_prefetch(day))
            .select_related("cso_registration")
            .order_by("acronym"),
            to_attr="current_entities",
        )
    )


@dataclass
class Composition:
    """Who made up the commission on ``day``, by capacity."""

    day: datetime.date
    members: list[Entity] = field(default_factory=list)
    observers: list[Entity] = field(default_factory=list)
    agencies: list[Entity] = field(default_factory=list)
    csos: list[Entity] = field(default_factory=list)

    @property
    def member_count(self) -> int:
        return len(self.members)

    @property
    def sections(self) -> list[tuple[str, str, list[Entity]]]:
        from django.utils.translation import gettext as _

        return [
            (EntityKind.MEMBER.value, _("Miembros (con voto)"), self.members),
            (EntityKind.OBSERVER.value, _("Observadores permanentes (voz sin voto)"), self.observers),
            (
                EntityKind.COOPERATION_AGENCY.value,
                _("Comisión Interagencial de Cooperación Internacional"),
                self.agencies,
            ),
            (
                EntityKind.CIVIL_SOCIETY.value,
                _("Comisión de Coordinación con Instituciones de la Sociedad Civil"),
                self.csos,
            ),
        ]


def composition_on(day: datetime.date | None = None) -> Composition:
    """The composition on ``day``: every entity in office, grouped by the capacity it held that day."""
    day = _today(day)
    memberships = (
        memberships_on(day)
        .select_related("entity")
        .prefetch_related(representatives_prefetch(day, "entity__designations"))
        .order_by("entity__acronym")
    )
    composition = Composition(day=day)
    buckets = {
        EntityKind.MEMBER: composition.members,
        EntityKind.OBSERVER: composition.observers,
        EntityKind.COOPERATION_AGENCY: composition.agencies,
        EntityKind.CIVIL_SOCIETY: composition.csos,
    }
    for membership in memberships:
        entity = membership.entity
        entity.membership_on_day = membership  # type: ignore[attr-defined]
        buckets[EntityKind(membership.kind)].append(entity)
    return composition
