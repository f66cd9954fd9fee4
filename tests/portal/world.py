"""A small commission built with the ORM for the public portal's tests, grown on demand.

Every person carries an e-mail and a phone so that a test can check they never reach a page.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from decisions.models import Agreement, Minutes
from members.models import Designation, EntityKind
from sessions.models import AgendaItem, Session
from tests.factories.members import (
    DesignationFactory,
    GroupCoordinatorFactory,
    SecretariatAppointmentFactory,
    SubgroupFactory,
    SubgroupLeadFactory,
    WorkingGroupFactory,
    member_entity,
)

_numbers = itertools.count(500)
DRAFT_MARKER = "TEXTO-DEL-BORRADOR-NO-PUBLICO"
HIDDEN_AGREEMENT = "ACUERDO-RESERVADO-NO-PUBLICO"


def _at(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def _content(session: Session, marker: str) -> dict[str, Any]:
    return {
        "session": {"date": session.starts_at.date().isoformat(), "place": session.place, "starts": "10:05"},
        "attendance": [],
        "items": [{"id": 0, "position": 1, "title": "Asuntos varios", "summary": marker, "ballots": []}],
        "agreements": [],
    }


def approved_minutes(session: Session, *, version: int = 1, marker: str = "Resumen aprobado") -> Minutes:
    content = _content(session, marker)
    minutes = Minutes(
        session=session,
        version=version,
        state=Minutes.State.APPROVED,
        content=content,
        content_hash=hashlib.sha256(repr(content).encode()).hexdigest(),
        approved_at=session.starts_at + datetime.timedelta(days=30),
        approved_in_session=session,
    )
    minutes.pdf.save(f"acta-{session.pk}-v{version}.pdf", ContentFile(b"%PDF-1.4 acta aprobada"), save=False)
    minutes.save()
    return minutes


def draft_minutes(session: Session, *, version: int = 1) -> Minutes:
    minutes = Minutes(session=session, version=version, content=_content(session, DRAFT_MARKER))
    minutes.pdf.save(f"borrador-{session.pk}-v{version}.pdf", ContentFile(b"%PDF-1.4 borrador"), save=False)
    minutes.save()
    return minutes


@dataclass
class PortalWorld:
    people: list[Any] = field(default_factory=list)  # Person rows, with e-mail and phone
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None

    def grow(self, size: int) -> None:
        """Add ``size`` of everything each page lists: entities with representatives, sessions in
        every state (one held with an approved acta and agreements), groups with subgroups."""
        for _ in range(size):
            n = next(_numbers)
            kind = [EntityKind.MEMBER, EntityKind.OBSERVER, EntityKind.CIVIL_SOCIETY][n % 3]
            entity = member_entity(f"E{n}", kind=kind)
            for role in (Designation.Role.TITULAR, Designation.Role.ALTERNATE):
                designation = DesignationFactory(
                    entity=entity,
                    role=role,
                    person__phone=f"+51 9{n:03d}{1 if role == Designation.Role.TITULAR else 2} 4567",
                    person__position="Director General",
                )
                self.people.append(designation.person)
            held = Session.objects.create(
                kind=Session.Kind.ORDINARY, number=n, starts_at=_at(-40 - n), state=Session.State.HELD
            )
            AgendaItem.objects.create(session=held, position=1, title=f"Informe {n}", presenter=entity)
            approved_minutes(held)
            Agreement.objects.create(session=held, number=1, text=f"Acuerdo público {n}", owner=entity)
            called = Session.objects.create(
                kind=Session.Kind.EXTRAORDINARY, number=n, starts_at=_at(10 + n), state=Session.State.CALLED
            )
            AgendaItem.objects.create(session=called, position=1, title=f"Tema {n}")
            Session.objects.create(
                kind=Session.Kind.ORDINARY, extended=True, number=n, starts_at=_at(-5), state=Session.State.CANCELLED
            )
            group = WorkingGroupFactory(number=n, name=f"Grupo {n}")
            GroupCoordinatorFactory(group=group, entity=entity)
            subgroup = SubgroupFactory(group=group, code=f"{n}.1")
            SubgroupLeadFactory(subgroup=subgroup, entity=entity)
            self.objects.setdefault("group", group)
            self.objects.setdefault("entity", entity)
        appointment = SecretariatAppointmentFactory(person__phone="+51 1 204 2400")
        self.people.append(appointment.person)


def build_world(size: int = 2) -> PortalWorld:
    """The commission, plus what must never reach the public: a draft session, a held session whose
    acta is still a draft, an approved acta being corrected, and an agreement not marked public."""
    world = PortalWorld()
    rree = member_entity("RREE")
    chair = DesignationFactory(entity=rree, person__phone="+51 1 204 2000", person__position="Viceministro")
    world.people.append(chair.person)
    world.grow(size)
    draft = Session.objects.create(
        kind=Session.Kind.ORDINARY, number=next(_numbers), starts_at=_at(20), state=Session.State.DRAFT
    )
    AgendaItem.objects.create(session=draft, position=1, title="Tema de un borrador de citación")
    unapproved = Session.objects.create(
        kind=Session.Kind.ORDINARY, number=next(_numbers), starts_at=_at(-3), state=Session.State.HELD
    )
    corrected = Session.objects.create(
        kind=Session.Kind.ORDINARY, number=next(_numbers), starts_at=_at(-60), state=Session.State.HELD
    )
    approved = approved_minutes(corrected)
    correction = draft_minutes(corrected, version=2)
    hidden = Agreement.objects.create(session=corrected, number=1, text=HIDDEN_AGREEMENT, public=False)
    shown = Agreement.objects.create(session=corrected, number=2, text="Acuerdo publicado", owner=rree)
    world.objects.update(
        rree=rree,
        draft_session=draft,
        unapproved_session=unapproved,
        draft_acta=draft_minutes(unapproved),
        corrected_session=corrected,
        approved_acta=approved,
        correction=correction,
        hidden_agreement=hidden,
        shown_agreement=shown,
    )
    return world
