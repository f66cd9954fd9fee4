"""The portal's contact form: a valid message queues exactly one e-mail to the Secretaría Técnica's
mailbox through the outbox; bad input gives the form back with its errors (never a 500); the
honeypot drops robots' messages; the rate is counted per network address and per e-mail address."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mtigm.core.models import OutboundMessage
from portal.services import CONTACT_KIND, secretariat_mailbox

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Ana Quispe",
    "email": "ana@example.pe",
    "subject": "Consulta sobre el plan de trabajo",
    "message": "Quisiera saber cuándo se publica el informe anual del plan.",
    "website": "",
}


def test_the_form_answers_without_login(client):
    page = client.get(reverse("portal:contact"))
    assert page.status_code == 200
    for name in ("name", "email", "subject", "message", "website"):
        assert f'name="{name}"' in page.content.decode()


def test_a_message_queues_exactly_one_outbox_message_to_the_st(client, broker):
    response = client.post(reverse("portal:contact"), VALID)
    assert response.status_code == 302 and response["Location"] == reverse("portal:contact-thanks")
    message = OutboundMessage.objects.get()
    assert message.kind == CONTACT_KIND and message.recipient == secretariat_mailbox()
    assert VALID["subject"] in message.subject
    assert VALID["message"] in message.body_text and VALID["email"] in message.body_text
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and "Gracias" in thanks.content.decode()
    # The same message posted again (a reload) is not queued twice.
    client.post(reverse("portal:contact"), VALID)
    assert OutboundMessage.objects.count() == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"email": "no-es-un-correo"},
        {"name": ""},
        {"message": "corto"},
        {"message": "x" * 5001},
        {"subject": "Asunto\r\nBcc: victima@example.pe"},
        {"name": "Ana\x00"},
        {"subject": "s" * 151},
    ],
)
def test_bad_input_gives_the_form_back_with_its_errors(client, changes):
    response = client.post(reverse("portal:contact"), {**VALID, **changes})
    assert response.status_code == 200
    assert 'class="field-error"' in response.content.decode() and 'role="alert"' in response.content.decode()
    assert not OutboundMessage.objects.exists()


def test_an_empty_post_gives_the_form_back(client):
    response = client.post(reverse("portal:contact"), {})
    assert response.status_code == 200 and not OutboundMessage.objects.exists()


def test_the_honeypot_is_thanked_and_dropped(client):
    response = client.post(reverse("portal:contact"), {**VALID, "website": "https://spam.example"})
    assert response.status_code == 302 and not OutboundMessage.objects.exists()


def test_the_form_is_throttled_per_network_address(client, throttle_rates):
    throttle_rates(contact="3/hour")
    for n in range(3):
        assert client.post(reverse("portal:contact"), {**VALID, "email": f"p{n}@example.pe"}).status_code == 302
    refused = client.post(reverse("portal:contact"), {**VALID, "email": "otra@example.pe"})
    assert refused.status_code == 429 and refused.has_header("Retry-After")
    assert OutboundMessage.objects.count() == 3


def test_the_form_is_throttled_per_e_mail_address(client, throttle_rates):
    throttle_rates(contact="2/hour")
    first = client.post(reverse("portal:contact"), {**VALID, "message": "Primer mensaje de la consulta."})
    second = client.post(reverse("portal:contact"), {**VALID, "message": "Segundo mensaje."}, REMOTE_ADDR="10.0.0.2")
    third = client.post(
        reverse("portal:contact"), {**VALID, "message": "Tercer mensaje distinto."}, REMOTE_ADDR="10.0.0.3"
    )
    assert (first.status_code, second.status_code, third.status_code) == (302, 302, 429)
    assert OutboundMessage.objects.count() == 2
