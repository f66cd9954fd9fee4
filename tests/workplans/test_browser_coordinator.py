import re

import pytest

from tests.conftest import browser_login
from workplans import services
from workplans.models import GroupReport, SubgroupReport

from .helpers import approved_plan, world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_coordinator_consolidates_and_files_group_report(new_page, live_server):
    w = world()
    plan = approved_plan(w)
    evaluation = services.evaluation_open(actor=w["users"]["st"], plan=plan, period="q1")
    r41 = SubgroupReport.objects.get(evaluation=evaluation, subgroup__code="4.1")
    services.subgroup_report_submit(actor=w["users"]["responsable"], report=r41)
    page = new_page()
    browser_login(page, live_server, "coordinador")
    page.goto(f"{live_server.url}/planes/mis-informes/")
    page.click("text=4.1")
    page.click("button[value=accept]")
    page.wait_for_selector("text=Informe consolidado.")
    r42 = SubgroupReport.objects.get(evaluation=evaluation, subgroup__code="4.2")
    page.goto(f"{live_server.url}/planes/informes/{r42.pk}/")
    page.click("button[value=submit]")  # MIGRACIONES also leads 4.2
    page.wait_for_selector("text=Informe enviado a la coordinación del grupo.")
    page.click("button[value=accept]")
    group = GroupReport.objects.get(evaluation=evaluation, group__number=4)
    page.goto(f"{live_server.url}/planes/informes-de-grupo/{group.pk}/")
    page.fill("textarea[name=summary]", "El grupo avanza según el cronograma.")
    page.click("button[value=file]")
    page.wait_for_selector("text=Informe remitido a la Secretaría Técnica.")
    group.refresh_from_db()
    assert group.state == GroupReport.State.FILED and group.summary.startswith("El grupo")


def test_page_estimate_updates_while_typing(new_page, live_server):
    """The "N páginas" estimate follows the text as it is typed (input events, debounced): the lead
    never leaves the field, and the figure keeps the page's decimal comma."""
    w = world()
    plan = approved_plan(w)
    evaluation = services.evaluation_open(actor=w["users"]["st"], plan=plan, period="q1")
    report = SubgroupReport.objects.get(evaluation=evaluation, subgroup__code="4.1")
    page = new_page()
    browser_login(page, live_server, "responsable")
    page.goto(f"{live_server.url}/planes/informes/{report.pk}/")
    estimate = page.locator("[data-page-estimate]")
    before = estimate.inner_text()
    field = page.locator("textarea[name=difficulties]")
    field.click()
    # Typed, not filled: real key presses, each an input event; no change or blur is ever fired.
    field.press_sequentially("Las entidades no remitieron la información a tiempo. " * 40, delay=0)
    page.wait_for_function(
        "([selector, text]) => document.querySelector(selector).innerText !== text",
        arg=["[data-page-estimate]", before],
    )
    after = estimate.inner_text()
    assert page.evaluate("document.activeElement.name") == "difficulties"
    numbers = [re.findall(r"(\d+,\d) páginas", text) for text in (before, after)]
    assert all(len(found) == 1 for found in numbers), (before, after)
    assert float(numbers[1][0].replace(",", ".")) > float(numbers[0][0].replace(",", "."))
    report.refresh_from_db()
    assert "Las entidades" not in report.difficulties  # the estimate writes nothing
