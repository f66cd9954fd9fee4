"""In Chromium: the home page's inbox ("Mi bandeja") of the demo's roles passes axe-core without
critical or serious violations, and its items open the page where the user acts."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# The demo's users: the ST, a member's titular, an observer, a coordinator and a support commission.
USERS = ["st", "miembro", "observador", "coordinador", "sociedadcivil"]


def _axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("critical", "serious")]


def test_the_inbox_passes_axe_for_each_role_and_links_to_actions(browser, live_server, tmp_path):
    call_command("load_reference", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    for username in USERS:
        # axe-core is injected as an inline script, which the policy refuses: the context bypasses it.
        context = browser.new_context(locale="es-PE", bypass_csp=True)
        page = context.new_page()
        browser_login(page, live_server, username, "demo-mtigm")
        page.goto(f"{live_server.url}/")
        assert page.locator("h2#inbox-title").inner_text() == "Mi bandeja"
        # Either sections with items, or the message that nothing is pending; never the old tile grid.
        sections = page.locator("article.inbox-section")
        assert sections.count() > 0 or page.locator(".inbox-empty").count() == 1
        assert page.locator(".grid-cards").count() == 0
        page.screenshot(path=str(tmp_path / f"home-{username}.png"), full_page=True)
        assert _axe(page) == [], username
        if username == "st" and sections.count():
            # The first item of the first section opens its page.
            link = sections.first.locator("li.inbox-item a").first
            href = link.get_attribute("href")
            response = page.goto(f"{live_server.url}{href}")
            assert response is not None and response.status == 200, href
        context.close()
