"""The call letter is rendered once per call (and once per reschedule), not once per recipient."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from mtigm.core.models import OutboundMessage
from mtigm.core.tasks import outbox_send
from sessions import pdf, services
from sessions.tasks import session_render_call_pdf

from .conftest import aware, draft_session

pytestmark = [pytest.mark.django_db]


def test_one_render_per_call_and_per_reschedule(commission, broker, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    renders = []
    original = pdf.render_call_pdf

    def counting(session):
        renders.append(session.sequence)
        return original(session)

    monkeypatch.setattr(pdf, "render_call_pdf", counting)
    day = timezone.localdate() + datetime.timedelta(days=30)
    session = draft_session(commission, day=day)
    services.session_call(actor=commission.st, session=session)
    # The worker runs what the call published: the letter's render and one message per recipient.
    for session_id in broker.ids("sessions.tasks.session_render_call_pdf"):
        session_render_call_pdf.apply(args=[session_id])
    for message in OutboundMessage.objects.filter(kind="session_call"):
        outbox_send.apply(args=[message.pk])
    sent = [m for m in mail.outbox if m.subject.startswith("Citación")]
    assert len(sent) == 11
    assert all(any(name.endswith(".pdf") for name, _content, _type in m.attachments) for m in sent)
    print(f"\ncall letter: {len(renders)} render(s) for {len(sent)} messages")
    assert renders == [0]

    session.refresh_from_db()
    services.session_reschedule(
        actor=commission.st,
        session=session,
        starts_at=aware(day + datetime.timedelta(days=7)),
        reason="Cruce de agenda",
    )
    for message in OutboundMessage.objects.filter(status="pending"):
        outbox_send.apply(args=[message.pk])
    assert renders == [0, 1]
