import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mtigm.core.models import OutboundMessage
from mtigm.core.outbox import outbox_enqueue
from tests.factories.members import member_entity, representative_user, secretariat_user

pytestmark = pytest.mark.django_db


def _messages(count: int, status=OutboundMessage.Status.SENT):
    for n in range(count):
        message = outbox_enqueue(
            key=f"m{status}{n}", kind="test", recipient=f"p{n}@example.gob.pe", subject=f"Asunto {n}", body_text="x"
        )
        OutboundMessage.objects.filter(pk=message.pk).update(status=status)


def test_only_the_secretariat_sees_the_messages(client):
    client.force_login(representative_user(member_entity("MTPE")))
    assert client.get(reverse("outbox")).status_code == 403
    client.force_login(secretariat_user())
    response = client.get(reverse("outbox"))
    assert response.status_code == 200
    assert "Mensajes enviados por la plataforma" in response.content.decode()


def test_list_query_count_does_not_grow_with_messages(client, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr("mtigm.core.dispatch.send", lambda *a: True)
    client.force_login(secretariat_user())
    _messages(3)
    client.get(reverse("outbox"))  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("outbox"))
    _messages(40, OutboundMessage.Status.FAILED)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("outbox"))
    assert response.content.decode().count("Reenviar") == 40


def test_failed_message_can_be_resent_by_the_secretariat(client, broker):
    _messages(1, OutboundMessage.Status.FAILED)
    message = OutboundMessage.objects.get()
    client.force_login(secretariat_user())
    response = client.post(reverse("outbox-resend", args=[message.pk]))
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.PENDING
    assert message.attempts == 0


def test_message_kinds_are_shown_by_name(client):
    outbox_enqueue(key="k1", kind="session_call", recipient="a@example.gob.pe", subject="Citación", body_text="x")
    outbox_enqueue(key="k2", kind="agreement_overdue", recipient="b@example.gob.pe", subject="Vencido", body_text="x")
    client.force_login(secretariat_user())

    html = client.get(reverse("outbox")).content.decode()

    # The codes the services store are named as the owning apps name them (sessions, decisions).
    assert "<td>Citación</td>" in html and "<td>Aviso de acuerdo vencido</td>" in html
    assert "session_call" not in html and "agreement_overdue" not in html
