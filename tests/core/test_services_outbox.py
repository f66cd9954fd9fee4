import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from mtigm.core.models import OutboundMessage
from mtigm.core.outbox import Attachment, outbox_enqueue, register_attachment
from mtigm.core.tasks import outbox_send, outbox_sweep
from tests.core.smtp import smtp_listener

pytestmark = pytest.mark.django_db(transaction=True)


@register_attachment("tests.hello")
def _hello(name: str):
    return (f"{name}.txt", f"hola {name}".encode(), "text/plain")


def _enqueue(key="k1", **kwargs):
    return outbox_enqueue(
        key=key,
        kind="test",
        recipient="titular@example.gob.pe",
        recipient_name="Ana Pérez",
        subject="Citación",
        body_text="Texto de la citación",
        **kwargs,
    )


def test_rolled_back_action_queues_nothing_and_dispatches_nothing(broker):
    with pytest.raises(RuntimeError), transaction.atomic():
        _enqueue()
        raise RuntimeError("the action failed")
    assert OutboundMessage.objects.count() == 0
    assert broker == []


def test_same_key_queues_one_message_and_dispatches_after_commit(broker):
    with transaction.atomic():
        first = _enqueue()
        second = _enqueue()
        assert broker == []  # nothing leaves before the commit
    assert first.pk == second.pk
    assert OutboundMessage.objects.count() == 1
    assert broker == [("mtigm.core.tasks.outbox_send", (first.pk,))]


def test_smtp_failure_is_retried_then_delivered_once(monkeypatch, settings):
    monkeypatch.setattr("mtigm.core.dispatch.send", lambda *a: True)
    settings.OUTBOX_RETRY_BASE_SECONDS = 1
    message = _enqueue(attachments=[Attachment("tests.hello", {"name": "acta"})])
    with smtp_listener(settings, fail_first=1) as server:
        # Eager apply runs the task's own retry at once: the first attempt is refused with a
        # temporary error, the retry delivers. Later duplicate runs must not send a second copy.
        outbox_send.apply(args=[message.pk])
        outbox_send.apply(args=[message.pk])
        outbox_send.apply(args=[message.pk])
    assert server.refused == 1
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT
    assert message.attempts == 2
    assert len(server.messages) == 1
    delivered = server.messages[0]
    assert delivered["Subject"] == "Citación"
    assert "Ana" in delivered["To"]
    attachment = next(part for part in delivered.walk() if part.get_filename() == "acta.txt")
    assert attachment.get_payload(decode=True) == b"hola acta"


def test_message_failing_every_time_ends_failed(monkeypatch, settings):
    monkeypatch.setattr("mtigm.core.dispatch.send", lambda *a: True)
    settings.OUTBOX_MAX_ATTEMPTS = 2
    message = _enqueue()
    with smtp_listener(settings, fail_first=99) as server:
        for _ in range(3):
            outbox_send.apply(args=[message.pk])
            OutboundMessage.objects.filter(pk=message.pk).update(next_attempt_at=None)
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.FAILED
    assert message.attempts == 2
    assert server.messages == []


def test_sweep_dispatches_only_due_pending_messages(broker, settings):
    due = _enqueue("due")
    _enqueue("fresh")
    later = _enqueue("later", not_before=timezone.now() + datetime.timedelta(days=1))
    sent = _enqueue("sent")
    OutboundMessage.objects.filter(pk=sent.pk).update(status=OutboundMessage.Status.SENT)
    old = timezone.now() - datetime.timedelta(minutes=5)
    OutboundMessage.objects.exclude(key="fresh").update(created_at=old)
    broker.clear()
    assert outbox_sweep() == 1
    swept = broker.ids("mtigm.core.tasks.outbox_send")
    assert swept == [due.pk]
    assert later.pk not in swept


def test_messages_are_composed_in_spanish_whatever_the_ui_language():
    from django.utils import translation

    from mtigm.core.outbox import in_commission_language

    @in_commission_language
    def compose() -> str:
        return translation.gettext("Salir")

    with translation.override("en"):
        assert translation.gettext("Salir") == "Log out"
        assert compose() == "Salir"
        assert translation.get_language() == "en"
