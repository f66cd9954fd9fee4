"""Pages: constant query counts, messages citing the article, ballot page hides choices while open."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from decisions import services
from tests.decisions.factories import plenary

pytestmark = pytest.mark.django_db


def _agreements(p, n):
    for i in range(n):
        ballot = services.ballot_open(actor=p.st, agenda_item=p.item, text=f"Moción {i}")
        for index in range(len(p.entities)):
            services.vote_cast(actor=p.titular(index), ballot=ballot, choice="yes")
        services.ballot_close(actor=p.st, ballot=ballot)


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_board_and_session_pages_have_constant_query_counts(client):
    p = plenary(3)
    client.force_login(p.st)
    _agreements(p, 2)
    small_board = _count(client, "/acuerdos/?estado=todos")
    small_session = _count(client, f"/acuerdos/sesion/{p.session.pk}/")
    _agreements(p, 6)
    assert _count(client, "/acuerdos/?estado=todos") == small_board
    assert _count(client, f"/acuerdos/sesion/{p.session.pk}/") == small_session


def _text(response) -> str:
    return response.content.decode().replace('<span id="voted-count">', "").replace("</span>", "")


def test_vote_page_flow_and_refusal_message(client):
    p = plenary(3)
    ballot = services.ballot_open(actor=p.st, agenda_item=p.item, text="Aprobar el informe")
    client.force_login(p.titular(1))
    page = _text(client.get(f"/acuerdos/votacion/{ballot.pk}/"))
    assert "A favor" in page and "0 / 3" in page
    response = client.post(f"/acuerdos/votacion/{ballot.pk}/votar/", {"choice": "no"}, follow=True)
    assert "Su voto quedó registrado" in response.content.decode()
    client.force_login(p.alternate(1))
    response = client.post(f"/acuerdos/votacion/{ballot.pk}/votar/", {"choice": "yes"}, follow=True)
    assert "ya votó" in response.content.decode()
    client.force_login(p.st)
    live = _text(client.get(f"/acuerdos/votacion/{ballot.pk}/en-vivo/"))
    assert "1 / 3" in live
    assert "En contra" not in live  # how they voted stays hidden until the close
    client.force_login(p.observer_user)
    response = client.post(f"/acuerdos/votacion/{ballot.pk}/votar/", {"choice": "yes"}, follow=True)
    assert "voz pero no voto" in response.content.decode() and "Art. 7.3" in response.content.decode()


def test_application_form_shows_the_certificate_rule(client):
    p = plenary(2)
    client.force_login(p.st)
    response = client.post(
        "/acuerdos/solicitudes/nueva/?tipo=cso_admission",
        {
            "tipo": "cso_admission",
            "received_on": "2014-06-15",
            "name": "Asociación X",
            "applicant_email": "x@x.org",
            "certificate_issued_on": "2014-03-14",
            "registry_entry_number": "123",
            "legal_representative": "Ana",
            "purpose_migration_related": "on",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and "más de 3 meses" in body and "Directiva N° 002-2014" in body
