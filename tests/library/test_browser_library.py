"""In Chromium, on the demo: a coordinator files a document and a new version in the group's
library; an anonymous visitor finds the público documents from the home page and never a
reservado one, whatever address they try."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from library.demo import demo_pdf
from library.models import Classification, Document
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DEMO_PASSWORD = "demo-mtigm"  # noqa: S105 - the demo's documented password


@pytest.fixture
def demo():
    call_command("load_reference", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())


def test_a_coordinator_files_a_document_and_a_new_version(new_page, live_server, demo, tmp_path):
    page = new_page()
    browser_login(page, live_server, "coordinador", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/espacios/")
    page.get_by_role("link", name="Grupo 4:", exact=False).first.click()
    page.wait_for_url("**/espacios/grupo/4/")
    assert page.get_by_role("heading", name="Biblioteca de documentos").is_visible()
    first = tmp_path / "borrador.pdf"
    first.write_bytes(demo_pdf("Plan de visitas", "Versión 1"))
    page.get_by_role("button", name="Subir un documento").click()
    page.get_by_label("Título").fill("Plan de visitas a puestos de control fronterizo")
    page.get_by_label("Clasificación").select_option("reserved")
    page.locator("input[name=file]").set_input_files(str(first))
    page.get_by_role("button", name="Subir", exact=True).click()
    page.wait_for_url("**/espacios/documentos/*/")
    assert "Documento subido (versión 1)." in page.locator("body").inner_text()
    # The public option is the ST's: the coordinator's form does not offer it.
    document = Document.objects.get(title__startswith="Plan de visitas")
    assert document.classification == Classification.RESERVED

    second = tmp_path / "corregido.pdf"
    second.write_bytes(demo_pdf("Plan de visitas", "Versión 2"))
    page.locator("input[name=file]").set_input_files(str(second))
    page.get_by_label("Qué cambia").fill("Agrega el puesto de Desaguadero")
    page.get_by_role("button", name="Subir versión").click()
    page.wait_for_url(f"**/espacios/documentos/{document.pk}/")
    rows = page.locator("table tbody tr")
    assert rows.count() == 2
    assert "Agrega el puesto de Desaguadero" in rows.first.inner_text()
    with page.expect_download() as download:
        rows.first.get_by_role("link").click()
    assert download.value.suggested_filename == f"{document.pk}-v2.pdf"

    # A search by title finds it in the group's library.
    page.goto(f"{live_server.url}/espacios/grupo/4/")
    page.get_by_label("Buscar por título").fill("puestos de control")
    page.get_by_role("button", name="Buscar").click()
    assert page.get_by_role("link", name="Plan de visitas a puestos de control fronterizo").is_visible()


def test_an_anonymous_visitor_reaches_public_documents_and_never_a_reserved_one(new_page, live_server, demo):
    public = Document.objects.filter(classification=Classification.PUBLIC).order_by("-updated_at").first()
    hidden = list(Document.objects.exclude(classification=Classification.PUBLIC))
    assert public is not None and hidden
    page = new_page()
    page.goto(f"{live_server.url}/publico/")
    page.get_by_role("link", name=public.title).first.click()
    page.wait_for_url(f"**/publico/documentos/{public.pk}/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Descargar el documento").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.goto(f"{live_server.url}/publico/documentos/")
    listed = page.locator("main").inner_text()
    for document in hidden:
        assert document.title not in listed
        for url in (
            reverse("portal:document", args=[document.pk]),
            reverse("portal:document-file", args=[document.pk]),
            reverse("opendata:document", args=[document.pk]),
            reverse("opendata:document-file", args=[document.pk]),
        ):
            assert page.request.get(f"{live_server.url}{url}").status == 404, url
        # The library's own address asks for a login first.
        answer = page.request.get(
            f"{live_server.url}{reverse('library:version-file', args=[document.pk, 1])}", max_redirects=0
        )
        assert answer.status == 302 and "/cuenta/ingresar/" in answer.headers["location"]
    data = page.request.get(f"{live_server.url}{reverse('opendata:document-list')}").json()
    titles = {paper["name"] for paper in data["data"]}
    assert public.title in titles and not titles & {d.title for d in hidden}
