"""The meeting console page: what it shows, its one-click actions, and a query count that does not
grow with the number of entities in the room."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from decisions import services
from decisions.models import Vote
from sessions.models import Attendance, Session
from tests.decisions.factories import plenary

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _console(p):
    return f"/acuerdos/sesion/{p.session.pk}/consola/"


def _queries(p) -> int:
    client = _client(p.st)
    client.get(_console(p))  # warm the session and the rule cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(_console(p))
    assert response.status_code == 200
    return len(captured)


def test_console_queries_do_not_grow_with_the_room():
    small = plenary(4)
    services.ballot_open(actor=small.st, agenda_item=small.item, text="Moción")
    large = plenary(20)
    services.ballot_open(actor=large.st, agenda_item=large.item, text="Moción")
    assert _queries(small) == _queries(large)


def test_one_click_arrival_and_room_votes_from_the_page():
    # Attendance is kept on the day of the session: today's.
    p = plenary(5, present=4, with_observer=False, day=timezone.localdate(), starts_at=timezone.now())
    client = _client(p.st)
    page = client.get(_console(p)).content.decode()
    assert "Consola de sesión" in page and p.entities[4].acronym in page
    response = client.post(
        _console(p), {"action": "arrive", "entity": p.entities[4].pk, "role": "alternate", "anchor": "asistencia"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#asistencia")
    assert Attendance.objects.filter(session=p.session, entity=p.entities[4], left_at__isnull=True).exists()
    ballot = services.ballot_open(actor=p.st, agenda_item=p.item, text="Moción")
    form = {"action": "record_votes", "ballot": ballot.pk, "method": "roll_call"}
    form |= {f"vote-{e.pk}": "yes" for e in p.entities[:4]}
    form |= {f"vote-{p.entities[4].pk}": "no", f"reasons-{p.entities[4].pk}": "Sin informe técnico"}
    client.post(_console(p), form)
    votes = Vote.objects.filter(ballot=ballot)
    assert votes.count() == 5 and votes.get(entity=p.entities[4]).reasons == "Sin informe técnico"
    page = client.get(_console(p)).content.decode()
    assert "Votos registrados: 5." in page


def test_members_cannot_use_the_console_and_a_refusal_names_its_rule():
    # Called for the last second of today: installing it now is too early, whatever the hour.
    if timezone.localtime().time() > datetime.time(23, 58):
        pytest.skip("a same-day session needs the day to last through the test")
    end_of_day = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(23, 59, 59)))
    p = plenary(3, present=3, with_observer=False, state=Session.State.CALLED, starts_at=end_of_day)
    assert _client(p.titular(1)).get(_console(p)).status_code == 403
    client = _client(p.st)
    response = client.post(_console(p), {"action": "install"}, follow=True)
    assert "no se instala antes de la hora citada" in response.content.decode()


def test_the_ballot_page_shows_who_recorded_each_vote_to_the_st_only():
    p = plenary(3, with_observer=False)
    ballot = services.ballot_open(actor=p.st, agenda_item=p.item, text="Moción")
    services.vote_cast(actor=p.titular(0), ballot=ballot, choice="yes")
    services.ballot_record_room_votes(
        actor=p.st, ballot=ballot, votes=[(p.entities[1], "no", "Falta sustento"), (p.entities[2], "yes", "")]
    )
    services.ballot_close(actor=p.st, ballot=ballot)
    url = f"/acuerdos/votacion/{ballot.pk}/"
    st_page = _client(p.st).get(url).content.decode()
    assert "Auditoría de la votación" in st_page and "Voto registrado por la Secretaría Técnica" in st_page
    assert "Votación nominal, registrada por la Secretaría Técnica" in st_page and "Falta sustento" in st_page
    member_page = _client(p.titular(1)).get(url).content.decode()
    assert "Auditoría de la votación" not in member_page and "Falta sustento" in member_page
