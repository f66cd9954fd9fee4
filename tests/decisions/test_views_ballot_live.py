"""The live ballot panel: who has not voted yet (never how), the key of its form part, htmx's
stop-polling status once the result is final, and a constant number of queries."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from decisions import services
from tests.decisions.factories import plenary

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _actions_version(html: str) -> str:
    match = re.search(r'id="ballot-actions"[^>]*data-version="([^"]*)"', html)
    assert match, "the form part of the panel carries its version"
    return match.group(1)


def test_the_panel_lists_who_has_not_voted_and_keys_its_form_part(client):
    p = plenary(3)
    ballot = services.ballot_open(actor=p.st, agenda_item=p.item, text="Aprobar el informe")
    url = f"/acuerdos/votacion/{ballot.pk}/en-vivo/"
    client.force_login(p.titular(1))
    before = client.get(url, **HTMX).content.decode()
    assert 'name="choice"' in before
    services.vote_cast(actor=p.titular(2), ballot=ballot, choice="no")
    after_other = client.get(url, **HTMX).content.decode()
    # Another entity's vote changes the tally, not what this member's form offers.
    assert _actions_version(after_other) == _actions_version(before)
    not_voted = re.search(r'data-testid="not-voted">(.*?)</p>', after_other, re.S)
    assert not_voted is not None
    assert p.entities[1].acronym in not_voted.group(1) and p.entities[2].acronym not in not_voted.group(1)
    assert p.observer.acronym not in not_voted.group(1)  # observers do not vote (Art. 7.3)
    assert "En contra" not in after_other.split('id="ballot-actions"')[0]  # choices hidden while open

    response = client.post(f"/acuerdos/votacion/{ballot.pk}/votar/", {"choice": "yes"}, **HTMX)
    answer = response.content.decode()
    assert response.status_code == 200 and "Su voto quedó registrado" in answer and 'data-testid="my-vote"' in answer
    assert _actions_version(answer) != _actions_version(before)


def test_a_final_result_tells_htmx_to_stop_polling(client):
    p = plenary(3)
    ballot = services.ballot_open(actor=p.st, agenda_item=p.item, text="Aprobar el informe")
    url = f"/acuerdos/votacion/{ballot.pk}/en-vivo/"
    client.force_login(p.st)
    assert client.get(url, **HTMX).status_code == 200
    services.vote_cast(actor=p.titular(1), ballot=ballot, choice="yes")
    services.ballot_close(actor=p.st, ballot=ballot)
    assert client.get(url, **HTMX).status_code == 286
    page = client.get(url)  # without htmx, an ordinary page answer
    assert page.status_code == 200 and "Votación nominal" in page.content.decode()
    assert "hx-get" not in client.get(f"/acuerdos/votacion/{ballot.pk}/").content.decode().split('id="ballot-live"')[1]


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **HTMX)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["st", "member"])
def test_the_live_panel_reads_a_constant_number_of_queries(client, django_assert_max_num_queries, who):
    counts = []
    for members in (3, 12):
        p = plenary(members, present=members - 1)
        ballot = services.ballot_open(actor=p.st, agenda_item=p.item, text=f"Moción con {members}")
        for index in range(1, members - 2):
            services.vote_cast(actor=p.titular(index), ballot=ballot, choice="yes")
        client.force_login(p.st if who == "st" else p.titular(members - 2))
        counts.append(_count(client, f"/acuerdos/votacion/{ballot.pk}/en-vivo/"))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[0]):
        client.get(f"/acuerdos/votacion/{ballot.pk}/en-vivo/", **HTMX)
