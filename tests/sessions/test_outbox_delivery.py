"""The e-mail path of a call: outbox rows after commit, a real Redis broker (also down, then back),
and a real SMTP listener that refuses first and accepts later."""

import datetime
import io
import json
import time

import pytest
import vobject
from django.core.files.storage import default_storage
from django.utils import timezone

from mtigm.core import dispatch
from mtigm.core.models import OutboundMessage
from mtigm.core.tasks import outbox_send, outbox_sweep
from sessions import services
from sessions.models import Session
from tests.core.smtp import smtp_listener

from .conftest import aware, draft_session
from .redis_broker import ThrowawayRedis, broker

pytestmark = [pytest.mark.django_db(transaction=True)]
D = datetime.date


def _future_day(days: int = 30) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _task_ids(raw_messages) -> list:
    found = []
    for raw in raw_messages:
        envelope = json.loads(raw)
        if envelope["headers"]["task"] == "mtigm.core.tasks.outbox_send":
            found.append(json.loads(__import__("base64").b64decode(envelope["body"]))[0][0])
    return found


@pytest.fixture
def redis_server():
    server = ThrowawayRedis()
    server.start()
    yield server
    server.cleanup()


def test_call_lands_in_the_real_redis_queue_after_commit(commission, redis_server):
    session = draft_session(commission, day=_future_day())
    with broker(redis_server.url):
        services.session_call(actor=commission.st, session=session)
    ids = _task_ids(redis_server.queued())
    pending = set(OutboundMessage.objects.filter(kind="session_call").values_list("pk", flat=True))
    assert len(pending) == 11
    assert set(ids) == pending  # one task per message, published only after the commit


def test_call_succeeds_with_redis_down_and_messages_go_out_when_it_is_back(commission, redis_server, settings):
    session = draft_session(commission, day=_future_day())
    redis_server.stop()
    with broker(redis_server.url):
        started = time.monotonic()
        called = services.session_call(actor=commission.st, session=session)
        elapsed = time.monotonic() - started
        assert called.state == Session.State.CALLED
        # The first failed publish opens the breaker; the other messages are not even tried.
        assert elapsed < 60
        assert OutboundMessage.objects.filter(kind="session_call", status="pending").count() == 11

        redis_server.start()
        # The sweep runs in the worker's process, whose breaker never saw the outage.
        dispatch.breaker.reset()
        assert redis_server.queued() == []
        settings.OUTBOX_SWEEP_GRACE_SECONDS = 0
        assert outbox_sweep() == 11
        assert len(_task_ids(redis_server.queued())) == 11


def test_smtp_refuses_then_accepts_and_each_person_gets_one_call_with_pdf_and_ics(commission, settings, monkeypatch):

    monkeypatch.setattr("mtigm.core.dispatch.send", lambda *a: True)  # the test runs the tasks itself
    settings.OUTBOX_RETRY_BASE_SECONDS = 1
    settings.MEDIA_ROOT = str(settings.BASE_DIR / "var" / "test-media-sessions")
    session = draft_session(commission, day=_future_day())
    services.session_call(actor=commission.st, session=session)
    with smtp_listener(settings, fail_first=1) as server:
        for message in OutboundMessage.objects.filter(kind="session_call"):
            outbox_send.apply(args=[message.pk])
            outbox_send.apply(args=[message.pk])  # a duplicate run never sends twice
    assert server.refused == 1
    assert OutboundMessage.objects.filter(kind="session_call", status="sent").count() == 11
    # Exactly one message met the refusal and went out on its retry.
    assert list(OutboundMessage.objects.values_list("attempts", flat=True).order_by("-attempts")[:2]) == [2, 1]
    assert len(server.messages) == 11
    recipients = sorted(m["To"].addresses[0].addr_spec for m in server.messages)
    assert len(set(recipients)) == 11
    delivered = server.messages[0]
    assert str(delivered["Subject"]).strip().startswith("Citación: I Sesión Ordinaria")
    body = delivered.get_body(("plain",)).get_content()
    assert "Agenda:" in body and "Punto 1" in body and "Cancillería" in body
    parts = {part.get_content_type(): part for part in delivered.iter_attachments()}
    pdf = parts["application/pdf"].get_payload(decode=True)
    assert pdf.startswith(b"%PDF")
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "I Sesión Ordinaria" in text and "Punto 2" in text
    ics = parts["text/calendar"].get_payload(decode=True).decode()
    event = vobject.readOne(ics).vevent
    assert event.uid.value.startswith(f"sesion-{session.pk}@")
    assert event.dtstart.value == session.starts_at
    # The worker also stored the call letter for the API's call_pdf_url.
    session.refresh_from_db()
    assert session.call_pdf and session.call_pdf_sequence == 0
    default_storage.delete(session.call_pdf.name)


def test_failed_message_is_visible_and_resent_by_the_secretariat(commission, settings, monkeypatch, client):

    monkeypatch.setattr("mtigm.core.dispatch.send", lambda *a: True)
    monkeypatch.setattr("sessions.pdf.render_call_pdf", lambda s: b"%PDF-1.4 test")
    settings.OUTBOX_MAX_ATTEMPTS = 1
    settings.MEDIA_ROOT = str(settings.BASE_DIR / "var" / "test-media-sessions")
    session = draft_session(commission, day=_future_day())
    services.session_call(actor=commission.st, session=session)
    message = OutboundMessage.objects.filter(kind="session_call").first()
    with smtp_listener(settings, fail_first=99):
        outbox_send.apply(args=[message.pk])
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.FAILED
    client.force_login(commission.st)
    page = client.get(f"/sesiones/{session.pk}/mensajes/?status=failed")
    assert page.status_code == 200
    assert message.recipient in page.content.decode()
    client.force_login(commission.user("MIEMBRO1"))
    assert client.post(f"/sesiones/{session.pk}/mensajes/", {"message": message.pk}).status_code == 403
    client.force_login(commission.st)
    client.post(f"/sesiones/{session.pk}/mensajes/", {"message": message.pk})
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.PENDING and message.attempts == 0
    with smtp_listener(settings) as server:
        outbox_send.apply(args=[message.pk])
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT and len(server.messages) == 1
    default_storage.delete(Session.objects.get(pk=session.pk).call_pdf.name)


def test_reminders_and_deadline_alerts_are_rows_found_by_the_scan(commission, monkeypatch):
    from sessions.tasks import sessions_scan

    monkeypatch.setattr("mtigm.core.dispatch.send", lambda *a: True)
    day = D(2026, 12, 11)  # a Friday, after the holidays of 8 and 9 December
    session = draft_session(commission, day=day, now=aware(D(2026, 11, 10)))
    services.session_call(actor=commission.st, session=session, now=aware(D(2026, 11, 20), 9))
    draft = draft_session(commission, day=D(2026, 12, 22))  # latest valid call: Thursday 10 December
    reminders = OutboundMessage.objects.filter(kind="session_reminder_2bd")
    sessions_scan(aware(D(2026, 12, 4), 9).isoformat())  # Friday 4: too early
    assert reminders.count() == 0
    # Two business days before Friday 11 are Thursday 10 and (skipping 8-9 December) Monday 7.
    sessions_scan(aware(D(2026, 12, 7), 9).isoformat())
    assert reminders.count() == 11
    sessions_scan(aware(D(2026, 12, 7), 9, 5).isoformat())  # the scan runs again: nothing new
    assert reminders.count() == 11
    sessions_scan(aware(D(2026, 12, 11), 6).isoformat())  # before the morning reminder hour
    assert not OutboundMessage.objects.filter(kind="session_reminder_day").exists()
    sessions_scan(aware(D(2026, 12, 11), 7, 30).isoformat())
    assert OutboundMessage.objects.filter(kind="session_reminder_day").count() == 11
    alerts = OutboundMessage.objects.filter(kind="secretariat_alert", object_id=str(draft.pk)).order_by("pk")
    # One warning when the deadline came near (7 December), one when it had passed (11 December).
    assert [a.recipient for a in alerts] == [commission.st.person.email] * 2
    assert "10/12/2026" in alerts[0].subject and "Art. 11" in alerts[0].body_text
    assert "vencido" in alerts[1].subject
