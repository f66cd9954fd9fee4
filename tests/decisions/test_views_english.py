"""English pages: the decisions catalogue covers the board and the session page.

The msgids are Spanish, so a page that shows a Spanish text in English means the catalogue lacks
that translation (or the compiled .mo is stale).
"""

from __future__ import annotations

import pytest
from django.conf import settings

from decisions import services
from tests.decisions.factories import plenary
from tests.factories.members import secretariat_user

pytestmark = pytest.mark.django_db


def _english(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    return response.content.decode()


def test_agreements_board_is_in_english(client):
    page = _page(_english(client, secretariat_user("st-en")), "/acuerdos/")
    # "Responsable" is also a msgid of the members catalogue, which takes precedence (it is listed
    # earlier in INSTALLED_APPS), so only its absence is checked here.
    for english in [
        "Agreement follow-up",
        "0 open agreements across all sessions.",
        "The Technical Secretariat follows up on and disseminates the agreements (Art. 18.9).",
        "Filter by status",
        "There are no agreements with that status.",
        "Deadline",
        "Fulfilled",
        "Overdue",
    ]:
        assert english in page, english
    for spanish in [
        "Seguimiento de acuerdos",
        "acuerdos abiertos en todas las sesiones",
        "La Secretaría Técnica hace el seguimiento",
        "Filtrar por estado",
        "No hay acuerdos con ese estado.",
        "Responsable",
        "Plazo",
        "Cumplido",
        "Vencido",
    ]:
        assert spanish not in page, spanish


def test_session_page_is_in_english_with_plural_forms(client):
    p = plenary(3)
    ballot = services.ballot_open(actor=p.st, agenda_item=p.item, text="Approve the report")
    services.vote_cast(actor=p.titular(1), ballot=ballot, choice="yes")
    page = _page(_english(client, p.st), f"/acuerdos/sesion/{p.session.pk}/")
    for english in [
        "3 of 3 member entities present; quorum",
        "Ballots",
        "Motion",
        "Ballot open",
        "1 vote<",
        "Open a ballot",
        "by default, a simple majority of those present and voting (Art. 13).",
        "No agreements yet.",
        "Go to the minutes",
    ]:
        assert english in page, english
    for spanish in [
        "entidades miembro; quórum",
        "Votaciones",
        "Moción",
        "Votación abierta",
        "1 voto<",
        "Abrir una votación",
        "mayoría simple de presentes y votantes",
        "Sin acuerdos todavía.",
        "Ir al acta",
    ]:
        assert spanish not in page, spanish
