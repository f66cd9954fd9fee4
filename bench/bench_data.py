"""Data of bench/run: the reference composition, the demo, and 500 plenary sessions of three
agenda items each over ten years (the calendar and the public ICS feed measure against them); and,
for the vote figure (B3), a plenary in course today with every member entity's titular present,
``VOTE_BALLOTS`` open ballots and one API token per titular, written for wrk to a Lua file
(``$MTIGM_VAR_DIR/bench_votes.lua``): each measured request casts a real vote of its own."""

from __future__ import annotations

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from sessions.models import AgendaItem, Attendance, Session

SESSIONS = 500
# Each (ballot, titular) pair votes once: 21 member entities x 800 ballots = 16,800 votes, more than
# six 3-second runs of wrk cast at the rates seen on 2 cores.
VOTE_BALLOTS = 800


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


def build_votes() -> None:
    import os
    import pathlib

    from django.contrib.auth import get_user_model
    from django.db import connection
    from knox.models import AuthToken

    from decisions.models import Ballot, DecisionKind
    from directives.rules import rule
    from members.models import Designation, Person, SecretariatAppointment
    from sessions.selectors import member_entity_ids_on

    # The row the reference of B3 inserts (bench/trivial_app.py, /insert/).
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_insert "
            "(id bigserial PRIMARY KEY, user_id integer NOT NULL, choice varchar(10) NOT NULL, at timestamptz NOT NULL)"
        )
    now = timezone.now()
    today = timezone.localdate(now)
    session = Session.objects.create(
        kind=Session.Kind.ORDINARY,
        series="ordinary",
        number=9001,
        starts_at=now - datetime.timedelta(minutes=30),
        place="Cancillería",
        state=Session.State.IN_SESSION,
        opened_at=now - datetime.timedelta(minutes=25),
        called_on=today - datetime.timedelta(days=10),
    )
    users = get_user_model().objects
    tokens = []
    for entity_id in sorted(member_entity_ids_on(timezone.localdate(session.starts_at))):
        designation = Designation.objects.current().filter(entity_id=entity_id, role=Designation.Role.TITULAR).first()
        if designation is None:
            person = Person.objects.create(first_name="Titular", last_name=f"Bench {entity_id}")
            designation = Designation.objects.create(
                entity_id=entity_id,
                person=person,
                role=Designation.Role.TITULAR,
                start=today - datetime.timedelta(days=400),
            )
        person = designation.person
        if person.user_id is None:
            person.user = users.create_user(f"bench_titular_{entity_id}", password=None)
            person.save(update_fields=["user"])
        Attendance.objects.create(
            session=session, person=person, entity_id=entity_id, designation=designation, signed_in_at=session.starts_at
        )
        tokens.append(AuthToken.objects.create(person.user)[1])
    items = AgendaItem.objects.bulk_create(
        AgendaItem(session=session, position=p, title=f"Moción de prueba {p}") for p in range(1, VOTE_BALLOTS + 1)
    )
    kind = DecisionKind.objects.get(code="general")
    threshold = rule(kind.threshold_rule_key, on=today)
    appointment = (
        SecretariatAppointment.objects.current().filter(person__user__isnull=False).select_related("person__user")
    )
    first_appointment = appointment.first()
    assert first_appointment is not None, "the demo has an ST member with a user"
    opener = first_appointment.person.user
    ballots = Ballot.objects.bulk_create(
        Ballot(
            session=session,
            agenda_item=item,
            kind=kind,
            text=item.title,
            opened_by=opener,
            rule_key=threshold.key,
            rule_value=threshold.value,
            rule_citation=threshold.citation,
            eligible_count=len(tokens),
        )
        for item in items
    )
    ballot_ids = ", ".join(str(b.pk) for b in ballots)
    quoted_tokens = ", ".join(f'"{t}"' for t in tokens)
    lua = f"return {{ ballots = {{ {ballot_ids} }}, tokens = {{ {quoted_tokens} }} }}\n"
    pathlib.Path(os.environ["MTIGM_VAR_DIR"], "bench_votes.lua").write_text(lua)


build()
build_votes()
