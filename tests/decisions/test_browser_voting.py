"""Two members vote from two browsers while the ST watches the live count, then the ST closes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from decisions import services
from decisions.models import Ballot, Vote
from tests.conftest import browser_login
from tests.decisions.factories import plenary

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_members_vote_and_the_st_closes(new_page, live_server):
    p = plenary(3, with_observer=False)
    ballot = services.ballot_open(actor=p.st, agenda_item=p.item, text="Aprobar el informe de avance")
    url = f"{live_server.url}/acuerdos/votacion/{ballot.pk}/"

    st_page = new_page()
    browser_login(st_page, live_server, p.st.username)
    st_page.goto(url)
    expect(st_page.get_by_test_id("progress")).to_contain_text("0 / 3")

    first, second = new_page(), new_page(language="es-PE")
    for page, user in ((first, p.titular(1)), (second, p.titular(2))):
        browser_login(page, live_server, user.username)
        page.goto(url)
    # Choosing an option does not cast the vote; the separate button does (no dialog to accept).
    first.get_by_role("radio", name="A favor").check()
    first.get_by_role("button", name="Emitir voto").click()
    expect(first.get_by_test_id("my-vote")).to_contain_text("ya votó: A favor")
    second.get_by_role("radio", name="En contra").check()
    second.get_by_role("button", name="Emitir voto").click()
    expect(second.get_by_test_id("my-vote")).to_contain_text("ya votó: En contra")
    expect(second.locator("#ballot-feedback")).to_contain_text("Su voto quedó registrado")

    # The ST's screen updates by polling, without revealing how anyone voted.
    expect(st_page.get_by_test_id("progress")).to_contain_text("2 / 3", timeout=8000)
    assert "En contra" not in st_page.get_by_test_id("progress").inner_text()

    st_page.on("dialog", lambda dialog: dialog.accept())
    st_page.get_by_role("button", name="Cerrar la votación").click()
    # 1 yes, 1 no among those voting: a tie, waiting for the President (RREE titular, present).
    expect(st_page.locator("#ballot-live")).to_contain_text("Empate")
    st_page.get_by_role("button", name="Dirimir a favor").click()
    expect(st_page.get_by_test_id("result")).to_contain_text("Aprobada")
    expect(st_page.get_by_test_id("result")).to_contain_text(re.compile("voto dirimente", re.I))
    # The members' pages stop polling on the closed result.
    expect(first.get_by_test_id("result")).to_contain_text("Aprobada", timeout=8000)

    ballot.refresh_from_db()
    assert ballot.state == Ballot.State.CLOSED and ballot.casting_vote == "yes"
    assert Vote.objects.filter(ballot=ballot).count() == 2
