"""The agreements board and API page a long follow-up, with the same queries per page."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from knox.models import AuthToken

from decisions.models import Agreement
from sessions.models import Session
from tests.decisions.factories import plenary

pytestmark = pytest.mark.django_db
PER_PAGE = 50


def add_agreements(p, count: int, start: int = 0) -> None:
    """``count`` agreements, each of its own held session, a day apart, numbered from ``start``."""
    base = p.session.starts_at - datetime.timedelta(days=start + count)
    for n in range(start, start + count):
        session = Session.objects.create(
            kind=Session.Kind.ORDINARY,
            number=1000 + n,
            starts_at=base + datetime.timedelta(days=n - start),
            state="held",
        )
        Agreement.objects.create(
            session=session, number=1, text=f"Acuerdo {n:04d}", method=Agreement.Method.CONSENSUS, owner=p.entities[0]
        )


def get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


@pytest.fixture
def p():
    return plenary(2)


def test_the_board_pages_and_its_second_page_shows_the_rest(client, p):
    add_agreements(p, PER_PAGE + 5)
    client.force_login(p.st)
    first, _ = get(client, "/acuerdos/?estado=todos")
    second, _ = get(client, "/acuerdos/?estado=todos&page=2")
    assert first.status_code == second.status_code == 200
    first_html, second_html = first.content.decode(), second.content.decode()
    # Oldest session first, as the board always listed them.
    assert "Acuerdo 0000" in first_html and "Acuerdo 0049" in first_html and "Acuerdo 0050" not in first_html
    assert "Acuerdo 0050" in second_html and "Acuerdo 0054" in second_html and "Acuerdo 0000" not in second_html


def test_a_board_page_runs_the_same_queries_for_a_short_and_a_long_follow_up(client, p):
    add_agreements(p, PER_PAGE)
    client.force_login(p.st)
    get(client, "/acuerdos/?estado=todos")  # The first request of a session fills caches.
    _, short = get(client, "/acuerdos/?estado=todos")
    add_agreements(p, 3 * PER_PAGE, start=PER_PAGE)
    _, long = get(client, "/acuerdos/?estado=todos")
    _, deep = get(client, "/acuerdos/?estado=todos&page=3")
    assert long == short == deep


@pytest.mark.parametrize("page", ["999", "abc", "0"])
def test_a_board_page_out_of_range_or_malformed_is_not_found_not_an_error(client, p, page):
    add_agreements(p, PER_PAGE + 1)
    client.force_login(p.st)
    response, _ = get(client, f"/acuerdos/?estado=todos&page={page}")
    assert response.status_code == 404


def test_the_api_pages_agreements_with_the_same_queries_and_shape(client, p):
    add_agreements(p, PER_PAGE + 5)
    _, token = AuthToken.objects.create(p.st)
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    get(client, "/api/v1/agreements/", **auth)
    first, short = get(client, "/api/v1/agreements/", **auth)
    body = first.json()
    assert body["count"] == PER_PAGE + 5 and body["next"] and body["previous"] is None
    assert [row["text"] for row in body["results"][:2]] == ["Acuerdo 0000", "Acuerdo 0001"]
    assert body["results"][0]["session_title"] and body["results"][0]["owner"] == p.entities[0].acronym
    second, _ = get(client, "/api/v1/agreements/?page=2", **auth)
    assert [row["text"] for row in second.json()["results"]] == [f"Acuerdo {n:04d}" for n in range(50, 55)]
    add_agreements(p, 3 * PER_PAGE, start=PER_PAGE + 5)
    _, long = get(client, "/api/v1/agreements/?page=2", **auth)
    assert long == short
    assert client.get("/api/v1/agreements/?page=99", **auth).status_code == 404
    filtered = client.get(f"/api/v1/agreements/?session={p.session.pk}", **auth).json()
    assert filtered["count"] == 0
