"""Minutes (acta): drafted from the records, approved, signed, rendered to PDF, e-mailed; never edited."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.utils import DatabaseError
from pypdf import PdfReader

from decisions import selectors, services
from decisions.models import DecisionKind, Minutes
from decisions.tasks import render_minutes_pdf
from mtigm.core.errors import RuleViolation
from mtigm.core.models import OutboundMessage
from mtigm.core.tasks import outbox_send
from sessions.services import session_close
from tests.decisions.factories import plenary

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch):
    """Tasks are run explicitly in these tests; nothing is sent to a broker."""
    monkeypatch.setattr("mtigm.core.dispatch.send", lambda *a: True)


def held_session_with_agreement():
    p = plenary(5)
    ballot = services.ballot_open(
        actor=p.st,
        agenda_item=p.item,
        text="Aprobar la incorporación del RENIEC",
        kind=DecisionKind.objects.get(code="general"),
    )
    for index, choice in enumerate(["yes", "yes", "yes", "no", "abstain"]):
        services.vote_cast(actor=p.titular(index), ballot=ballot, choice=choice)
    services.ballot_close(actor=p.st, ballot=ballot)
    agreement = ballot.agreement
    services.agreement_certify(actor=p.st, agreement=agreement)
    # The acta records the real closing time, so the session is closed before its acta is approved.
    session_close(actor=p.st, session=p.session)
    return p, agreement


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_draft_approve_sign_render_and_send(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    p, agreement = held_session_with_agreement()
    minutes = services.minutes_draft(actor=p.st, session=p.session)
    minutes = services.minutes_update(
        actor=p.st, minutes=minutes, summaries={str(p.item.pk): "La ST presentó el pedido del RENIEC."}
    )
    assert minutes.content["items"][0]["summary"].startswith("La ST presentó")
    minutes = services.minutes_approve(actor=p.st, minutes=minutes, in_session=p.session)
    assert minutes.is_approved and len(minutes.content_hash) == 64
    with pytest.raises(ValidationError):
        services.minutes_update(actor=p.st, minutes=minutes, observations="cambio")
    with pytest.raises(RuleViolation):
        services.agreement_certify(actor=p.st, agreement=agreement)  # after approval: too late (Art. 14)
    with pytest.raises(RuleViolation):
        services.minutes_send(actor=p.st, minutes=minutes)  # not signed by the ST yet
    services.minutes_sign(actor=p.st, minutes=minutes)
    services.minutes_sign(actor=p.titular(1), minutes=minutes)
    services.minutes_sign(actor=p.observer_user, minutes=minutes)
    with pytest.raises(ValidationError):
        services.minutes_sign(actor=p.titular(1), minutes=minutes)

    render_minutes_pdf(minutes.pk)
    minutes.refresh_from_db()
    assert minutes.pdf_status == "done" and minutes.pdf_progress == 100
    text = pdf_text(minutes.pdf.read())
    for expected in [
        "Asistencia",
        "RREE",
        str(p.titular(1).person),
        "Titular",
        "Acuerdo N° 1",
        "Aprobar la incorporación del RENIEC",
        "A favor 3, en contra 1, abstenciones 1",
        "3 a favor, 1 en contra, 1 abstenciones",
        "ejecución inmediata",
        "La ST presentó",
        str(p.observer_user.person),
    ]:
        assert expected in text, expected
    archive = PdfReader(io.BytesIO(minutes.archive_pdf.read()))
    xmp = archive.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfaid:part" in xmp and b"pdfaid:conformance" in xmp  # PDF/A identification (3u)
    fonts = {str(font) for page in archive.pages for font in (page["/Resources"].get("/Font") or {}).values()}
    assert fonts  # the shipped DejaVu fonts are embedded
    assert len(archive.pages) >= 1

    sent = services.minutes_send(actor=p.st, minutes=minutes)
    assert sent == OutboundMessage.objects.filter(kind="minutes").count()
    # Members (titular and alternate of 5 entities) and the observer titular.
    assert sent == 11
    message = OutboundMessage.objects.filter(kind="minutes").first()
    assert outbox_send(message.pk) == "sent"
    email = mail.outbox[-1]
    name, content, mimetype = email.attachments[0]
    assert mimetype == "application/pdf" and "Acuerdo N° 1" in pdf_text(content)


def test_approved_minutes_are_immutable_in_the_database_and_corrected_by_a_new_version():
    p, _agreement = held_session_with_agreement()
    minutes = services.minutes_draft(actor=p.st, session=p.session)
    minutes = services.minutes_approve(actor=p.st, minutes=minutes, in_session=p.session)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE decisions_minutes SET observations = 'x' WHERE id = %s", [minutes.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM decisions_minutes WHERE id = %s", [minutes.pk])
    # Rendering fields may still change on an approved version.
    Minutes.objects.filter(pk=minutes.pk).update(pdf_progress=50)
    correction = services.minutes_correct(actor=p.st, minutes=minutes, reason="Error en el nombre de un asistente")
    assert correction.version == 2 and correction.supersedes == minutes and not correction.is_approved
    correction = services.minutes_approve(actor=p.st, minutes=correction, in_session=p.session)
    assert correction.is_approved
    with pytest.raises(ValidationError):
        services.minutes_correct(actor=p.st, minutes=minutes, reason="otra vez")


def test_approval_only_in_the_same_or_the_next_session():
    p, _agreement = held_session_with_agreement()
    minutes = services.minutes_draft(actor=p.st, session=p.session)
    later = plenary(3, day=p.session.starts_at.date().replace(month=4, day=10), with_observer=False)
    much_later = plenary(3, day=p.session.starts_at.date().replace(month=5, day=27), with_observer=False)
    with pytest.raises(RuleViolation) as exc:
        services.minutes_approve(actor=p.st, minutes=minutes, in_session=much_later.session)
    assert "Art. 14" in str(exc.value)
    minutes = services.minutes_approve(actor=p.st, minutes=minutes, in_session=later.session)
    assert minutes.approved_in_session == later.session
    content = selectors.minutes_content(later.session)
    assert content["previous_minutes_approved"][0]["session"] == p.session.title


def test_only_attendees_and_st_sign():
    p, _agreement = held_session_with_agreement()
    other = plenary(2, with_observer=False)
    minutes = services.minutes_approve(
        actor=p.st, minutes=services.minutes_draft(actor=p.st, session=p.session), in_session=p.session
    )
    with pytest.raises(RuleViolation):
        services.minutes_sign(actor=other.titular(1), minutes=minutes)
