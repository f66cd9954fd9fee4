"""Reads every part of the decisions app shares: the day of a session and who to write to."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from members.models import Designation, Membership, Person, SecretariatAppointment
from sessions.models import Session


def session_day(session: Session) -> datetime.date:
    return timezone.localdate(session.starts_at)


def representatives_of(day: datetime.date, kinds: tuple[str, ...]) -> QuerySet[Designation]:
    """Current titulars and alternates of the entities of ``kinds`` on ``day``, with an e-mail."""
    entity_ids = Membership.objects.on(day).filter(kind__in=kinds).values("entity_id")
    return (
        Designation.objects.on(day)
        .filter(entity_id__in=entity_ids)
        .exclude(person__email="")
        .select_related("person", "entity")
        .order_by("entity__acronym", "role")
    )


def secretariat_people(day: datetime.date) -> QuerySet[Person]:
    ids = SecretariatAppointment.objects.on(day).values("person_id")
    return Person.objects.filter(pk__in=ids).exclude(email="")
