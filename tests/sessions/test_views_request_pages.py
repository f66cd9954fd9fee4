"""The page of requests for an extraordinary session lists them a page at a time, newest first."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sessions.models import ExtraordinarySessionRequest
from sessions.views import REQUESTS_PER_PAGE

pytestmark = pytest.mark.django_db


def add_requests(count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        ExtraordinarySessionRequest.objects.create(subject=f"Pedido {n:03d}")


def get(client, query=""):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/sesiones/pedidos/" + query)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_requests_are_paged_newest_first(client, commission):
    add_requests(REQUESTS_PER_PAGE + 3)
    client.force_login(commission.st)
    first, _ = get(client)
    second, _ = get(client, "?page=2")
    newest = REQUESTS_PER_PAGE + 2
    assert f"Pedido {newest:03d}" in first and "Pedido 002" not in first
    assert "Pedido 002" in second and "Pedido 000" in second and f"Pedido {newest:03d}" not in second
    assert "Página 1 de 2" in first and "Página 2 de 2" in second


def test_a_page_runs_the_same_queries_for_few_and_many_requests(client, commission):
    add_requests(REQUESTS_PER_PAGE)
    client.force_login(commission.st)
    get(client)  # The first request of a session fills caches.
    _, short = get(client)
    add_requests(4 * REQUESTS_PER_PAGE, start=REQUESTS_PER_PAGE)
    _, long = get(client)
    assert long == short


@pytest.mark.parametrize("page", ["999", "0", "abc", "-3"])
def test_an_out_of_range_or_malformed_page_shows_a_page_not_an_error(client, commission, page):
    add_requests(REQUESTS_PER_PAGE + 1)
    client.force_login(commission.st)
    body, _ = get(client, f"?page={page}")
    assert "Pedido" in body
