"""A whole plenary rehearsed in the browser, as the Secretaría Técnica runs it in the room: most
representatives sit there without touching a computer, so the ST keeps the check-list and records
their votes in the console, beside the e-vote of one who is logged in; then closing, the acta with
the real times, approval, signatures in the platform and on paper, and the PDF."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from decisions.models import Ballot, Minutes, MinutesSignature, Vote
from decisions.tasks import render_minutes_pdf
from sessions.models import Session
from tests.conftest import browser_login
from tests.decisions.factories import plenary

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DISSENT = "No cuenta con la opinión favorable del sector"


def _record(page, ballot_pk: int, choices: dict[str, str], reasons: dict[str, str] | None = None) -> None:
    """Mark each entity's vote in the console's roll-call form and submit it."""
    form = page.locator(f"#votacion-{ballot_pk} form").first
    for acronym, choice in choices.items():
        form.get_by_test_id(f"vote-{acronym}-{choice}").check()
    for acronym, text in (reasons or {}).items():
        form.get_by_label(f"Fundamento de voto de {acronym}").fill(text)
    form.get_by_role("button", name="Registrar los votos marcados").click()
    expect(page.locator("body")).to_contain_text(f"Votos registrados: {len(choices)}")


def _open_ballot(page, text: str) -> int:
    # The form is folded once a ballot is live; open it when it is.
    if not page.get_by_label("Texto de la moción").is_visible():
        page.get_by_text("Abrir una votación", exact=True).click()
    page.get_by_label("Punto de agenda").select_option(label="1. Asuntos varios")
    page.get_by_label("Texto de la moción").fill(text)
    page.get_by_role("button", name="Abrir la votación").click()
    expect(page.locator("body")).to_contain_text("Votación abierta.")
    return Ballot.objects.get(text=text).pk


def test_the_st_runs_a_whole_plenary_from_the_console(new_page, live_server, monkeypatch, settings, tmp_path):
    monkeypatch.setattr("mtigm.core.dispatch.send", lambda *a: True)
    settings.MEDIA_ROOT = tmp_path
    now = timezone.now()
    p = plenary(
        21,
        present=0,
        state=Session.State.CALLED,
        day=timezone.localdate(now),
        starts_at=now - datetime.timedelta(minutes=10),
    )
    # Two entities' representatives have no account: only the paper acta can carry their signature.
    for index in (10, 11):
        person = p.titular(index).person
        person.user = None
        person.save()
    acronyms = [e.acronym for e in p.entities]
    present = acronyms[:12]

    st = new_page()
    st.on("dialog", lambda dialog: dialog.accept())
    browser_login(st, live_server, p.st.username)
    st.goto(f"{live_server.url}/sesiones/{p.session.pk}/")
    st.get_by_test_id("open-console").click()
    expect(st.get_by_role("heading", level=1)).to_contain_text("Consola de sesión")
    expect(st.get_by_test_id("console-quorum")).to_contain_text("Faltan 11")

    # The check-list: one click per entity as each titular takes a seat.
    for acronym in present:
        st.get_by_test_id(f"arrive-{acronym}-titular").click()
        expect(st.get_by_test_id(f"status-{acronym}")).to_have_text("Titular")
    expect(st.get_by_test_id("console-quorum")).to_contain_text("Hay quórum")
    st.get_by_role("button", name="Instalar la sesión").click()
    expect(st.get_by_test_id("session-state")).to_have_text("En sesión")

    # Ballot 1: one representative votes from his own screen, the ST records the rest of the room.
    first = _open_ballot(st, "Aprobar el informe de la Secretaría Técnica")
    member = new_page()
    browser_login(member, live_server, p.titular(1).username)
    member.goto(f"{live_server.url}/acuerdos/votacion/{first}/")
    member.get_by_role("radio", name="A favor").check()
    member.get_by_role("button", name="Emitir voto").click()
    expect(member.get_by_test_id("my-vote")).to_contain_text("ya votó: A favor")
    st.reload()
    expect(st.get_by_test_id(f"not-voted-{first}")).not_to_contain_text(acronyms[1] + ",")
    _record(st, first, {a: "yes" for a in present if a != acronyms[1]})
    expect(st.get_by_test_id(f"not-voted-{first}")).to_have_text("—")
    st.locator(f"#votacion-{first}").get_by_role("button", name="Cerrar la votación").click()
    expect(st.get_by_test_id(f"outcome-{first}")).to_have_text("Aprobada")

    # Ballot 2: a tie, broken by the President's deciding vote said aloud and recorded by the ST.
    second = _open_ballot(st, "Aprobar el cronograma de sesiones del próximo año")
    tie = (
        dict.fromkeys(present[:5], "yes") | dict.fromkeys(present[5:10], "no") | dict.fromkeys(present[10:], "abstain")
    )
    _record(st, second, tie)
    st.locator(f"#votacion-{second}").get_by_role("button", name="Cerrar la votación").click()
    expect(st.locator(f"#votacion-{second}")).to_contain_text("Empate")
    st.get_by_test_id("casting-yes").check()
    st.get_by_role("button", name="Registrar el voto dirimente").click()
    expect(st.get_by_test_id(f"outcome-{second}")).to_have_text("Aprobada")

    # Ballot 3: a dissent with its reasons (fundamento de voto), by show of hands.
    third = _open_ballot(st, "Encargar al Grupo 4 el informe sobre regularización")
    st.locator(f"#votacion-{third}").get_by_label("Mano alzada, registrada por la Secretaría Técnica").check()
    _record(
        st,
        third,
        dict.fromkeys(present[:10], "yes") | {present[10]: "no", present[11]: "abstain"},
        reasons={present[10]: DISSENT},
    )
    st.locator(f"#votacion-{third}").get_by_role("button", name="Cerrar la votación").click()
    expect(st.get_by_test_id(f"outcome-{third}")).to_have_text("Aprobada")

    # Closing: the real time goes into the acta.
    st.get_by_role("button", name="Levantar la sesión").click()
    expect(st.get_by_test_id("session-state")).to_have_text("Realizada")
    session = Session.objects.get(pk=p.session.pk)
    opened, closed = (timezone.localtime(t).strftime("%H:%M") for t in (session.opened_at, session.closed_at))

    st.get_by_role("button", name="Ir al acta").click()
    st.get_by_role("button", name="Redactar el borrador con los datos de la sesión").click()
    expect(st.get_by_test_id("acta-times")).to_have_text(f"{opened} – {closed}")
    expect(st.locator("article").first).to_contain_text(DISSENT)
    st.get_by_role("button", name="Registrar la aprobación").click()
    expect(st.locator("body")).to_contain_text("Acta aprobada")

    # Signatures: the ST and a member in the platform, the rest on the scanned paper acta.
    st.get_by_label("Leí el acta aprobada y la firmo electrónicamente.").check()
    st.get_by_role("button", name="Firmar el acta").click()
    member.goto(f"{live_server.url}/acuerdos/actas/sesion/{p.session.pk}/")
    member.get_by_label("Leí el acta aprobada y la firmo electrónicamente.").check()
    member.get_by_role("button", name="Firmar el acta").click()
    expect(member.get_by_test_id(f"signature-{acronyms[1]}")).to_contain_text("Firma en la plataforma")
    st.reload()
    expect(st.get_by_test_id("signature-state")).to_contain_text("Falta la firma de 12 entidades asistentes")
    st.get_by_text("Subir el acta firmada en papel").click()
    for box in st.locator("input[name=entities]").all():
        box.check()
    st.get_by_label("Archivo escaneado (PDF o imagen)").set_input_files(
        files=[{"name": "acta-firmada.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    st.get_by_role("button", name="Registrar las firmas en papel").click()
    expect(st.get_by_test_id("signature-state")).to_contain_text("Acta firmada")
    expect(st.get_by_test_id(f"signature-{acronyms[11]}")).to_contain_text("Firma en papel")

    minutes = Minutes.objects.get(session=p.session)
    assert minutes.is_approved
    assert MinutesSignature.objects.filter(minutes=minutes, method="paper").count() == 12
    assert Vote.objects.filter(ballot_id=first, method="electronic").count() == 1
    assert Vote.objects.filter(ballot_id__in=[first, second, third]).exclude(method="electronic").count() == 35

    # The PDF the worker renders says what happened, with the real times and the reasons.
    render_minutes_pdf(minutes.pk)
    response = st.request.get(f"{live_server.url}/acuerdos/actas/{minutes.pk}/pdf/")
    assert response.status == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.body())).pages)
    text = re.sub(r"\s+", " ", text)
    assert f"Hora de instalación {opened}" in text and f"Hora de cierre {closed}" in text
    assert DISSENT in text and "dirimente" in text
    assert "En papel" in text and "En la plataforma" in text
