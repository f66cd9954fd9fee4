import pytest

from tests.conftest import browser_login
from tests.factories.members import secretariat_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_logs_in_and_sees_spanish_home(new_page, live_server):
    secretariat_user("st")
    page = new_page()
    browser_login(page, live_server, "st")
    assert page.locator("h1").inner_text().startswith("Bienvenido")
    assert page.locator("html").get_attribute("lang") == "es"
