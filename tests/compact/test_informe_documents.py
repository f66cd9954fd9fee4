"""The Informe País as files: the ST requests the PDF and the editable ODT, a Celery task renders
them once, and whoever may read the consultation's Informe País downloads them."""

from __future__ import annotations

import datetime
import io
import time
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader
from rest_framework.test import APIClient

from compact import demo
from compact.informe_documents import informe_document_request
from compact.models import Consultation, Contribution, InformeDocument, InformeNarrative, Objective, ThematicArea
from compact.tasks import render_informe_document
from mtigm.core.errors import AccessDenied
from mtigm.core.files import ODT, sniff

from .helpers import world

pytestmark = pytest.mark.django_db

ACCEPTED_RESULT = "Trescientas familias venezolanas atendidas en ventanilla"
HIDDEN_RESULT = "Resultado que la Secretaria aun no acepta"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr("mtigm.core.dispatch.send", lambda *a: True)


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _consultation(w: dict, *, state: str = Consultation.State.OPEN) -> Consultation:
    consultation = Consultation.objects.create(
        title="Informe País de prueba",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        deadline=datetime.date(2026, 1, 31),
        state=state,
    )
    consultation.objectives.set(Objective.objects.filter(number__in=[6, 16]))
    consultation.invited.set([w["entities"]["MTPE"], w["entities"]["MIGRACIONES"]])
    common = {"consultation": consultation, "criterion": Contribution.Criterion.choices[0][0]}
    Contribution.objects.create(
        **common,
        entity=w["entities"]["MTPE"],
        objective=Objective.objects.get(number=6),
        title="Ventanilla de empleo para migrantes",
        description="Orientación laboral & intermediación <b>gratuita</b>.",
        results=ACCEPTED_RESULT,
        difficulties_challenges="Presupuesto limitado.",
        state=Contribution.State.ACCEPTED,
    )
    Contribution.objects.create(
        **common,
        entity=w["entities"]["MIGRACIONES"],
        objective=Objective.objects.get(number=16),
        title="Aporte en revisión",
        description="Aún no aceptado.",
        results=HIDDEN_RESULT,
        state=Contribution.State.SUBMITTED,
    )
    area = ThematicArea.objects.filter(objectives__number=6).order_by("number")[0]
    InformeNarrative.objects.create(consultation=consultation, area=area, text="Narrativa del área para el informe.")
    return consultation


def _rendered(w: dict, consultation: Consultation) -> InformeDocument:
    document = informe_document_request(actor=w["users"]["st"], consultation=consultation)
    assert render_informe_document(document.pk) == "done"
    document.refresh_from_db()
    return document


def test_the_pdf_and_the_odt_show_the_accepted_contributions_only(django_capture_on_commit_callbacks):
    w = world()
    consultation = _consultation(w)
    area = ThematicArea.objects.filter(objectives__number=6).order_by("number")[0]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = informe_document_request(actor=w["users"]["st"], consultation=consultation)
    assert len(callbacks) == 1 and document.status == "pending"
    assert render_informe_document(document.pk) == "done"
    document.refresh_from_db()
    assert document.status == "done" and document.progress == 100 and len(document.sha256) == 64

    with document.pdf.open("rb") as handle:
        text = " ".join((page.extract_text() or "") for page in PdfReader(handle).pages)
    text = " ".join(text.split())
    assert area.title in text
    assert "MTPE" in text and ACCEPTED_RESULT in text
    assert "Narrativa del área para el informe." in text
    assert HIDDEN_RESULT not in text and "MIGRACIONES" not in text

    with document.odt.open("rb") as handle:
        data = handle.read()
    archive = zipfile.ZipFile(io.BytesIO(data))
    first = archive.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.text"
    assert {"META-INF/manifest.xml", "content.xml", "styles.xml"} <= set(archive.namelist())
    content = archive.read("content.xml").decode()
    assert area.title in content and "MTPE" in content and ACCEPTED_RESULT in content
    assert "Narrativa del área para el informe." in content
    assert "&amp; intermediación &lt;b&gt;gratuita&lt;/b&gt;" in content  # escaped, never markup
    assert HIDDEN_RESULT not in content and "MIGRACIONES" not in content
    assert "<table:table " in content and "Dificultades o desafíos" in content
    assert sniff(SimpleUploadedFile("informe.odt", data)) == ODT


def test_the_task_is_idempotent_and_a_second_request_while_pending_answers_the_same_row():
    w = world()
    consultation = _consultation(w)
    first = informe_document_request(actor=w["users"]["st"], consultation=consultation)
    again = informe_document_request(actor=w["users"]["st"], consultation=consultation)
    assert again.pk == first.pk and InformeDocument.objects.count() == 1
    assert render_informe_document(first.pk) == "done"
    first.refresh_from_db()
    name, sha, finished = first.pdf.name, first.sha256, first.finished_at
    assert render_informe_document(first.pk) == "skipped"  # delivered twice: rendered once
    first.refresh_from_db()
    assert (first.pdf.name, first.sha256, first.finished_at) == (name, sha, finished)
    assert first.history.count() >= 2
    # Once done, a new request is a new document.
    assert informe_document_request(actor=w["users"]["st"], consultation=consultation).pk != first.pk


def test_a_failed_render_is_recorded_and_a_new_request_renders_anew(monkeypatch):
    w = world()
    consultation = _consultation(w)
    document = informe_document_request(actor=w["users"]["st"], consultation=consultation)

    def broken(*args, **kwargs):
        raise RuntimeError("sin fuentes")

    monkeypatch.setattr("mtigm.core.pdf.render_pdf", broken)
    with pytest.raises(RuntimeError):
        render_informe_document(document.pk)
    document.refresh_from_db()
    # Called by hand, the failure is final (through the worker it is retried: tests/core/test_rendering.py).
    assert document.status == "failed" and "sin fuentes" in document.error
    monkeypatch.undo()
    monkeypatch.setattr("mtigm.core.dispatch.send", lambda *a: True)
    assert render_informe_document(document.pk) == "skipped"
    again = informe_document_request(actor=w["users"]["st"], consultation=consultation)
    assert again.pk != document.pk and render_informe_document(again.pk) == "done"


def test_only_the_st_requests_and_who_reads_the_informe_downloads():
    w = world()
    users = w["users"]
    consultation = _consultation(w)
    with pytest.raises(AccessDenied):
        informe_document_request(actor=users["mtpe"], consultation=consultation)
    list_url = f"/pacto-mundial/consultas/{consultation.pk}/informe-pais/archivos/"
    assert _login(users["mtpe"]).post(list_url).status_code in (403, 404)
    assert not InformeDocument.objects.exists()

    st = _login(users["st"])
    page = st.get(list_url)
    assert page.status_code == 200 and "Compilar el Informe País" in page.content.decode()
    response = st.post(list_url)
    assert response.status_code == 302
    document = InformeDocument.objects.get()
    progress = st.get(response["Location"]).content.decode()
    assert "En cola" in progress and "hx-get" in progress and "<noscript>" in progress
    # Not rendered yet: no files.
    assert st.get(f"/pacto-mundial/informe-pais/{document.pk}/descargar/pdf/").status_code == 404
    render_informe_document(document.pk)
    done = st.get(f"/pacto-mundial/informe-pais/{document.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'id="informe-document-status"' in done and "hx-get" not in done and "Descargar ODT" in done

    pdf = st.get(f"/pacto-mundial/informe-pais/{document.pk}/descargar/pdf/")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF-")
    odt = st.get(f"/pacto-mundial/informe-pais/{document.pk}/descargar/odt/")
    assert odt.status_code == 200 and odt["Cache-Control"] == "private, no-store"
    assert st.get(f"/pacto-mundial/informe-pais/{document.pk}/descargar/docx/").status_code == 404
    for name in ("mtpe", "migraciones", "dp", "ucss"):
        client = _login(users[name])
        assert client.get(f"/pacto-mundial/informe-pais/{document.pk}/descargar/pdf/").status_code in (403, 404)
        assert client.get(f"/pacto-mundial/informe-pais/{document.pk}/").status_code in (403, 404)
    anonymous = Client().get(f"/pacto-mundial/informe-pais/{document.pk}/descargar/pdf/")
    assert anonymous.status_code in (302, 401, 403, 404)
    assert anonymous.status_code != 200


def test_the_api_requests_and_shows_the_document_with_download_urls():
    w = world()
    users = w["users"]
    consultation = _consultation(w)
    api = APIClient()
    api.force_authenticate(users["mtpe"])
    assert api.post("/api/v1/compact/informe-documents/", {"consultation": consultation.pk}).status_code == 403
    api.force_authenticate(users["st"])
    assert api.post("/api/v1/compact/informe-documents/", {"consultation": "x"}).status_code == 400
    assert api.post("/api/v1/compact/informe-documents/", {"consultation": 999999}).status_code == 404
    created = api.post("/api/v1/compact/informe-documents/", {"consultation": consultation.pk})
    assert created.status_code == 202, created.content
    assert created.json()["status"] == "pending" and created.json()["pdf_download"] is None
    pk = created.json()["id"]
    render_informe_document(pk)
    detail = api.get(f"/api/v1/compact/informe-documents/{pk}/").json()
    assert detail["status"] == "done" and detail["progress"] == 100
    assert detail["pdf_download"] == f"/pacto-mundial/informe-pais/{pk}/descargar/pdf/"
    assert detail["odt_download"] == f"/pacto-mundial/informe-pais/{pk}/descargar/odt/"
    api.force_authenticate(users["migraciones"])
    assert api.get(f"/api/v1/compact/informe-documents/{pk}/").status_code in (403, 404)


def test_the_api_request_counts_against_the_render_budget(throttle_rates):
    throttle_rates(render="1/hour")
    w = world()
    consultation = _consultation(w)
    api = APIClient()
    api.force_authenticate(w["users"]["st"])
    assert api.post("/api/v1/compact/informe-documents/", {"consultation": consultation.pk}).status_code == 202
    refused = api.post("/api/v1/compact/informe-documents/", {"consultation": consultation.pk})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert InformeDocument.objects.count() == 1


def test_the_list_page_costs_the_same_queries_for_many_documents(django_assert_max_num_queries):
    w = world()
    consultation = _consultation(w)
    for _ in range(6):
        InformeDocument.objects.create(consultation=consultation, status="done", progress=100)
    st = _login(w["users"]["st"])
    with django_assert_max_num_queries(20):
        page = st.get(f"/pacto-mundial/consultas/{consultation.pk}/informe-pais/archivos/")
    assert page.status_code == 200 and page.content.decode().count("/descargar/odt/") == 6


def test_time_to_generate_the_demo_consultation(capsys):
    call_command("load_reference", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    demo.load()
    consultation = Consultation.objects.get(title=demo.TITLE)
    accepted = consultation.contributions.filter(state=Contribution.State.ACCEPTED).count()
    st = get_user_model().objects.get(username="st")
    document = informe_document_request(actor=st, consultation=consultation)
    started = time.perf_counter()
    assert render_informe_document(document.pk) == "done"
    elapsed = time.perf_counter() - started
    document.refresh_from_db()
    with capsys.disabled():
        print(
            f"\n[informe] demo consultation: {accepted} accepted contributions, "
            f"PDF {document.pdf.size} bytes, ODT {document.odt.size} bytes, rendered in {elapsed:.2f} s"
        )
    assert elapsed < 120


@pytest.mark.django_db(transaction=True)
def test_a_request_outside_any_transaction_runs_in_its_own():
    """Pages and the API run without a request-wide transaction: the service opens its own, or its
    row lock on the consultation would refuse to run (a 500 the browser test once met)."""
    w = world()
    document = informe_document_request(actor=w["users"]["st"], consultation=_consultation(w))
    assert document.status == InformeDocument.Status.PENDING
