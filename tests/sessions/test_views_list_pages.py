"""The sessions page grows with the commission's history a page at a time, at a constant cost."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sessions.models import Session

from .conftest import aware

pytestmark = pytest.mark.django_db


def _past(commission, count: int, start: int = 0) -> None:
    base = datetime.date(2015, 1, 5)
    Session.objects.bulk_create(
        Session(
            kind=Session.Kind.ORDINARY,
            series="ordinary",
            number=start + n + 1,
            starts_at=aware(base + datetime.timedelta(days=7 * (start + n))),
            state=Session.State.HELD,
        )
        for n in range(count)
    )


def _queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/sesiones/")
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_past_sessions_are_paged_and_the_page_costs_the_same_with_ten_times_the_history(client, commission):
    client.force_login(commission.st)
    _past(commission, 30)
    small, page = _queries(client)
    assert "Página 1 de 2" in page
    assert page.count("/sesiones/") >= 25
    second = client.get("/sesiones/?page=2").content.decode()
    assert "Página 2 de 2" in second
    _past(commission, 270, start=30)
    large, page = _queries(client)
    assert "Página 1 de 12" in page
    assert large == small
    assert client.get("/sesiones/?page=abc").status_code == 200  # a bad page number shows the first
