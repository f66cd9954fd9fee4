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
