"""Demo data of the sessions app (idempotent): the real 2012–2015 history and today's session.

The historical sessions are records of the past, so they are written directly as held sessions
with their real agendas (sessions/history.py). Today's session goes through the services, as the
ST would use them: created, given an agenda, called with the notice of Art. 11 (on the last valid
day), and two representatives sign in, so that the quorum panel has something to show.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from directives.calendar import latest_call_date
from directives.rules import rule
from members.models import Entity
from mtigm.core import access

from . import services
from .history import HISTORY
from .models import AgendaItem, Session, SessionTransition
from .selectors import proposed_number

PLACE = "Ministerio de Relaciones Exteriores, Jr. Lampa 545, Lima"
HISTORY_NOTE = "Registro histórico (libro de la MTIGM, 2015). La hora y el lugar no constan en la fuente."


def _aware(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def load(stdout: Any) -> None:
    created = _load_history()
    stdout.write(f"  sessions: {created} historical sessions created ({len(HISTORY)} in the record)")
    message = _load_current()
    stdout.write(f"  sessions: {message}")


@transaction.atomic
def _load_history() -> int:
    created = 0
    for row in HISTORY:
        series = row["series"]
        kind = Session.Kind.EXTRAORDINARY if series == "extraordinary" else Session.Kind.ORDINARY
        extended = series == "extended"
        if Session.objects.filter(series=series, number=row["number"]).exists():
            continue
        day = datetime.date(*row["date"])
        # Two sessions on 16 Sep 2014 (XXI ordinary and I extended): the extended one follows.
        start = _aware(day, 12 if extended else 10)
        session = Session.objects.create(
            kind=kind,
            extended=extended,
            number=row["number"],
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            place="",
            state=Session.State.HELD,
            state_reason=HISTORY_NOTE,
            initiative=Session.Initiative.PRESIDENCY
            if kind == Session.Kind.EXTRAORDINARY
            else Session.Initiative.SCHEDULE,
            opened_at=start,
            closed_at=start + datetime.timedelta(hours=2),
        )
        for position, (title, detail) in enumerate(row["agenda"], start=1):
            AgendaItem.objects.create(session=session, position=position, title=title, description=detail)
        SessionTransition.objects.create(
            session=session, from_state="", to_state=Session.State.HELD, reason=HISTORY_NOTE, at=start
        )
        created += 1
    return created


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _load_current() -> str:
    st = _user("st")
    if st is None or not access.can(st, "session.manage", Session(kind=Session.Kind.ORDINARY)):
        return "no ST demo user yet (members demo not loaded): today's session skipped"
    now = timezone.now()
    today = timezone.localdate(now)
    number = proposed_number(Session.Kind.ORDINARY, False)
    if Session.objects.filter(kind=Session.Kind.ORDINARY, extended=False, starts_at__date=today).exists():
        return "today's session already present"
    # Called for the current hour, so that a newcomer rehearsing a plenary can install it at once
    # (a session is never installed before its called hour).
    hour = timezone.localtime(now).hour
    starts_at = _aware(today, hour)
    notice = int(rule("session.notice_business_days.ordinary", on=today).value)
    called_on = latest_call_date(today, notice)
    with transaction.atomic():
        session = services.session_create(
            actor=st,
            kind=Session.Kind.ORDINARY,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
            place="Sala Raúl Porras Barrenechea, Ministerio de Relaciones Exteriores, Jr. Lampa 545, Lima",
            video_link="https://videoconferencia.rree.gob.pe/mtigm",
            now=_aware(called_on, 9),
        )
        agenda = [
            ("Aprobación del acta de la sesión anterior.", "RREE"),
            ("Informe de la Secretaría Técnica sobre la ejecución del Plan de Trabajo.", "RREE"),
            ("Avance del Grupo de Trabajo 4: Extranjeros en el Perú.", "MIGRACIONES"),
            ("Presentación del anteproyecto del Plan de Trabajo del próximo año.", "RREE"),
            ("Otros asuntos.", None),
        ]
        for title, acronym in agenda:
            services.agenda_item_add(
                actor=st,
                session=session,
                title=title,
                presenter=Entity.objects.filter(acronym=acronym).first() if acronym else None,
            )
        services.session_call(actor=st, session=session, now=_aware(called_on, 9))
    signed = 0
    for username in ("presidencia", "miembro", "observador"):
        user = _user(username)
        if user is None:
            continue
        try:
            services.attendance_sign_in(actor=user, session=session, now=now)
            signed += 1
        except Exception as exc:  # noqa: BLE001 - a missing designation in the members demo must not stop it
            print(f"  sessions: {username} could not sign in: {exc}")  # noqa: T201
    _load_upcoming_extended(st, today)
    return f"{session.title} today at {hour}:00, called on {called_on:%d/%m/%Y}, {signed} signed in (number {number})"


def _load_upcoming_extended(st, today: datetime.date) -> None:
    """A draft extended session three weeks ahead, so the ST sees the call deadline approaching."""
    if Session.objects.filter(series=Session.Series.EXTENDED, starts_at__date__gt=today).exists():
        return
    day = today + datetime.timedelta(days=21)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    session = services.session_create(
        actor=st, kind=Session.Kind.ORDINARY, extended=True, starts_at=_aware(day, 10), place=PLACE
    )
    for title in (
        "Balance anual de la MTIGM con las comisiones de apoyo.",
        "Aportes de la sociedad civil al Plan de Trabajo del próximo año.",
        "Otros asuntos.",
    ):
        services.agenda_item_add(actor=st, session=session, title=title)
