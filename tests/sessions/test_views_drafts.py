"""Programming sessions without friction: the draft edit page, the notice hints beside the date, the
list that sets cancelled sessions aside, and the periodicity page's window."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from directives.calendar import add_business_days, latest_call_date
from sessions import selectors, services
from sessions.models import Session

from .conftest import aware, called_session, draft_session

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def st_client(client, commission):
    client.force_login(commission.st)
    return client


def _future(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def test_the_edit_form_shows_the_current_date_and_hour(st_client, commission):
    session = draft_session(commission, day=_future(40), hour=15)
    day = timezone.localdate(session.starts_at)

    html = st_client.get(f"/sesiones/{session.pk}/editar/").content.decode()

    # <input type="date"> shows a value only when it is ISO, whatever the page's language.
    assert f'type="date" name="day" value="{day.isoformat()}"' in html
    assert 'type="time" name="time" value="15:00"' in html
    assert "Editar borrador" in st_client.get(f"/sesiones/{session.pk}/").content.decode()


def test_a_draft_is_edited_from_its_page(st_client, commission):
    session = draft_session(commission, day=_future(40))
    new_day = _future(45)

    response = st_client.post(
        f"/sesiones/{session.pk}/editar/",
        {"kind": "extraordinary", "day": new_day.isoformat(), "time": "16:30", "place": "Sala Grau"},
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.kind == "extraordinary" and session.place == "Sala Grau"
    assert session.starts_at == aware(new_day, 16, 30)
    assert session.title == "I Sesión Extraordinaria"


def test_a_called_session_is_not_edited(st_client, commission):
    session = called_session(commission, day=_future(40))

    shown = st_client.get(f"/sesiones/{session.pk}/editar/", follow=True)
    refused = st_client.post(
        f"/sesiones/{session.pk}/editar/", {"kind": "ordinary", "day": _future(50).isoformat(), "time": "10:00"}
    )

    assert shown.redirect_chain[-1][0] == f"/sesiones/{session.pk}/"
    assert "Solo se editan sesiones en borrador" in shown.content.decode()
    assert refused.status_code == 409
    assert "Solo se editan sesiones en borrador" in refused.content.decode()
    session.refresh_from_db()
    assert timezone.localdate(session.starts_at) == _future(40)


def test_a_member_may_not_open_the_edit_page(client, commission):
    session = draft_session(commission, day=_future(40))
    client.force_login(commission.user("MIEMBRO1"))
    assert client.get(f"/sesiones/{session.pk}/editar/").status_code in (403, 404)


def test_the_form_shows_the_notice_for_the_chosen_date_without_javascript(st_client):
    day = _future(30)
    today = timezone.localdate()
    notice = {str(kind): int(selectors.notice_rule(kind, on=today).value) for kind in selectors.PLENARY_KINDS}

    # The "Calcular plazos" button re-renders the form with what was typed, saving nothing.
    response = st_client.post(
        "/sesiones/nueva/", {"kind": "ordinary", "day": day.isoformat(), "time": "10:00", "calculate": "1"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert not Session.objects.exists()
    assert f'value="{day.isoformat()}"' in html
    latest = latest_call_date(day, notice["ordinary"])
    earliest = add_business_days(today, notice["extraordinary"]) + datetime.timedelta(days=1)
    assert latest.strftime("%Y") in html
    assert f"{latest.day} de " in html.split('data-testid="latest-call-ordinary"')[1].split("</li>")[0]
    assert f"{earliest.day} de " in html.split('data-testid="earliest-extraordinary"')[1].split("</li>")[0]


def test_the_hints_follow_the_date_as_a_fragment(st_client):
    day = _future(30)
    fragment = st_client.get(f"/sesiones/nueva/?estimate=1&day={day.isoformat()}").content.decode()
    assert "<form" not in fragment and 'data-testid="latest-call-ordinary"' in fragment
    page = st_client.get("/sesiones/nueva/").content.decode()
    assert 'data-estimate-target="#notice-hints"' in page and 'data-testid="earliest-ordinary"' in page


def test_cancelled_and_postponed_sessions_leave_upcoming(st_client, commission):
    kept = called_session(commission, day=_future(30))
    cancelled = called_session(commission, day=_future(31))
    postponed = called_session(commission, day=_future(32))
    services.session_cancel(actor=commission.st, session=cancelled, reason="Sin sala")
    services.session_postpone(actor=commission.st, session=postponed, reason="Feriado decretado")

    html = st_client.get("/sesiones/").content.decode()

    upcoming, rest = html.split("Próximas", 1)[1].split('id="set-aside"', 1)
    assert kept.title in upcoming
    assert cancelled.title not in upcoming and postponed.title not in upcoming
    assert cancelled.title in rest and postponed.title in rest and "Sin sala" in rest


def test_the_periodicity_page_shows_the_window_its_verdict_counts(st_client, commission):
    Session.objects.create(kind="ordinary", number=1, starts_at=aware(D(2025, 2, 10)), state="held")
    Session.objects.create(kind="ordinary", number=2, starts_at=aware(D(2025, 4, 28)), state="draft")

    html = st_client.get("/sesiones/cumplimiento/?year=2025").content.decode()

    rows = html.split("<tbody>")[1].split("</tr>")
    assert "01/01–28/02" in rows[0] and "I Sesión Ordinaria" in rows[0] and "Cumple" in rows[0]
    # A draft does not comply: March–April shows no session.
    assert "II Sesión Ordinaria" not in rows[1] and "Sin sesión" in rows[1]


def test_the_agenda_of_a_draft_is_edited_and_items_removed_until_the_call(st_client, commission):
    session = draft_session(commission, day=_future(40), items=0)
    for title in ("Informe de la ST", "Plan de trabajo", "Otros asuntos"):
        services.agenda_item_add(actor=commission.st, session=session, title=title)
    first, second, _third = session.agenda_items.order_by("position")
    page = st_client.get(f"/sesiones/{session.pk}/").content.decode()
    assert "Editar el punto" in page and "Retirar de la agenda" in page

    st_client.post(
        f"/sesiones/{session.pk}/agenda-edit/",
        {"item": second.pk, "title": "Plan de trabajo 2027", "description": "Anteproyecto"},
    )
    st_client.post(f"/sesiones/{session.pk}/agenda-remove/", {"item": first.pk})
    assert list(session.agenda_items.order_by("position").values_list("position", "title")) == [
        (1, "Plan de trabajo 2027"),
        (2, "Otros asuntos"),
    ]
    # Once called, the agenda is only extended (Art. 11): editing is refused, citing the article.
    session = called_session(commission, day=_future(50))
    item = session.agenda_items.first()
    assert item is not None
    response = st_client.post(
        f"/sesiones/{session.pk}/agenda-edit/", {"item": item.pk, "title": "Otro asunto"}, follow=True
    )
    assert "ya no se edita" in response.content.decode() and "Art. 11" in response.content.decode()
    item.refresh_from_db()
    assert item.title != "Otro asunto"
