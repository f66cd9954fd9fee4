"""A plenary in course, built with the ORM: member entities with titular and alternate, attendance."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from members.models import Designation, Entity, EntityKind
from sessions.models import AgendaItem, Attendance, Session
from tests.factories.members import DesignationFactory, member_entity, secretariat_user

DAY = datetime.date(2014, 3, 12)


def at(day: datetime.date = DAY, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, minute))


@dataclass
class Plenary:
    session: Session
    item: AgendaItem
    st: Any
    entities: list[Entity] = field(default_factory=list)
    titulars: dict[int, Any] = field(default_factory=dict)  # entity id -> user
    alternates: dict[int, Any] = field(default_factory=dict)
    observer: Entity | None = None
    observer_user: Any = None
    support_user: Any = None

    @property
    def rree(self) -> Entity:
        return self.entities[0]

    def titular(self, index: int) -> Any:
        return self.titulars[self.entities[index].pk]

    def alternate(self, index: int) -> Any:
        return self.alternates[self.entities[index].pk]


_counter = {"n": 0}


def _unique(prefix: str) -> str:
    _counter["n"] += 1
    return f"{prefix}{_counter['n']}"


def attend(session: Session, user: Any, entity: Entity, *, when: datetime.datetime | None = None) -> Attendance:
    designation = Designation.objects.filter(person=user.person, entity=entity).first()
    return Attendance.objects.create(
        session=session,
        person=user.person,
        entity=entity,
        designation=designation,
        signed_in_at=when or session.starts_at,
    )


def plenary(
    members: int = 5,
    *,
    present: int | None = None,
    alternates_present: int = 0,
    day: datetime.date = DAY,
    state: str = Session.State.IN_SESSION,
    number: int | None = None,
    with_observer: bool = True,
    starts_at: datetime.datetime | None = None,
) -> Plenary:
    """``members`` member entities (the first is RREE), titular present for the first ``present``."""
    present = members if present is None else present
    starts_at = starts_at or at(day)
    installed = state in (Session.State.IN_SESSION, Session.State.HELD)
    session = Session.objects.create(
        kind=Session.Kind.ORDINARY,
        number=number or (Session.objects.count() + 100),
        starts_at=starts_at,
        place="Sala Raúl Porras Barrenechea, Cancillería",
        state=state,
        opened_at=starts_at + datetime.timedelta(minutes=5) if installed else None,
    )
    item = AgendaItem.objects.create(session=session, position=1, title="Asuntos varios")
    st = secretariat_user(_unique("st"))
    result = Plenary(session=session, item=item, st=st)
    for index in range(members):
        acronym = "RREE" if index == 0 and not Entity.objects.filter(acronym="RREE").exists() else _unique("M")
        entity = member_entity(acronym)
        result.entities.append(entity)
        titular = DesignationFactory(
            entity=entity, role=Designation.Role.TITULAR, person__user__username=_unique("tit")
        )
        alternate = DesignationFactory(
            entity=entity, role=Designation.Role.ALTERNATE, person__user__username=_unique("alt")
        )
        result.titulars[entity.pk] = titular.person.user
        result.alternates[entity.pk] = alternate.person.user
        if index < present:
            attend(session, titular.person.user, entity)
        if index < alternates_present:
            attend(session, alternate.person.user, entity)
    if with_observer:
        observer = member_entity(_unique("OBS"), kind=EntityKind.OBSERVER)
        designation = DesignationFactory(entity=observer, person__user__username=_unique("obs"))
        attend(session, designation.person.user, observer)
        result.observer, result.observer_user = observer, designation.person.user
    return result
