"""In Chromium, on the demo, as an anonymous visitor: every public page passes axe-core without
critical or serious violations, and from the home page one reaches, by clicking, the Plenary's
calendar feed, an approved acta and a working group's plan products."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from decisions.models import Minutes
from members.models import WorkingGroup
from portal import selectors
from sessions.models import Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def _violations(page, tally: dict[str, dict[str, int]], url: str) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    for violation in result["violations"]:
        impacts = tally.setdefault(url, {})
        impacts[violation["impact"]] = impacts.get(violation["impact"], 0) + 1
    return [f"{v['id']}: {v['help']}" for v in result["violations"] if v["impact"] in ("critical", "serious")]


@pytest.fixture
def demo():
    call_command("load_reference", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())


def test_every_public_page_passes_axe(browser, live_server, demo):
    acta = Minutes.objects.filter(state=Minutes.State.APPROVED).first()
    called = Session.objects.filter(state=Session.State.CALLED, kind__in=Session.PLENARY_KINDS).first()
    group = WorkingGroup.objects.order_by("number").first()
    news = selectors.public_news(AnonymousUser()).first()
    document = selectors.public_documents(AnonymousUser()).first()
    assert document is not None, "the demo has público documents"
    assert acta and called and group, "the demo has an approved acta, a called session and groups"
    assert news is not None, "the demo has published news"
    urls = [
        "/publico/",
        "/publico/sesiones/",
        f"/publico/sesiones/{acta.session_id}/",
        f"/publico/sesiones/{called.pk}/",
        "/publico/acuerdos/",
        "/publico/integrantes/",
        "/publico/normas/",
        "/publico/normas/reglamento/",
        "/publico/grupos/",
        f"/publico/grupos/{group.number}/",
        "/publico/noticias/",
        f"/publico/noticias/{news.slug}/",
        "/publico/contacto/",
        "/publico/contacto/gracias/",
        "/publico/documentos/",
        f"/publico/documentos/{document.pk}/",
    ]
    # axe-core is injected as an inline script, which the policy refuses: the context bypasses it.
    context = browser.new_context(locale="es-PE", bypass_csp=True)
    page = context.new_page()
    found = {}
    tally: dict[str, dict[str, int]] = {}  # violations of any impact, printed for the closing note
    for url in urls:
        response = page.goto(f"{live_server.url}{url}")
        assert response is not None and response.status == 200, url
        found[url] = _violations(page, tally, url)
    # Printed, a page keeps its content and drops the site's header, menus and footer.
    page.emulate_media(media="print")
    page.goto(f"{live_server.url}/publico/grupos/{group.number}/")
    assert page.locator("main h1").is_visible()
    assert not page.locator(".portal-header").is_visible() and not page.locator(".portal-footer").is_visible()
    context.close()
    print("axe violations by impact:", {url: tally.get(url, {}) for url in urls})
    assert found == {url: [] for url in urls}


def test_from_the_home_page_a_visitor_reaches_the_feed_an_acta_and_a_groups_products(browser, live_server, demo):
    acta = Minutes.objects.filter(state=Minutes.State.APPROVED).select_related("session").first()
    assert acta is not None
    context = browser.new_context(locale="es-PE", java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/publico/")

    # The calendar feed: the link answers with the iCalendar of the Plenary.
    with page.expect_response(lambda r: r.url.endswith("/sesiones/calendario.ics")) as feed:
        page.get_by_test_id("ics-feed").click()
    assert feed.value.status == 200 and "text/calendar" in feed.value.headers["content-type"]

    # The latest approved acta, and its PDF.
    page.goto(f"{live_server.url}/publico/")
    page.get_by_role("link", name=f"Acta de la {acta.session.title}").click()
    page.wait_for_url(f"**/publico/sesiones/{acta.session_id}/**")
    assert page.get_by_role("heading", name="Acta", exact=True).is_visible()
    assert "aprobada el" in page.locator("main").inner_text()
    with page.expect_response(lambda r: r.url.endswith("/acta.pdf")) as pdf:
        page.get_by_test_id("acta-pdf").click()
    assert pdf.value.status == 200 and pdf.value.headers["content-type"] == "application/pdf"

    # A working group's products in the year's plan.
    page.goto(f"{live_server.url}/publico/")
    page.locator(".portal-groups a").first.click()
    page.wait_for_url("**/publico/grupos/*/")
    assert page.get_by_test_id("group-progress").is_visible()
    assert page.locator("table tbody tr").count() > 0, "the group's products are listed"
    context.close()
