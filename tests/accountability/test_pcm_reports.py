"""Reports to the PCM: the content of a year, its PDF, XLSX and JSON, the pages and API, permissions."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader
from rest_framework.test import APIClient

from accountability import services, tasks
from accountability.exports import SHEETS
from accountability.models import PcmReport
from accountability.selectors import SCHEMA, report_content
from decisions.models import Agreement
from members.models import Designation, EntityKind
from sessions.models import Attendance, Session
from tests.factories import members as f
from tests.workplans.helpers import approved_plan, world

pytestmark = pytest.mark.django_db
YEAR = 2015


def _aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _session(number: int, day: datetime.date, entities) -> Session:
    session = Session.objects.create(
        kind=Session.Kind.ORDINARY, number=number, starts_at=_aware(day), state=Session.State.HELD, place="Cancillería"
    )
    for entity in entities:
        designation = Designation.objects.get(entity=entity, role=Designation.Role.TITULAR)
        Attendance.objects.create(
            session=session,
            entity=entity,
            person=designation.person,
            designation=designation,
            signed_in_at=_aware(day),
        )
    return session


@pytest.fixture
def w():
    data = world()
    data["plan"] = approved_plan(data, YEAR)
    e = data["entities"]
    first = _session(24, datetime.date(YEAR, 1, 15), [e["RREE"], e["MTPE"], e["MIGRACIONES"]])
    _session(25, datetime.date(YEAR, 2, 24), [e["RREE"], e["MININTER"]])
    Agreement.objects.create(session=first, number=1, text="Aprobar el Plan de Trabajo", owner=e["MTPE"])
    support = f.member_entity("OIM", kind=EntityKind.COOPERATION_AGENCY)
    data["users"]["support"] = f.representative_user(support, username="apoyo")
    return data


def _person(user):
    return user.person


def _render(year: int = YEAR, user=None) -> PcmReport:
    report = PcmReport.objects.create(year=year, requested_by=user)
    assert tasks.render_pcm_report(report.pk) == "done"
    report.refresh_from_db()
    return report


def test_content_of_a_year(w):
    content = report_content(YEAR)
    assert content.creating_norm is not None and content.creating_norm.number == "Decreto Supremo N° 067-2011-PCM"
    assert "gestión integral migratoria" in content.object
    president = _person(w["users"]["presidencia"])
    assert [p.name for p in content.presidents] == [str(president)]
    assert [s.name for s in content.secretariat] == [str(_person(w["users"]["st"]))]
    rree = next(e for e in content.entities if e.acronym == "RREE")
    assert rree.representatives[0].resolution_number.startswith("R.M. N°")
    assert [(s.title, s.entities_present, s.members_present) for s in content.sessions] == [
        ("XXIV Sesión Ordinaria", 3, 3),
        ("XXV Sesión Ordinaria", 2, 2),
    ]
    assert [(a.number, a.owner, a.status_label) for a in content.agreements] == [(1, "MTPE", "Pendiente")]
    assert content.plan is not None and (content.plan.products, content.plan.delivered, content.plan.pending) == (
        4,
        0,
        4,
    )
    assert {a.acronym: a.attended for a in content.attendance}["RREE"] == 2
    # Another year: no sessions, no agreements, no plan.
    other = report_content(YEAR + 1)
    assert other.sessions == [] and other.agreements == [] and other.plan is None


def test_pdf_xlsx_and_json_of_the_report(w):
    report = _render(user=w["users"]["st"])
    assert report.status == PcmReport.Status.DONE and report.progress == 100 and len(report.sha256) == 64
    with report.pdf.open("rb") as handle:
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)
    assert "067-2011-PCM" in text
    assert str(_person(w["users"]["presidencia"])) in text
    assert "15/01/2015" in text
    with report.xlsx.open("rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()), read_only=True)
    assert book.sheetnames == list(SHEETS)
    sessions = list(book["Sesiones"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in sessions] == ["XXIV Sesión Ordinaria", "XXV Sesión Ordinaria"]
    data = report.content
    assert data is not None and data["schema"] == SCHEMA and data["year"] == YEAR
    assert data["sessions"][0]["date"] == "2015-01-15"


def test_the_task_is_idempotent(w, monkeypatch):
    calls = []
    original = tasks.render_pdf

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(tasks, "render_pdf", counting)
    report = _render()
    first = (report.pdf.name, report.xlsx.name, report.sha256)
    assert tasks.render_pcm_report(report.pk) == "skipped"
    report.refresh_from_db()
    assert (report.pdf.name, report.xlsx.name, report.sha256) == first
    assert len(calls) == 1
    assert (
        PcmReport.history.filter(id=report.pk, pdf__isnull=False).exclude(pdf="").values("pdf").distinct().count() == 1
    )


def test_a_failed_render_is_marked_and_retried(w, monkeypatch):
    report = PcmReport.objects.create(year=YEAR)

    def broken(*args, **kwargs):
        raise RuntimeError("sin fuentes")

    monkeypatch.setattr(tasks, "render_pdf", broken)
    with pytest.raises(RuntimeError):
        tasks.render_pcm_report(report.pk)
    report.refresh_from_db()
    # Called by hand, a failure is final: the ST requests the report again.
    assert report.status == PcmReport.Status.FAILED and "sin fuentes" in report.error and not report.pdf
    monkeypatch.undo()
    assert tasks.render_pcm_report(report.pk) == "skipped"
    assert services.pcm_report_request(actor=w["users"]["st"], year=YEAR).pk != report.pk


def test_query_count_does_not_grow_with_sessions(w):
    e = w["entities"]
    with CaptureQueriesContext(connection) as two:
        report_content(YEAR)
    for number in range(26, 34):
        session = _session(number, datetime.date(YEAR, 3, 1) + datetime.timedelta(days=number), [e["RREE"], e["MTPE"]])
        Agreement.objects.create(session=session, number=1, text=f"Acuerdo {number}", owner=e["RREE"])
    with CaptureQueriesContext(connection) as ten:
        content = report_content(YEAR)
    assert len(content.sessions) == 10 and len(content.agreements) == 9
    assert len(ten) == len(two)
    assert len(ten) <= 25


# API ------------------------------------------------------------------------------------------------


def _api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_api_create_list_detail_and_content(w, django_assert_max_num_queries):
    st = _api(w["users"]["st"])
    response = st.post("/api/v1/pcm-reports/", {"year": YEAR}, format="json")
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["year"] == YEAR and body["status"] == "pending" and body["files"] == {}
    # Asking again while it is queued answers the same report (200: nothing new was queued).
    again = st.post("/api/v1/pcm-reports/", {"year": YEAR}, format="json")
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    content_url = f"/api/v1/pcm-reports/{body['id']}/content/"
    assert st.get(content_url).status_code == 409
    tasks.render_pcm_report(body["id"])
    member = _api(w["users"]["otro"])
    with django_assert_max_num_queries(12):
        listing = member.get("/api/v1/pcm-reports/")
    assert listing.status_code == 200
    rows = listing.json()["results"] if isinstance(listing.json(), dict) else listing.json()
    assert [r["id"] for r in rows] == [body["id"]]
    detail = member.get(f"/api/v1/pcm-reports/{body['id']}/").json()
    assert detail["status"] == "done" and set(detail["files"]) == {"pdf", "xlsx", "json"}
    content = member.get(content_url).json()
    assert content["schema"] == SCHEMA
    assert content["creating_norm"]["code"] == "ds-067-2011-pcm"
    assert [s["entities_present"] for s in content["sessions"]] == [3, 2]
    assert content["agreements"][0]["status"] == "pending"
    assert content["plan"]["products"] == 4
    assert {"presidents", "secretariat", "entities", "reports", "attendance"} <= set(content)


@pytest.mark.parametrize("year", [1800, "abc", 2999, ""])
def test_api_bad_year_is_a_400_naming_the_field(w, year):
    response = _api(w["users"]["st"]).post("/api/v1/pcm-reports/", {"year": year}, format="json")
    assert response.status_code == 400
    assert "year" in response.json()
    assert not PcmReport.objects.exists()


def test_api_permissions(w):
    report = _render()
    member, support = _api(w["users"]["otro"]), _api(w["users"]["support"])
    assert member.post("/api/v1/pcm-reports/", {"year": YEAR}, format="json").status_code == 403
    assert member.get(f"/api/v1/pcm-reports/{report.pk}/content/").status_code == 200
    assert _api(w["users"]["presidencia"]).get(f"/api/v1/pcm-reports/{report.pk}/").status_code == 200
    for url in (
        "/api/v1/pcm-reports/",
        f"/api/v1/pcm-reports/{report.pk}/",
        f"/api/v1/pcm-reports/{report.pk}/content/",
    ):
        assert support.get(url).status_code == 403
        assert _api().get(url).status_code in (401, 403)


# Pages ----------------------------------------------------------------------------------------------


def test_pages_for_the_st(w, client):
    client.force_login(w["users"]["st"])
    page = client.get("/informes-pcm/")
    assert page.status_code == 200 and "Generar informe del año" in page.content.decode()
    response = client.post("/informes-pcm/", {"year": str(YEAR)})
    report = PcmReport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/informes-pcm/{report.pk}/"
    assert "En cola" in client.get(f"/informes-pcm/{report.pk}/").content.decode()
    tasks.render_pcm_report(report.pk)
    status = client.get(f"/informes-pcm/{report.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "Descargar PDF" in status and "hx-get" not in status
    preview = client.get(f"/informes-pcm/vista-previa/{YEAR}/").content.decode()
    assert "XXIV Sesión Ordinaria" in preview and "Decreto Supremo N° 067-2011-PCM" in preview


@pytest.mark.parametrize("year", ["abc", "1800", ""])
def test_page_bad_year_is_a_form_error(w, client, year):
    client.force_login(w["users"]["st"])
    response = client.post("/informes-pcm/", {"year": year})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert not PcmReport.objects.exists()


def test_preview_of_a_year_out_of_range_is_a_400(w, client):
    client.force_login(w["users"]["st"])
    assert client.get("/informes-pcm/vista-previa/1800/").status_code == 400


def test_page_permissions_and_protected_files(w, client):
    report = _render()
    client.force_login(w["users"]["otro"])
    listing = client.get("/informes-pcm/").content.decode()
    assert "Generar informe del año" not in listing and f"/informes-pcm/{report.pk}/" in listing
    assert client.post("/informes-pcm/", {"year": str(YEAR)}).status_code == 403
    pdf = client.get(f"/informes-pcm/{report.pk}/descargar/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    xlsx = client.get(f"/informes-pcm/{report.pk}/descargar/xlsx/")
    assert xlsx.status_code == 200 and "attachment" in xlsx["Content-Disposition"]
    assert client.get(f"/informes-pcm/{report.pk}/descargar/json/").json()["year"] == YEAR
    assert client.get(f"/informes-pcm/{report.pk}/descargar/doc/").status_code == 404
    client.force_login(w["users"]["support"])
    for url in ("/informes-pcm/", f"/informes-pcm/{report.pk}/", f"/informes-pcm/{report.pk}/descargar/pdf/"):
        assert client.get(url).status_code == 403
    client.logout()
    anonymous = client.get(f"/informes-pcm/{report.pk}/descargar/pdf/")
    assert anonymous.status_code == 302 and "/cuenta/ingresar/" in anonymous["Location"]
