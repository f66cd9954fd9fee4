"""In Chromium, on the demo: the pages a plenary and a quarter's reporting go through pass axe-core
without critical or serious violations (session page, meeting console, acta, plan dashboard,
report form). The home page and the ballot page have their own tests (test_browser_home,
tests/decisions/test_browser_a11y)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from decisions.models import Minutes
from sessions.models import Session
from tests.conftest import browser_login
from workplans.models import Plan, SubgroupReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def _serious(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']}: {v['help']}" for v in result["violations"] if v["impact"] in ("critical", "serious")]


def test_plenary_and_report_pages_pass_axe(browser, live_server):
    call_command("load_reference", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    today = Session.objects.filter(state=Session.State.CALLED).order_by("starts_at").first()
    acta = Minutes.objects.filter(state=Minutes.State.APPROVED).first()
    plan = Plan.objects.order_by("-year").first()
    # The demo's subgroup lead ("responsable", MININTER) leads subgroup 4.1: its report form.
    report = SubgroupReport.objects.filter(subgroup__code="4.1").order_by("-pk").first()
    assert today and acta and plan and report
    pages = {
        "st": [
            f"/sesiones/{today.pk}/",
            f"/acuerdos/sesion/{today.pk}/consola/",
            f"/acuerdos/actas/sesion/{acta.session_id}/",
            f"/planes/{plan.year}/tablero/",
        ],
        "responsable": [f"/planes/informes/{report.pk}/"],
    }
    found = {}
    for username, urls in pages.items():
        # axe-core is injected as an inline script, which the policy refuses: the context bypasses it.
        context = browser.new_context(locale="es-PE", bypass_csp=True)
        page = context.new_page()
        browser_login(page, live_server, username, "demo-mtigm")
        for url in urls:
            response = page.goto(f"{live_server.url}{url}")
            assert response is not None and response.status == 200, url
            if username == "responsable":
                assert page.locator("form textarea").count() > 0, "the report form is shown"
            found[url] = _serious(page)
        context.close()
    assert found == {url: [] for urls in pages.values() for url in urls}
