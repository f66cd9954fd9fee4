"""The work plan pages speak English when the user picks English.

The msgids are Spanish and English comes from workplans/locale/en; these tests fail if the
catalogue is left untranslated or the compiled .mo is stale.
"""

from __future__ import annotations

import pytest
from django.conf import settings

from workplans import services

from .helpers import approved_plan, world

pytestmark = pytest.mark.django_db

YEAR = 2015

# Each page with English strings that must appear and their Spanish originals that must not.
PAGES = {
    "list": (
        "/planes/",
        {
            "Annual work plans": "Planes de trabajo anuales",
            "Create preliminary draft": "Crear anteproyecto",
            "View plan": "Ver plan",
        },
    ),
    "detail": (
        f"/planes/{YEAR}/",
        {
            "Year dashboard": "Tablero del año",
            "Groups and subgroups": "Grupos y subgrupos",
            "Plan stages (Technical Secretariat)": "Etapas del plan (Secretaría Técnica)",
        },
    ),
    "dashboard": (
        f"/planes/{YEAR}/tablero/",
        {
            "Reports by evaluation": "Informes por evaluación",
            "Progress by group": "Avance por grupo",
            "Product schedule": "Cronograma de productos",
        },
    ),
    "evaluation": (
        f"/planes/{YEAR}/evaluaciones/q1/",
        {
            "Group reports": "Informes de grupo",
            "Subgroup reports": "Informes de subgrupo",
            "Due on": "Vence el",
        },
    ),
    "annual": (
        f"/planes/{YEAR}/memoria/",
        {
            "Generate the annual report PDF": "Generar PDF de la memoria",
            "The annual report has not been generated yet.": "Todavía no se generó la memoria.",
        },
    ),
    "import": (
        f"/planes/{YEAR}/importar/",
        {
            "Import plan lines": "Importar líneas del plan",
            "Excel (.xlsx) or CSV file": "Archivo Excel (.xlsx) o CSV",
        },
    ),
    "my-reports": (
        "/planes/mis-informes/",
        {"My evaluation reports": "Mis informes de evaluación"},
    ),
}


@pytest.fixture
def st_client(client):
    """The Technical Secretariat logged in, with an approved plan and an open first-quarter evaluation."""
    w = world()
    plan = approved_plan(w, year=YEAR)
    services.evaluation_open(actor=w["users"]["st"], plan=plan, period="q1")
    client.force_login(w["users"]["st"])
    return client


@pytest.mark.parametrize("page", list(PAGES))
def test_page_in_english(st_client, page):
    url, strings = PAGES[page]
    st_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = st_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html or response.headers.get("Content-Language") == "en"
    for english, spanish in strings.items():
        assert english in html, f"{english!r} missing on {url}"
        assert spanish not in html, f"{spanish!r} still in Spanish on {url}"


@pytest.mark.parametrize("page", ["list", "detail", "evaluation"])
def test_page_in_spanish_by_default(st_client, page):
    """Without a language choice the same pages stay in Spanish, so the English test is meaningful."""
    url, strings = PAGES[page]
    html = st_client.get(url).content.decode()
    for english, spanish in strings.items():
        assert spanish in html
        assert english not in html


def test_setlang_switches_plan_detail_to_english(st_client):
    response = st_client.post("/i18n/setlang/", {"language": "en", "next": f"/planes/{YEAR}/"})
    assert response.status_code == 302
    html = st_client.get(response.headers["Location"]).content.decode()
    assert "Year dashboard" in html
    assert "Approved on" in html
    assert "Aprobado el" not in html
