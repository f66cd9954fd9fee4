import datetime

import pytest

from members.models import Designation
from tests.conftest import browser_login
from tests.factories.members import DesignationFactory, member_entity, secretariat_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_edits_a_designation_in_the_browser(new_page, live_server):
    secretariat_user("st-browser")
    mtpe = member_entity("MTPE", name="Ministerio de Trabajo y Promoción del Empleo")
    designation = DesignationFactory(
        entity=mtpe,
        start=datetime.date(2024, 3, 1),
        resolution_date=datetime.date(2024, 2, 20),
        notified_on=datetime.date(2024, 2, 25),
    )
    page = new_page()
    browser_login(page, live_server, "st-browser")
    page.goto(f"{live_server.url}/registro/entidades/{mtpe.pk}/")
    page.click(f"a[href='/registro/designaciones/{designation.pk}/']")
    page.click("text=Editar")
    page.fill("#id_resolution_number", "R.M. N° 077-2024-TR")
    page.fill("#id_notified_on", "2024-03-20")
    page.locator("#id_notified_on").dispatch_event("change")
    # The htmx check shows the Art. 7.5 warning before saving.
    page.wait_for_selector("#notice-warning .warning")
    assert "Art. 7.5" in page.inner_text("#notice-warning")
    page.click("article.form-card button[type=submit]")
    page.wait_for_url(f"**/registro/designaciones/{designation.pk}/")
    body = page.inner_text("main")
    assert "R.M. N° 077-2024-TR" in body
    assert "29 días después de la resolución" in body
    designation.refresh_from_db()
    assert designation.resolution_number == "R.M. N° 077-2024-TR"
    assert designation.notified_on == datetime.date(2024, 3, 20)
    assert Designation.objects.count() == 1
