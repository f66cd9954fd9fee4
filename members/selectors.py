"""Reads of the registry. Each returns a queryset (or plain data) with its joins prefetched, so
that list pages and list APIs run a constant number of queries however many rows they show.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from .models import (
    CsoRegistration,
    Designation,
    Entity,
    EntityKind,
    GroupCoordinator,
    GroupMembership,
    Membership,
    Person,
    SecretariatAppointment,
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


HISTORY_PER_PAGE = 50


@dataclass
class HistoryPage:
    """One page of an entity's change history: the page (for the pager), its records newest first,
    and each record's previous version (None for a creation), to show what the change changed."""

    page: Page[Any]
    records: list[Any]
    previous: dict[Any, Any]


def entity_history_page(entity: Entity, number: Any) -> HistoryPage:
    """A page of every change to ``entity``, its memberships and its designations, newest first.

    The history grows with every edit for as long as the commission exists, so it is read a page at a
    time: one query pages the keys of the three history tables together (a UNION ordered by date),
    then each table gives its records of the page with their previous version's id (one query), and
    those previous versions (one more). The related objects the rows name (the entity, the person)
    come with the records, so the page runs the same queries however long the history is.
    """
    sources: list[tuple[str, Any, tuple[str, ...]]] = [
        ("entity", Entity.history.filter(id=entity.pk), ()),
        ("membership", Membership.history.filter(entity_id=entity.pk), ("entity",)),
        ("designation", Designation.history.filter(entity_id=entity.pk), ("entity", "person")),
    ]
    keys = None
    for source, queryset, _related in sources:
        part = queryset.order_by().annotate(source=Value(source)).values_list("history_id", "history_date", "source")
        keys = part if keys is None else keys.union(part, all=True)
    assert keys is not None  # Three sources, always.
    page = Paginator(keys.order_by("-history_date", "-history_id"), HISTORY_PER_PAGE).get_page(number)
    wanted: dict[str, list[int]] = {}
    for history_id, _date, source in page.object_list:
        wanted.setdefault(source, []).append(history_id)
    records: list[Any] = []
    previous: dict[Any, Any] = {}
    for source, queryset, related in sources:
        ids = wanted.get(source)
        if not ids:
            continue
        history = queryset.model._default_manager
        earlier = history.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
        found = list(
            history.filter(history_id__in=ids)
            .select_related("history_user", *related)
            .annotate(previous_id=Subquery(earlier.order_by("-history_date").values("history_id")[:1]))
        )
        previous_ids = [record.previous_id for record in found if record.previous_id is not None]
        earlier_records = history.in_bulk(previous_ids) if previous_ids else {}
        # Historical records of different tables never compare equal, so they key one mapping.
        previous.update((record, earlier_records.get(record.previous_id)) for record in found)
        records.extend(found)
    records.sort(key=lambda record: (record.history_date, record.history_id), reverse=True)
    return HistoryPage(page=page, records=records, previous=previous)


def groups_with_structure(day: datetime.date | None = None, *, with_history: bool = True) -> QuerySet[WorkingGroup]:
    """Groups with coordinators, members, subgroups and their leads and members prefetched.

    ``current_coordinators`` / ``current_members`` / ``current_leads`` hold the rows in force on
    ``day`` (subgroups: ``current_leads`` and ``current_members``); ``coordinators`` keeps the whole
    history unless ``with_history`` is False (the public portal shows who is in office only).
    """
    day = _today(day)
    history = (
        [Prefetch("coordinators", queryset=GroupCoordinator.objects.select_related("entity").order_by("-start"))]
        if with_history
        else []
    )
    return WorkingGroup.objects.prefetch_related(
        *history,
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
                ),
                Prefetch(
                    "memberships",
                    queryset=SubgroupMembership.objects.on(day).select_related("entity").order_by("entity__acronym"),
                    to_attr="current_members",
                ),
            ).order_by("code"),
        ),
    ).order_by("number")


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


def cso_registry(day: datetime.date | None = None) -> QuerySet[CsoRegistration]:
    """The Registry of Dir. 002 §4.2.3 with each institution's representatives on ``day``."""
    day = _today(day)
    return CsoRegistration.objects.select_related("entity", "entity__support_commission").prefetch_related(
        representatives_prefetch(day, "entity__designations"),
        Prefetch("entity__memberships", queryset=Membership.objects.order_by("start")),
    )


def secretariat_people(day: datetime.date | None = None) -> QuerySet[Person]:
    """The people appointed to the Secretaría Técnica on ``day`` who have an e-mail to write to."""
    ids = SecretariatAppointment.objects.on(_today(day)).values("person_id")
    return Person.objects.filter(pk__in=ids).exclude(email="").order_by("pk")


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


# The Registry of civil-society institutions, laid out item by item as Dir. 002 §4.2.3 (a-k) lists
# them. The detail page and the CSV export both read this one layout; personal contact data (the
# representatives' and the legal representative's) is filled in only for who may see it.


@dataclass(frozen=True)
class RegistryEntry:
    """One Registry entry as ``actor`` sees it, with its titular and alternate in office."""

    registration: CsoRegistration
    actor: Any
    titular: Designation | None
    alternate: Designation | None

    @classmethod
    def of(cls, registration: CsoRegistration, actor: Any) -> RegistryEntry:
        designations = {d.role: d for d in getattr(registration.entity, "current_designations", [])}
        return cls(
            registration,
            actor,
            designations.get(Designation.Role.TITULAR),
            designations.get(Designation.Role.ALTERNATE),
        )

    def contact(self, designation: Designation | None, field_name: str) -> str:
        from mtigm.core.access import private_value

        return (private_value(self.actor, designation.person, field_name) or "") if designation else ""

    def private(self, field_name: str) -> str:
        from mtigm.core.access import private_value

        return private_value(self.actor, self.registration, field_name) or ""


def _name(designation: Designation | None) -> str:
    return str(designation.person) if designation else ""


def _designation_url(designation: Designation | None) -> str:
    return reverse("members:designation-detail", args=[designation.pk]) if designation else ""


def _website(entry: RegistryEntry) -> str:
    return entry.registration.website or entry.registration.entity.website


@dataclass(frozen=True)
class RegistryItem:
    label: Promise
    value: Callable[[RegistryEntry], str | datetime.date | None]
    # Where the detail page links the value to: a representative's designation, the website.
    link: Callable[[RegistryEntry], str] | None = None
    # The detail page shows what is missing above the items, so that item is for the export only.
    on_page: bool = True


CSO_REGISTRY_ITEMS: list[RegistryItem] = [
    RegistryItem(gettext_lazy("a) Institución"), lambda e: e.registration.entity.name),
    RegistryItem(gettext_lazy("Sigla"), lambda e: e.registration.entity.acronym),
    RegistryItem(gettext_lazy("b) Titular"), lambda e: _name(e.titular), lambda e: _designation_url(e.titular)),
    RegistryItem(gettext_lazy("b) Alterno"), lambda e: _name(e.alternate), lambda e: _designation_url(e.alternate)),
    RegistryItem(gettext_lazy("c) Fecha de incorporación"), lambda e: e.registration.admitted_on),
    RegistryItem(gettext_lazy("Sesión de incorporación"), lambda e: e.registration.admitted_at),
    RegistryItem(gettext_lazy("d) Número de partida registral"), lambda e: e.registration.registry_entry_number),
    RegistryItem(gettext_lazy("Registro"), lambda e: e.registration.registry_office),
    RegistryItem(gettext_lazy("e) Representante legal"), lambda e: e.registration.legal_representative),
    RegistryItem(gettext_lazy("f) Página web"), _website, _website),
    RegistryItem(gettext_lazy("g) Correo del titular"), lambda e: e.contact(e.titular, "email")),
    RegistryItem(gettext_lazy("g) Correo del alterno"), lambda e: e.contact(e.alternate, "email")),
    RegistryItem(gettext_lazy("g) Correo del representante legal"), lambda e: e.private("legal_representative_email")),
    RegistryItem(gettext_lazy("h) Domicilio"), lambda e: e.registration.address),
    RegistryItem(gettext_lazy("i) Teléfonos de la institución"), lambda e: e.registration.phones),
    RegistryItem(gettext_lazy("i) Teléfono del titular"), lambda e: e.contact(e.titular, "phone")),
    RegistryItem(gettext_lazy("i) Teléfono del alterno"), lambda e: e.contact(e.alternate, "phone")),
    RegistryItem(
        gettext_lazy("i) Teléfono del representante legal"), lambda e: e.private("legal_representative_phone")
    ),
    RegistryItem(gettext_lazy("j) Actividad principal"), lambda e: e.registration.main_activity),
    RegistryItem(gettext_lazy("k) Otros datos"), lambda e: e.registration.other_data),
    RegistryItem(gettext_lazy("Inscrita el"), lambda e: e.registration.registered_on),
    RegistryItem(
        gettext_lazy("Datos por completar"), lambda e: "; ".join(e.registration.missing_fields), on_page=False
    ),
]
