"""The local outbox page parses what Django's file e-mail backend writes, for the ST only."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, get_connection
from django.urls import reverse

from members.models import EntityKind
from mtigm.core.local_outbox import list_messages
from tests.factories.members import member_entity, representative_user, secretariat_user

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls_site")]

PDF = b"%PDF-1.4\n% fake but byte-exact content\n"


@pytest.fixture
def outbox(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "outbox")
    return tmp_path / "outbox"


def send_call_and_alerts() -> None:
    call = EmailMultiAlternatives(
        subject="Citación a la XXIV Sesión Ordinaria",
        body="Se le cita a la XXIV Sesión Ordinaria del 15 de enero de 2015.\nAgenda: informe de gestión.",
        from_email="MTIGM - Secretaría Técnica <mtigm@rree.gob.pe>",
        to=["titular@mtpe.gob.pe"],
        cc=["alterno@mtpe.gob.pe"],
    )
    call.attach_alternative("<p>Se le cita a la <b>XXIV</b> Sesión Ordinaria</p>", "text/html")
    call.attach("citacion-xxiv.pdf", PDF, "application/pdf")
    call.send()
    # Two messages over one connection land in one file, separated by a line of 79 dashes.
    with get_connection() as connection:
        mail.send_mail(
            "Alerta de evaluación trimestral", "Vence la evaluación del T1.", None, ["a@x.pe"], connection=connection
        )
        mail.send_mail(
            "Acta aprobada", "El acta de la XXIII sesión fue aprobada.", None, ["b@x.pe"], connection=connection
        )


def test_parser_reads_every_message_of_every_file(outbox):
    send_call_and_alerts()
    assert len(list(outbox.glob("*.log"))) == 2
    messages = list_messages(outbox)
    assert sorted(m.subject for m in messages) == [
        "Acta aprobada",
        "Alerta de evaluación trimestral",
        "Citación a la XXIV Sesión Ordinaria",
    ]
    call = next(m for m in messages if m.subject.startswith("Citación"))
    assert call.to == ["titular@mtpe.gob.pe"]
    assert call.cc == ["alterno@mtpe.gob.pe"]
    assert "Agenda: informe de gestión." in call.text
    assert "<b>XXIV</b>" in call.html
    assert [(a.filename, a.content_type, a.size) for a in call.attachments] == [
        ("citacion-xxiv.pdf", "application/pdf", len(PDF))
    ]
    assert call.date is not None


def test_secretariat_lists_searches_and_reads_messages(client, outbox):
    send_call_and_alerts()
    client.force_login(secretariat_user())
    response = client.get(reverse("local_outbox:list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Bandeja local de correo" in content
    for subject in ("Citación a la XXIV Sesión Ordinaria", "Alerta de evaluación trimestral", "Acta aprobada"):
        assert subject in content
    assert "titular@mtpe.gob.pe" in content

    response = client.get(reverse("local_outbox:list"), {"q": "acta"})
    assert "Acta aprobada" in response.content.decode()
    assert "Citación a la XXIV" not in response.content.decode()

    call = next(m for m in list_messages(outbox) if m.subject.startswith("Citación"))
    detail = client.get(reverse("local_outbox:detail", args=[call.file, call.index]))
    assert detail.status_code == 200
    assert "Agenda: informe de gestión." in detail.content.decode()
    assert "citacion-xxiv.pdf" in detail.content.decode()

    attachment = client.get(reverse("local_outbox:attachment", args=[call.file, call.index, 0]))
    assert attachment.status_code == 200
    assert attachment["Content-Type"] == "application/pdf"
    assert attachment.content == PDF
    assert 'filename="citacion-xxiv.pdf"' in attachment["Content-Disposition"]


def test_unknown_or_crafted_names_are_not_found(client, outbox, tmp_path):
    send_call_and_alerts()
    (tmp_path / "secret.log").write_text("Subject: secreto\n\nno\n")
    client.force_login(secretariat_user())
    name = list_messages(outbox)[0].file
    assert client.get(reverse("local_outbox:detail", args=[name, 99])).status_code == 404
    assert client.get(reverse("local_outbox:detail", args=["no-such-file.log", 0])).status_code == 404
    assert client.get("/correo-local/..%2Fsecret.log/0/").status_code == 404
    assert client.get(reverse("local_outbox:attachment", args=[name, 0, 5])).status_code == 404


def test_only_the_secretariat_may_read_the_outbox(client, outbox):
    send_call_and_alerts()
    url = reverse("local_outbox:list")
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))
    client.force_login(representative_user(member_entity("MTPE")))
    assert client.get(url).status_code == 403
    client.force_login(representative_user(member_entity("DP", kind=EntityKind.OBSERVER)))
    assert client.get(url).status_code == 403


def test_empty_outbox_and_smtp_configuration_are_explained(client, outbox, settings):
    client.force_login(secretariat_user())
    assert "Todavía no hay mensajes" in client.get(reverse("local_outbox:list")).content.decode()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert "se envía por SMTP" in client.get(reverse("local_outbox:list")).content.decode()
