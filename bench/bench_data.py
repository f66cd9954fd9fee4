"""Data of bench/run: the reference composition, the demo, and 500 plenary sessions of three
agenda items each over ten years (the calendar and the public ICS feed measure against them)."""

from __future__ import annotations

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from sessions.models import AgendaItem, Session

SESSIONS = 500


def build() -> None:
    call_command("load_reference", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    # Numbered from 1001, apart from the demo's sessions (numbers are unique within a series).
    if Session.objects.filter(series="ordinary", number__gt=1000).exists():
        return
    start = datetime.datetime(2016, 1, 5, 10, tzinfo=timezone.get_current_timezone())
    sessions = Session.objects.bulk_create(
        Session(
            kind=Session.Kind.ORDINARY,
            series="ordinary",
            number=1001 + n,
            starts_at=start + datetime.timedelta(days=7 * n),
            place="Cancillería",
            state=Session.State.HELD,
            called_on=(start + datetime.timedelta(days=7 * n - 10)).date(),
        )
        for n in range(SESSIONS)
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(session=session, position=p, title=f"Punto {p} de la sesión {session.number}")
        for session in sessions
        for p in (1, 2, 3)
    )


build()
