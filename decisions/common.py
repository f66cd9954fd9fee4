"""Reads every part of the decisions app shares: the day of a session and who to write to."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from members.models import Designation, Membership, Person
from members.selectors import secretariat_people
from mtigm.core.errors import AccessDenied
from sessions.selectors import session_day

__all__ = ["person_of", "representatives_of", "secretariat_people", "session_day"]


def person_of(actor: Any) -> Person:
    """The registry's person behind a user: who votes, signs or is recorded as acting."""
    person = getattr(actor, "person", None) if actor is not None and actor.is_authenticated else None
    if person is None:
        raise AccessDenied(_("Su usuario no está vinculado a una persona del registro."))
    return person


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
