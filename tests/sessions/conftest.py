"""A small commission for the sessions tests: members, an observer, support entities, people."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from members.models import Designation, EntityKind
from sessions import services
from sessions.models import Session
from tests.factories.members import member_entity, representative_user, secretariat_user

START = datetime.date(2011, 8, 1)


def aware(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@dataclass
class Commission:
    st: object
    members: list = field(default_factory=list)  # member entities
    titulars: dict = field(default_factory=dict)  # acronym -> user
    alternates: dict = field(default_factory=dict)
    observer: object = None
    observer_user: object = None
    cso: object = None
    cso_user: object = None
    agency: object = None
    agency_user: object = None

    def user(self, acronym: str, role: str = "titular"):
        return (self.titulars if role == "titular" else self.alternates)[acronym]


def build_commission(size: int = 5) -> Commission:
    commission = Commission(st=secretariat_user("st-test"))
    for index in range(size):
        acronym = "RREE" if index == 0 else f"MIEMBRO{index}"
        entity = member_entity(acronym, start=START)
        commission.members.append(entity)
        commission.titulars[acronym] = representative_user(entity, username=f"tit-{acronym.lower()}", start=START)
        commission.alternates[acronym] = representative_user(
            entity, role=Designation.Role.ALTERNATE, username=f"alt-{acronym.lower()}", start=START
        )
    commission.observer = member_entity("DEFENSORIA", kind=EntityKind.OBSERVER, start=START)
    commission.observer_user = representative_user(commission.observer, username="obs", start=START)
    commission.cso = member_entity("UCSS", kind=EntityKind.CIVIL_SOCIETY, start=START)
    commission.cso_user = representative_user(commission.cso, username="cso", start=START)
    commission.agency = member_entity("OIM", kind=EntityKind.COOPERATION_AGENCY, start=START)
    commission.agency_user = representative_user(commission.agency, username="oim", start=START)
    return commission


@pytest.fixture
def commission(db) -> Commission:
    return build_commission()


def draft_session(
    commission: Commission,
    *,
    day: datetime.date,
    kind: str = Session.Kind.ORDINARY,
    hour: int = 10,
    extended: bool = False,
    now: datetime.datetime | None = None,
    items: int = 2,
) -> Session:
    session = services.session_create(
        actor=commission.st, kind=kind, extended=extended, starts_at=aware(day, hour), place="Cancillería", now=now
    )
    for index in range(items):
        services.agenda_item_add(actor=commission.st, session=session, title=f"Punto {index + 1}")
    return session


def called_session(
    commission: Commission,
    *,
    day: datetime.date,
    hour: int = 10,
    extended: bool = False,
    kind: str = Session.Kind.ORDINARY,
) -> Session:
    """A session called well in advance (20 calendar days before)."""
    session = draft_session(commission, day=day, hour=hour, extended=extended, kind=kind)
    return services.session_call(actor=commission.st, session=session, now=aware(day - datetime.timedelta(days=20), 9))
