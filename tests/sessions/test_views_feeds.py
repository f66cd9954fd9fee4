"""ICS feeds read back with an independent parser (vobject; the feeds are written with icalendar)."""

import datetime

import pytest
import vobject

from sessions import services
from sessions.models import CalendarFeedToken

from .conftest import aware, called_session, draft_session

D = datetime.date
pytestmark = pytest.mark.django_db


def events(content: bytes) -> dict:
    calendar = vobject.readOne(content.decode())
    return {event.uid.value: event for event in calendar.vevent_list}


def test_public_feed_lists_plenary_sessions_with_stable_uids_sequence_and_cancellation(client, commission):
    session = called_session(commission, day=D(2025, 6, 11))
    draft_session(commission, day=D(2025, 7, 9))  # drafts are not published
    first = events(client.get("/sesiones/calendario.ics").content)
    assert len(first) == 1
    ((uid, event),) = first.items()
    assert event.sequence.value == "0" and event.status.value == "CONFIRMED"
    assert event.dtstart.value == aware(D(2025, 6, 11))
    assert event.dtstart.value.utcoffset() == datetime.timedelta(hours=-5)
    assert event.url.value.endswith(f"/sesiones/{session.pk}/")
    assert "Punto 1" in event.description.value and event.location.value == "Cancillería"

    services.session_reschedule(
        actor=commission.st, session=session, starts_at=aware(D(2025, 6, 25)), reason="Cambio", now=aware(D(2025, 6, 2))
    )
    moved = events(client.get("/sesiones/calendario.ics").content)[uid]
    assert moved.sequence.value == "1" and moved.dtstart.value == aware(D(2025, 6, 25))
    services.session_cancel(actor=commission.st, session=session, reason="Sin agenda", now=aware(D(2025, 6, 3)))
    cancelled = events(client.get("/sesiones/calendario.ics").content)[uid]
    assert cancelled.status.value == "CANCELLED" and cancelled.sequence.value == "2"


def test_personal_feed_is_behind_a_secret_token(client, commission):
    plenary = called_session(commission, day=D(2025, 6, 11))
    user = commission.cso_user
    extended = called_session(commission, day=D(2025, 6, 18), extended=True)
    token = services.feed_token_for(user).token
    found = events(client.get(f"/sesiones/calendario/{token}.ics").content)
    # A civil-society representative is called to extended sessions only.
    assert [e.url.value.rstrip("/").rsplit("/", 1)[-1] for e in found.values()] == [str(extended.pk)]
    member_token = services.feed_token_for(commission.user("MIEMBRO1")).token
    assert len(events(client.get(f"/sesiones/calendario/{member_token}.ics").content)) == 2
    assert client.get("/sesiones/calendario/not-a-token.ics").status_code == 404
    rotated = services.feed_token_for(user, rotate=True).token
    assert rotated != token and client.get(f"/sesiones/calendario/{token}.ics").status_code == 404
    assert CalendarFeedToken.objects.count() == 2
    assert plenary.pk not in {int(e.url.value.rstrip("/").rsplit("/", 1)[-1]) for e in found.values()}


def test_pages_render_in_spanish(client, commission):
    session = called_session(commission, day=D(2025, 6, 11))
    client.force_login(commission.st)
    for url in (
        "/sesiones/",
        "/sesiones/nueva/",
        f"/sesiones/{session.pk}/",
        "/sesiones/cumplimiento/?year=2025",
        "/sesiones/pedidos/",
        "/sesiones/calendarios/",
        f"/sesiones/{session.pk}/mensajes/",
        f"/sesiones/{session.pk}/quorum/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(f"/sesiones/{session.pk}/").content.decode()
    assert "Quórum" in page and "Agenda" in page and "Art. 12" in page
    client.force_login(commission.user("MIEMBRO1"))
    assert client.get(f"/sesiones/{session.pk}/mensajes/").status_code == 403
    late = draft_session(
        commission, day=__import__("django.utils.timezone").utils.timezone.localdate() + datetime.timedelta(days=2)
    )
    client.force_login(commission.st)
    response = client.post(f"/sesiones/{late.pk}/call/", follow=True)
    assert "Citación tardía" in response.content.decode() and "Art. 11" in response.content.decode()


def test_feeds_answer_conditional_requests_and_render_once_per_change(client, commission, monkeypatch):
    from sessions import views

    renders = []
    original = views.calendar_for
    monkeypatch.setattr(views, "calendar_for", lambda *a, **k: renders.append(1) or original(*a, **k))
    session = called_session(commission, day=D(2025, 6, 11))
    first = client.get("/sesiones/calendario.ics")
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    again = client.get("/sesiones/calendario.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get("/sesiones/calendario.ics", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    assert client.get("/sesiones/calendario.ics").content == first.content
    assert len(renders) == 1  # one render for four requests

    services.session_reschedule(
        actor=commission.st, session=session, starts_at=aware(D(2025, 6, 25)), reason="Cambio", now=aware(D(2025, 6, 2))
    )
    changed = client.get("/sesiones/calendario.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert len(renders) == 2


def test_personal_feeds_with_alike_versions_never_share_a_body(client, commission):
    called_session(commission, day=D(2025, 6, 11))
    called_session(commission, day=D(2025, 6, 18), extended=True)
    cso = client.get(f"/sesiones/calendario/{services.feed_token_for(commission.cso_user).token}.ics")
    member = client.get(f"/sesiones/calendario/{services.feed_token_for(commission.user('MIEMBRO1')).token}.ics")
    assert len(events(cso.content)) == 1 and len(events(member.content)) == 2
    assert cso["ETag"] != member["ETag"]
    # A conditional request of one feed with the other's ETag is answered in full.
    assert (
        client.get(
            f"/sesiones/calendario/{services.feed_token_for(commission.cso_user).token}.ics",
            HTTP_IF_NONE_MATCH=member["ETag"],
        ).status_code
        == 200
    )
