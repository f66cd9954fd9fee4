"""The sessions pages in English: the language cookie switches the UI away from the Spanish msgids."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from .conftest import called_session, draft_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_st_client(client, commission):
    client.force_login(commission.st)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_session_list_is_in_english(english_st_client, commission):
    draft_session(commission, day=timezone.localdate() + datetime.timedelta(days=30))

    response = english_st_client.get("/sesiones/")

    assert response.status_code == 200
    html = response.content.decode()
    expected = {
        "Plenary sessions and working group meetings: call, agenda, attendance and quorum.": (
            "Sesiones del Pleno y reuniones de los grupos de trabajo"
        ),
        "2 agenda items": "2 puntos de agenda",
        "Schedule a session": "Programar sesión",
        "Upcoming": "Próximas",
    }
    for english, spanish in expected.items():
        assert english in html
        assert spanish not in html


def test_session_detail_is_in_english(english_st_client, commission):
    session = called_session(commission, day=timezone.localdate() + datetime.timedelta(days=30))

    response = english_st_client.get(f"/sesiones/{session.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    expected = {
        "Lima time": "hora de Lima",
        "Called on": "Citada el",
        "Reschedule and call": "Reprogramar y citar",
        "A new call is sent: the notice period is counted from today (Art. 11).": "Se cursa una nueva citación",
        "Actions": "Acciones",
    }
    for english, spanish in expected.items():
        assert english in html
        assert spanish not in html


def test_session_detail_stays_in_spanish_without_the_cookie(client, commission):
    # Guards the test above: the Spanish strings really are on the page when English is not chosen.
    session = called_session(commission, day=timezone.localdate() + datetime.timedelta(days=30))
    client.force_login(commission.st)

    html = client.get(f"/sesiones/{session.pk}/").content.decode()

    assert "Reprogramar y citar" in html
    assert "Reschedule and call" not in html
