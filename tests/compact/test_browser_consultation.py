"""In Chromium, on the demo: an entity's representative files a contribution in the open national
consultation and sends it; the ST accepts it, compiles the Informe País as PDF and ODT, follows
the progress and finds the new contribution on the Informe País page and in the PDF."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from compact import demo
from compact.models import Consultation, Contribution, InformeDocument, Objective
from compact.tasks import render_informe_document
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DEMO_PASSWORD = "demo-mtigm"  # noqa: S105 - the demo's documented password
TITLE = "Bolsa de trabajo en línea para personas refugiadas"
RESULT = "Ciento veinte personas refugiadas colocadas en empleos formales"


@pytest.fixture
def demo_data(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    # No broker in the test: the render task is run here, as a worker would.
    monkeypatch.setattr("mtigm.core.dispatch.send", lambda *a: True)
    call_command("load_reference", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())


def test_a_contribution_goes_from_the_entity_to_the_informe_pais(new_page, live_server, demo_data):
    consultation = Consultation.objects.get(title=demo.TITLE)
    assert consultation.state == Consultation.State.OPEN
    objective = Objective.objects.get(number=6)

    member = new_page()
    browser_login(member, live_server, "miembro", DEMO_PASSWORD)
    member.goto(f"{live_server.url}/pacto-mundial/consultas/{consultation.pk}/")
    member.get_by_text("Nuevo aporte de su entidad").click()
    entity = member.locator("select[name=entity]")
    if entity.count():
        entity.select_option(label="MTPE")
    member.locator("select[name=objective]").select_option(str(objective.pk))
    member.locator("select[name=criterion]").select_option(Contribution.Criterion.choices[0][0])
    member.get_by_label("Título", exact=True).fill(TITLE)
    member.get_by_label("Estrategia o acción", exact=True).fill("Plataforma de intermediación laboral con el ACNUR.")
    member.get_by_label("Resultados", exact=True).fill(RESULT)
    member.get_by_label("Dificultades o desafíos", exact=True).fill("Reconocimiento de títulos.")
    member.get_by_role("button", name="Guardar borrador").click()
    member.wait_for_url("**/pacto-mundial/aportes/*/")
    contribution = Contribution.objects.get(consultation=consultation, title=TITLE)
    assert contribution.entity.acronym == "MTPE" and contribution.state == Contribution.State.DRAFT
    member.get_by_role("button", name="Guardar y enviar a la Secretaría Técnica").click()
    expect(member.locator("body")).to_contain_text("Aporte enviado a la Secretaría Técnica.")
    contribution.refresh_from_db()
    assert contribution.state == Contribution.State.SUBMITTED

    st = new_page()
    browser_login(st, live_server, "st", DEMO_PASSWORD)
    st.goto(f"{live_server.url}/pacto-mundial/aportes/{contribution.pk}/")
    st.get_by_role("button", name="Aceptar para el Informe País").click()
    expect(st.locator("body")).to_contain_text("Aporte aceptado para el Informe País.")
    contribution.refresh_from_db()
    assert contribution.state == Contribution.State.ACCEPTED

    st.goto(f"{live_server.url}/pacto-mundial/consultas/{consultation.pk}/informe-pais/")
    expect(st.locator("body")).to_contain_text(TITLE)
    expect(st.locator("body")).to_contain_text(RESULT)
    st.get_by_role("link", name="Archivos del Informe País (PDF y ODT)").click()
    st.get_by_role("button", name="Compilar el Informe País (PDF y ODT)").click()
    st.wait_for_url("**/pacto-mundial/informe-pais/*/")
    expect(st.locator("#informe-document-status")).to_contain_text("En cola")
    document = InformeDocument.objects.get(consultation=consultation)
    assert render_informe_document(document.pk) == "done"
    # The htmx polling swaps the status in: the links appear without reloading the page.
    expect(st.get_by_role("link", name="Descargar PDF")).to_be_visible(timeout=15_000)
    expect(st.get_by_role("link", name="Descargar ODT (editable)")).to_be_visible()
    with st.expect_download() as download:
        st.get_by_role("link", name="Descargar ODT (editable)").click()
    assert download.value.suggested_filename.endswith(".odt")
    document.refresh_from_db()
    with document.pdf.open("rb") as handle:
        text = " ".join(" ".join((page.extract_text() or "") for page in PdfReader(handle).pages).split())
    assert TITLE in text and RESULT in text
