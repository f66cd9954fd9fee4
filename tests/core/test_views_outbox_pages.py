"""The messages page reads a long outbox fifty messages at a time, newest first, with the same queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mtigm.core.models import OutboundMessage
from tests.factories.members import secretariat_user

pytestmark = pytest.mark.django_db
PER_PAGE = 50


def add_messages(count: int, status=OutboundMessage.Status.SENT, start: int = 0) -> None:
    OutboundMessage.objects.bulk_create(
        [
            OutboundMessage(
                key=f"bench-{status}-{n}",
                kind="test",
                recipient=f"p{n}@example.gob.pe",
                subject=f"Asunto {n:04d}",
                body_text="x",
                status=status,
            )
            for n in range(start, start + count)
        ]
    )


@pytest.fixture
def st_client(client):
    client.force_login(secretariat_user())
    return client


def get(client, query=""):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("outbox") + query)
    return response, len(queries)


def test_pages_go_from_the_newest_to_the_oldest(st_client):
    add_messages(2 * PER_PAGE + 10)
    first, _ = get(st_client)
    third, _ = get(st_client, "?page=3")
    assert first.status_code == third.status_code == 200
    first_html, third_html = first.content.decode(), third.content.decode()
    assert "Asunto 0109" in first_html and "Asunto 0060" in first_html and "Asunto 0059" not in first_html
    assert "Asunto 0009" in third_html and "Asunto 0000" in third_html and "Asunto 0010" not in third_html
    assert "Página 1 de 3" in first_html and "page=2" in first_html
    assert "Página 3 de 3" in third_html


def test_a_status_tab_pages_its_own_messages(st_client):
    add_messages(PER_PAGE + 5, OutboundMessage.Status.FAILED)
    add_messages(3 * PER_PAGE)
    response, _ = get(st_client, "?estado=failed&page=2")
    html = response.content.decode()
    assert "Página 2 de 2" in html
    assert html.count("Reenviar") == 5
    assert "?estado=failed&page=1" in html


def test_a_full_page_runs_the_same_queries_for_a_short_and_a_long_outbox(st_client):
    add_messages(PER_PAGE + 1)
    get(st_client)  # The first request of a session fills caches the next ones read.
    _, short = get(st_client)
    add_messages(10 * PER_PAGE, start=PER_PAGE + 1)
    _, long = get(st_client)
    _, deep = get(st_client, "?page=9")
    assert long == short == deep


@pytest.mark.parametrize("page", ["999", "0", "-1", "abc"])
def test_an_out_of_range_or_malformed_page_is_not_found_not_an_error(st_client, page):
    add_messages(PER_PAGE + 1)
    response, _ = get(st_client, f"?page={page}")
    assert response.status_code == 404


def test_the_last_page_is_reachable_by_name(st_client):
    add_messages(PER_PAGE + 1)
    response, _ = get(st_client, "?page=last")
    assert response.status_code == 200
    assert "Página 2 de 2" in response.content.decode()
