"""The sessions pages in English: the language cookie switches the UI away from the Spanish msgids."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
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


def test_dates_read_in_the_language_of_the_page(english_st_client, commission):
    # Formats come per language (mtigm/formats): no Spanish words inside a format string.
    session = called_session(commission, day=datetime.date(2027, 6, 1))
    client = Client()  # a second browser, without the language cookie
    client.force_login(commission.st)
    pages = [f"/sesiones/{session.pk}/", "/sesiones/", f"/acuerdos/sesion/{session.pk}/"]

    for page in pages:
        english = english_st_client.get(page).content.decode()
        spanish = client.get(page).content.decode()
        assert "Tuesday 1 June 2027, 10:00" in english, page
        assert " de June" not in english and "Tuesday 1 de" not in english
        assert "martes 1 de junio de 2027, 10:00" in spanish, page


def test_message_kinds_and_history_types_are_named_in_the_page_language(commission):
    from django.utils import translation

    from mtigm.core.history import history_rows
    from mtigm.core.message_kinds import message_kind_label

    session = draft_session(commission, day=timezone.localdate() + datetime.timedelta(days=30))
    session.place = "Sala Grau"
    session.save()
    with translation.override("es"):
        rows = history_rows(list(session.history.all()))
        assert [row["type"] for row in rows] == ["Modificación", "Creación"]
        assert rows[0]["changes"][0]["field"] == "lugar"
        assert message_kind_label("session_call") == "Citación"
        assert message_kind_label("agreement_overdue") == "Aviso de acuerdo vencido"
    assert message_kind_label("unknown_kind") == "unknown_kind"
