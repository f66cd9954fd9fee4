"""The meeting console: one page for the Secretaría Técnica to run a session in the room.

Most representatives sit in the room without a login, so the ST keeps the attendance check-list
(one click per entity, arrivals and departures time-stamped), the session clock (installation,
recess, resumption, closing) and records the votes said aloud, beside the electronic votes of those
logged in. Every action is a service of the app that owns it; this page only gathers and dispatches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from members.models import Designation, Entity, EntityKind, Membership
from mtigm.core import access
from mtigm.core.views import attempt, plain_int
from sessions import services as session_services
from sessions.access import access_session
from sessions.models import AbsenceNotice, Attendance, Session
from sessions.selectors import entity_ids_called, quorum_status

from ..common import session_day
from ..models import Ballot, Choice, Vote
from . import selectors, services
from .access import access_ballot
from .views import OpenBallotForm, open_ballot_from_form


@dataclass
class RepresentativeSlot:
    role: str
    designation: Designation | None
    attendance: Attendance | None = None

    @property
    def present(self) -> bool:
        return self.attendance is not None and self.attendance.left_at is None


@dataclass
class EntityRow:
    entity: Entity
    kind: str
    titular: RepresentativeSlot
    alternate: RepresentativeSlot
    absence: AbsenceNotice | None = None
    others: list[Attendance] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.titular.present and self.alternate.present:
            return "both"
        if self.titular.present:
            return "titular"
        if self.alternate.present:
            return "alternate"
        if self.absence is not None:
            return "excused"
        return "absent"

    @property
    def status_label(self) -> str:
        return str(
            {
                "both": _("Titular y alterno"),
                "titular": _("Titular"),
                "alternate": _("Alterno"),
                "excused": _("Con aviso de inasistencia"),
                "absent": _("Ausente"),
            }[self.status]
        )


KIND_ORDER: list[str] = [
    EntityKind.MEMBER,
    EntityKind.OBSERVER,
    EntityKind.COOPERATION_AGENCY,
    EntityKind.CIVIL_SOCIETY,
]


def _row_order(row: EntityRow) -> tuple[int, str]:
    return (KIND_ORDER.index(row.kind) if row.kind in KIND_ORDER else len(KIND_ORDER), row.entity.acronym)


def attendance_checklist(session: Session) -> list[EntityRow]:
    """Every entity called to the session with its titular and alternate and who is in the room.
    A fixed number of queries, whatever the number of entities."""
    day = session_day(session)
    called = entity_ids_called(session, on=day)
    kinds = dict(Membership.objects.on(day).filter(entity_id__in=called).values_list("entity_id", "kind"))
    rows: dict[int, EntityRow] = {}
    for entity in Entity.objects.filter(pk__in=called).order_by("acronym"):
        rows[entity.pk] = EntityRow(
            entity=entity,
            kind=kinds.get(entity.pk, entity.kind),
            titular=RepresentativeSlot(Designation.Role.TITULAR, None),
            alternate=RepresentativeSlot(Designation.Role.ALTERNATE, None),
        )
    for designation in Designation.objects.on(day).filter(entity_id__in=called).select_related("person"):
        row = rows[designation.entity_id]
        slot = row.titular if designation.role == Designation.Role.TITULAR else row.alternate
        slot.designation = designation
    slots = {
        slot.designation.person_id: slot
        for row in rows.values()
        for slot in (row.titular, row.alternate)
        if slot.designation is not None
    }
    for attendance in session.attendances.select_related("person"):
        found = slots.get(attendance.person_id)
        if found is not None and found.designation is not None and found.designation.entity_id == attendance.entity_id:
            found.attendance = attendance
        elif attendance.entity_id in rows:
            rows[attendance.entity_id].others.append(attendance)
    for absence in session.absences.all():
        if absence.entity_id in rows:
            rows[absence.entity_id].absence = absence
    return sorted(rows.values(), key=_row_order)


def _live_ballot(ballot: Ballot) -> dict[str, Any]:
    roll = selectors.room_roll(ballot)
    return {"ballot": ballot, "roll": roll, "not_voted": [row.entity.acronym for row in roll if row.vote is None]}


class ConsoleView(View):
    template_name = "decisions/console.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = access_session(request.user, pk, action="session.manage")
        return render(request, self.template_name, self.context(request, session))

    def context(self, request: HttpRequest, session: Session) -> dict[str, Any]:
        roles = access.request_roles(request)
        rows = attendance_checklist(session)
        ballots = list(selectors.ballot_list(session))
        live = [b for b in ballots if b.state in (Ballot.State.OPEN, Ballot.State.TIED)]
        return {
            "session": session,
            "rows": rows,
            "present_count": sum(1 for r in rows if r.status not in ("absent", "excused")),
            "quorum": quorum_status(session) if session.is_plenary else None,
            "suspension": session_services.open_suspension(session),
            "suspensions": list(session.suspensions.all()),
            "ballots": ballots,
            "live": [_live_ballot(b) for b in live],
            "can_run": access.can(roles, "ballot.run", session),
            "can_record_casting": access.can(roles, "ballot.record_casting_vote"),
            "open_form": OpenBallotForm(session=session),
            "choices": Choice.choices,
            "methods": [
                (Vote.Method.ROLL_CALL, Vote.Method.ROLL_CALL.label),
                (Vote.Method.SHOW_OF_HANDS, Vote.Method.SHOW_OF_HANDS.label),
            ],
            "sealed": session.record_sealed_at is not None,
            "now": timezone.now(),
            "presiding": selectors.presiding_designation(session) if session.is_plenary else None,
        }

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        # The action's own permission (the matrix names it per action), asked of this session.
        session = access_session(request.user, pk, action=access.route_permission(request))
        action = request.POST.get("action", "")
        handler = getattr(self, f"do_{action}", None)
        if handler is None:
            messages.error(request, _("Acción desconocida."))
        else:
            handler(request, session)
        anchor = request.POST.get("anchor", "")
        url = reverse("decisions:console", kwargs={"pk": session.pk})
        return redirect(f"{url}#{anchor}" if anchor.isidentifier() else url)

    # Attendance ----------------------------------------------------------------------------------

    def _entity(self, request: HttpRequest) -> Entity | None:
        entity_id = plain_int(request.POST.get("entity"))
        entity = Entity.objects.filter(pk=entity_id).first() if entity_id is not None else None
        if entity is None:
            messages.error(request, _("Elija una entidad."))
        return entity

    def _mark(self, request: HttpRequest, session: Session, action: str, done: str) -> None:
        entity = self._entity(request)
        if entity is None:
            return
        attempt(
            request,
            lambda: session_services.attendance_mark(
                actor=request.user,
                session=session,
                entity=entity,
                action=action,
                role=request.POST.get("role", ""),
                reason=request.POST.get("reason", ""),
            ),
            done % {"entity": entity.acronym},
        )

    def do_arrive(self, request: HttpRequest, session: Session) -> None:
        self._mark(request, session, session_services.ROOM_ARRIVE, _("%(entity)s: llegada registrada."))

    def do_leave(self, request: HttpRequest, session: Session) -> None:
        self._mark(request, session, session_services.ROOM_LEAVE, _("%(entity)s: retiro registrado."))

    def do_excused(self, request: HttpRequest, session: Session) -> None:
        self._mark(request, session, session_services.ROOM_EXCUSED, _("%(entity)s: aviso de inasistencia registrado."))

    def do_absent(self, request: HttpRequest, session: Session) -> None:
        self._mark(request, session, session_services.ROOM_ABSENT, _("%(entity)s: marcada ausente."))

    # Clock ---------------------------------------------------------------------------------------

    def do_install(self, request: HttpRequest, session: Session) -> None:
        attempt(
            request, lambda: session_services.session_open(actor=request.user, session=session), _("Sesión instalada.")
        )

    def do_suspend(self, request: HttpRequest, session: Session) -> None:
        attempt(
            request,
            lambda: session_services.session_suspend(
                actor=request.user, session=session, reason=request.POST.get("reason", "")
            ),
            _("Sesión suspendida."),
        )

    def do_resume(self, request: HttpRequest, session: Session) -> None:
        attempt(
            request,
            lambda: session_services.session_resume(actor=request.user, session=session),
            _("Sesión reanudada."),
        )

    def do_close(self, request: HttpRequest, session: Session) -> None:
        attempt(
            request, lambda: session_services.session_close(actor=request.user, session=session), _("Sesión levantada.")
        )

    # Ballots -------------------------------------------------------------------------------------

    def _ballot(self, request: HttpRequest, session: Session) -> Ballot:
        ballot = access_ballot(request.user, request.POST.get("ballot"), action=access.route_permission(request))
        if ballot.session_id != session.pk:
            raise Http404
        return ballot

    def do_open_ballot(self, request: HttpRequest, session: Session) -> None:
        open_ballot_from_form(request, session)

    def do_record_votes(self, request: HttpRequest, session: Session) -> None:
        ballot = self._ballot(request, session)
        chosen: dict[int, str] = {}
        for key, value in request.POST.items():
            entity_id = plain_int(key.removeprefix("vote-")) if key.startswith("vote-") else None
            if entity_id is not None and value:
                chosen[entity_id] = str(value)
        entities = Entity.objects.in_bulk(list(chosen))
        votes = [
            (entities[entity_id], choice, request.POST.get(f"reasons-{entity_id}", ""))
            for entity_id, choice in sorted(chosen.items())
            if entity_id in entities
        ]
        recorded = attempt(
            request,
            lambda: services.ballot_record_room_votes(
                actor=request.user, ballot=ballot, votes=votes, method=request.POST.get("method", "")
            ),
        )
        if recorded is not None:
            messages.success(request, _("Votos registrados: %(n)s.") % {"n": len(recorded)})

    def do_close_ballot(self, request: HttpRequest, session: Session) -> None:
        ballot = self._ballot(request, session)
        attempt(request, lambda: services.ballot_close(actor=request.user, ballot=ballot), _("Votación cerrada."))

    def do_casting(self, request: HttpRequest, session: Session) -> None:
        ballot = self._ballot(request, session)
        attempt(
            request,
            lambda: services.ballot_cast_deciding_vote(
                actor=request.user, ballot=ballot, choice=request.POST.get("choice", "")
            ),
            _("Voto dirimente registrado."),
        )
