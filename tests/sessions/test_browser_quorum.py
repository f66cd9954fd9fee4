"""Staff call a session in the browser; a member signs in from another browser; the staff's quorum
panel updates by itself (htmx polling), without reloading the page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sessions.models import Session
from tests.conftest import browser_login

from .conftest import aware, build_commission, draft_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_call_and_live_quorum_panel(new_page, live_server, monkeypatch):
    monkeypatch.setattr("mtigm.core.dispatch.send", lambda *a: True)
    commission = build_commission(size=5)
    today = timezone.localdate()
    upcoming = draft_session(commission, day=today + datetime.timedelta(days=30))
    live = draft_session(commission, day=today, hour=23, now=aware(today - datetime.timedelta(days=30)))
    from sessions import services

    services.session_call(actor=commission.st, session=live, now=aware(today - datetime.timedelta(days=20)))

    staff = new_page()
    browser_login(staff, live_server, "st-test")
    staff.goto(f"{live_server.url}/sesiones/{upcoming.pk}/")
    staff.get_by_test_id("call-session").click()
    staff.wait_for_selector("text=Citación cursada")
    assert Session.objects.get(pk=upcoming.pk).state == Session.State.CALLED

    staff.goto(f"{live_server.url}/sesiones/{live.pk}/")
    staff.evaluate("window.__notReloaded = true")
    assert staff.get_by_test_id("quorum-present").inner_text() == "0"
    assert staff.get_by_test_id("quorum-required").inner_text() == "3"

    member = new_page()
    browser_login(member, live_server, "tit-miembro1")
    member.goto(f"{live_server.url}/sesiones/{live.pk}/")
    member.get_by_test_id("sign-in").click()
    member.wait_for_selector("text=Asistencia registrada")

    # A locator waits without evaluating a string in the page (the Content-Security-Policy forbids eval).
    expect(staff.locator("[data-testid=quorum-present]")).to_have_text("1", timeout=15_000)
    assert staff.evaluate("window.__notReloaded") is True  # the panel changed, the page did not reload
    assert "Faltan 2" in staff.get_by_test_id("quorum-state").inner_text()
