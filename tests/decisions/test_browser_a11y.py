"""Accessible voting in Chromium: a member votes with the keyboard alone while the ballot panel keeps
polling, the poll never takes the focus away, a closing ballot is announced without pulling the
form from under the focus, and the ballot pages pass axe-core without critical or serious issues."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from decisions import services
from decisions.models import Ballot, Vote
from tests.conftest import browser_login
from tests.decisions.factories import plenary

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
POLL = "/en-vivo/"


def _wait_for_polls(page: Page, count: int) -> None:
    """Block until the panel has asked the server ``count`` more times (one poll every 2 s)."""
    for _ in range(count):
        with page.expect_response(lambda response: POLL in response.url, timeout=10_000):
            pass


def _tab_to_the_first_option(page: Page) -> None:
    """Skip link, then the breadcrumb, then the first option of the vote: Tab and Enter only."""
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Saltar al contenido")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # hidden off screen until focused, then shown
    page.keyboard.press("Enter")
    expect(page.locator("main#contenido")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("breadcrumb").get_by_role("link")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("radio", name="A favor")).to_be_focused()


def test_a_member_votes_with_the_keyboard_while_the_panel_polls(new_page, live_server):
    p = plenary(3, with_observer=False)
    ballot = services.ballot_open(actor=p.st, agenda_item=p.item, text="Aprobar el informe de avance")
    page = new_page()
    policy_errors: list[str] = []
    page.on("console", lambda m: policy_errors.append(m.text) if "Content Security Policy" in m.text else None)
    browser_login(page, live_server, p.titular(1).username)
    page.goto(f"{live_server.url}/acuerdos/votacion/{ballot.pk}/")
    expect(page.get_by_test_id("progress")).to_contain_text("0 / 3")

    _tab_to_the_first_option(page)
    in_favour = page.get_by_role("radio", name="A favor")
    page.keyboard.press("Space")
    expect(in_favour).to_be_checked()

    # Another member votes meanwhile; several polls come and go, the count changes on screen, and
    # the focus and the choice stay where the voter left them.
    services.vote_cast(actor=p.titular(2), ballot=ballot, choice="no")
    _wait_for_polls(page, 4)
    expect(page.get_by_test_id("progress")).to_contain_text("1 / 3")
    expect(page.get_by_test_id("not-voted")).not_to_contain_text(p.entities[2].acronym)
    expect(page.get_by_test_id("not-voted")).to_contain_text(p.entities[1].acronym)
    expect(in_favour).to_be_focused()
    expect(in_favour).to_be_checked()

    submit = page.get_by_role("button", name="Emitir voto")
    page.keyboard.press("Tab")
    expect(submit).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(in_favour).to_be_focused()
    page.keyboard.press("Tab")
    expect(submit).to_be_focused()
    page.keyboard.press("Enter")

    # The answer takes the place of the form and receives the focus; the live region says so.
    my_vote = page.get_by_test_id("my-vote")
    expect(my_vote).to_contain_text("ya votó: A favor")
    expect(my_vote).to_be_focused()
    expect(page.locator("#ballot-feedback")).to_contain_text("Su voto quedó registrado")
    expect(page.get_by_test_id("progress")).to_contain_text("2 / 3")
    vote = Vote.objects.select_related("person").get(ballot=ballot, entity=p.entities[1])
    assert vote.choice == "yes" and vote.person.user == p.titular(1)
    assert Vote.objects.filter(ballot=ballot).count() == 2
    assert policy_errors == []


def test_a_closing_ballot_is_announced_and_the_form_waits_for_the_focus_to_leave(new_page, live_server):
    p = plenary(3, with_observer=False)
    ballot = services.ballot_open(actor=p.st, agenda_item=p.item, text="Aprobar el cronograma")
    page = new_page()
    polls: list[int] = []
    page.on("response", lambda response: polls.append(response.status) if POLL in response.url else None)
    browser_login(page, live_server, p.titular(1).username)
    page.goto(f"{live_server.url}/acuerdos/votacion/{ballot.pk}/")
    _tab_to_the_first_option(page)
    in_favour = page.get_by_role("radio", name="A favor")

    services.vote_cast(actor=p.titular(2), ballot=ballot, choice="yes")
    services.ballot_close(actor=p.st, ballot=ballot)
    status = page.locator("#ballot-status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_contain_text("Votación cerrada", timeout=8000)
    # The result is announced, and the option under the focus is still there and still focused.
    expect(in_favour).to_be_focused()
    assert polls[-1] == 286  # htmx's "stop polling": the result is final
    asked = len(polls)

    # Tab past the submit button: the focus leaves the form, and only then is it replaced.
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Emitir voto")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("radio")).to_have_count(0)
    expect(page.locator("#ballot-actions")).to_contain_text("La votación está cerrada.")
    expect(page.get_by_role("link", name="API")).to_be_focused()
    page.wait_for_timeout(4500)  # two poll intervals: nobody asks any more
    assert len(polls) == asked
    ballot.refresh_from_db()
    assert ballot.state == Ballot.State.CLOSED
    assert not Vote.objects.filter(ballot=ballot, entity=p.entities[1]).exists()


def _axe(page: Page) -> Counter[str]:
    """Violations of axe-core on the page, counted by impact."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
    print(page.url, serious)  # shown with -s: what to fix, when anything is found
    return Counter(v["impact"] for v in result["violations"])


def test_the_ballot_pages_pass_axe(browser, live_server):
    p = plenary(3, with_observer=False)
    ballot = services.ballot_open(actor=p.st, agenda_item=p.item, text="Aprobar el informe de avance")
    # axe-core is injected as an inline script, which the policy refuses: this context bypasses it.
    context = browser.new_context(locale="es-PE", bypass_csp=True)
    page = context.new_page()
    browser_login(page, live_server, p.titular(1).username)
    found: dict[str, Counter[str]] = {}

    page.goto(f"{live_server.url}/acuerdos/votaciones/")
    expect(page.get_by_role("button", name=re.compile("^Votar"))).to_be_visible()
    found["my ballots"] = _axe(page)
    page.goto(f"{live_server.url}/acuerdos/votacion/{ballot.pk}/")
    expect(page.get_by_role("radio", name="A favor")).to_be_visible()
    found["ballot, open, with the vote form"] = _axe(page)
    services.vote_cast(actor=p.titular(1), ballot=ballot, choice="yes")
    services.vote_cast(actor=p.titular(2), ballot=ballot, choice="no")
    services.ballot_close(actor=p.st, ballot=ballot)
    page.goto(f"{live_server.url}/acuerdos/votacion/{ballot.pk}/")
    expect(page.locator("#ballot-status")).to_contain_text("Empate")
    found["ballot, tied"] = _axe(page)
    services.ballot_cast_deciding_vote(actor=p.titular(0), ballot=ballot, choice="yes")
    page.goto(f"{live_server.url}/acuerdos/votacion/{ballot.pk}/")
    expect(page.get_by_test_id("result")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text(p.entities[2].acronym)
    found["ballot, closed, with the roll call"] = _axe(page)
    context.close()

    print({name: dict(counts) for name, counts in found.items()})
    for name, counts in found.items():
        assert counts["critical"] == 0 and counts["serious"] == 0, (name, counts)


def test_my_ballots_keeps_the_focus_on_a_ballot_until_it_moves_away(new_page, live_server):
    p = plenary(3, with_observer=False)
    ballot = services.ballot_open(actor=p.st, agenda_item=p.item, text="Aprobar el informe de avance")
    page = new_page()
    browser_login(page, live_server, p.titular(1).username)
    page.goto(f"{live_server.url}/acuerdos/votaciones/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link
    for _ in range(4):  # the three tabs of the section, then the ballot
        page.keyboard.press("Tab")
    vote_link = page.get_by_role("button", name=re.compile("^Votar"))
    expect(vote_link).to_be_focused()

    services.vote_cast(actor=p.titular(2), ballot=ballot, choice="yes")
    services.ballot_close(actor=p.st, ballot=ballot)
    for _ in range(2):  # the list polls every 5 s
        with page.expect_response(lambda response: response.url.endswith("/acuerdos/votaciones/"), timeout=12_000):
            pass
    expect(vote_link).to_be_focused()

    page.keyboard.press("Shift+Tab")
    expect(page.locator("#open-ballots-list")).to_contain_text("No hay votaciones abiertas")
    expect(page.get_by_label("Acuerdos y actas").get_by_role("link", name="Solicitudes")).to_be_focused()
