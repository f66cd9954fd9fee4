import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook
from pypdf import PdfReader
from rest_framework.test import APIClient

from workplans import services
from workplans.importer import plan_import
from workplans.models import Plan, ReportDocument, SubgroupReport
from workplans.tasks import render_document

from .helpers import approved_plan, world

pytestmark = pytest.mark.django_db

HEADER = [
    "RESPONSABLE",
    "SUBGRUPO",
    "TEMA",
    "OBJETIVOS",
    "ACTIVIDADES",
    "METAS/PRODUCTOS",
    "RESULTADOS ESPERADOS",
    *map(str, range(1, 13)),
]


def _xlsx(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row(resp, code, theme, product, months):
    return [resp, code, theme, "Obj", "Act", product, "Res", *["X" if m in months else "" for m in range(1, 13)]]


def test_import_good_rows_and_continuation():
    w = world()
    st = w["users"]["st"]
    plan = services.plan_create(actor=st, year=2016)
    content = _xlsx(
        [
            _row("MIGRACIONES RREE", "4.3", "Información para inmigrantes", "Folletos", [4, 5]),
            _row("", "", "", "Campaña", [6]),  # continues 4.3
            _row("MTPE", "1.1", "Protección", "Informe", [12]),
        ]
    )
    report = plan_import(actor=st, version=plan.current_version, filename="plan.xlsx", content=content)
    assert report.ok and report.created == 3
    lines = list(plan.current_version.lines.order_by("position"))
    assert [line.subgroup.code for line in lines] == ["4.3", "4.3", "1.1"]
    assert lines[1].theme == "Información para inmigrantes" and lines[1].months == [6]
    assert lines[0].lead_entity.acronym == "MIGRACIONES"


def test_import_bad_rows_rejects_everything_with_reasons():
    w = world()
    st = w["users"]["st"]
    plan = services.plan_create(actor=st, year=2016)
    csv = "\n".join(
        [
            ",".join(HEADER),
            ",".join(_row("MTPE", "1.1", "Protección", "Informe", [12])),
            ",".join(_row("MTPE", "9.1", "Tema", "Producto", [1])),  # no group 9
            ",".join(_row("", "", "", "", [2])),  # no product
            ",".join(_row("NADIE", "1.1", "Tema", "Producto", [1])),  # no known entity
            ",".join(_row("MTPE", "1.1", "Tema", "Producto", [])).replace(",,,,,,,,,,,", ",ok,,,,,,,,,,"),
        ]
    ).encode()
    report = plan_import(actor=st, version=plan.current_version, filename="plan.csv", content=csv)
    assert not report.ok
    assert [e.row for e in report.rejected] == [3, 4, 5, 6]
    assert "grupo de trabajo 9" in " ".join(report.rejected[0].reasons)
    assert "meta o producto" in " ".join(report.rejected[1].reasons)
    assert "X" in " ".join(report.rejected[3].reasons)
    assert plan.current_version.lines.count() == 0  # all or nothing


def test_yearly_report_pdf_of_demo_year_has_the_figures(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_reference", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    plan = Plan.objects.get(year=2015)
    assert plan.current_version.lines.values("subgroup").distinct().count() == 21
    from workplans.selectors import dashboard

    board = dashboard(plan, today=datetime.date(2015, 10, 20))
    assert board.late_reports == 1  # the demo's group 1 filed its second-quarter report late
    document = ReportDocument.objects.create(kind="annual", plan=plan)
    assert render_document.apply(args=[document.pk]).result == "done"
    document.refresh_from_db()
    text = " ".join(page.extract_text() for page in PdfReader(document.file.path).pages)
    assert "Memoria anual 2015" in text
    assert f"Productos entregados: {board.delivered} de {board.products}" in text
    assert f"Avance promedio: {board.percent} %" in text
    assert "Peruanos en el exterior y sus familiares" in text
    # The Pleno approves it: the archive is never regenerated over.
    from django.contrib.auth import get_user_model

    st_user = get_user_model().objects.get(username="st")
    services.annual_report_approve(
        actor=st_user, document=document, approved_on=datetime.date(2016, 2, 10), agreement="Acuerdo 3"
    )
    with pytest.raises(Exception, match="archivado"):
        services.document_request(actor=st_user, plan=plan, kind="annual")
    from django.db import DatabaseError, transaction

    with (
        pytest.raises(DatabaseError, match="pgtrigger"),
        transaction.atomic(),
    ):  # the database trigger refuses changes too
        ReportDocument.objects.filter(pk=document.pk).update(sha256="x")


def test_api_lead_files_report_and_query_counts(django_assert_num_queries):
    w = world()
    plan = approved_plan(w)
    evaluation = services.evaluation_open(actor=w["users"]["st"], plan=plan, period="q1")
    client = APIClient()
    client.force_authenticate(w["users"]["responsable"])
    listing = client.get("/api/v1/workplans/subgroup-reports/")
    assert listing.status_code == 200 and [r["subgroup"] for r in listing.data["results"]] == ["4.1"]
    report = SubgroupReport.objects.get(evaluation=evaluation, subgroup__code="4.1")
    line = report.progress.first().line_id
    answer = client.patch(
        f"/api/v1/workplans/subgroup-reports/{report.pk}/",
        {"difficulties": "Ninguna", "progress": [{"line": line, "percent": 55}]},
        format="json",
    )
    assert answer.status_code == 200, answer.data
    assert client.post(f"/api/v1/workplans/subgroup-reports/{report.pk}/submit/").data["state"] == "submitted"
    # Another subgroup's report is invisible to this lead; the coordinator may not write it either.
    other = SubgroupReport.objects.get(evaluation=evaluation, subgroup__code="4.2")
    assert (
        client.patch(
            f"/api/v1/workplans/subgroup-reports/{other.pk}/", {"difficulties": "x"}, format="json"
        ).status_code
        == 404
    )
    coordinator = APIClient()
    coordinator.force_authenticate(w["users"]["coordinador"])
    assert (
        coordinator.patch(
            f"/api/v1/workplans/subgroup-reports/{report.pk}/", {"difficulties": "x"}, format="json"
        ).status_code
        == 403
    )
    assert coordinator.post(f"/api/v1/workplans/subgroup-reports/{report.pk}/accept/").status_code == 200
    # Public plan and constant query count for lines, small and large.
    anonymous = APIClient()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        small = anonymous.get(f"/api/v1/workplans/plans/{plan.year}/lines/")
    assert small.status_code == 200 and small.data["count"] == 4
    version = plan.current_version
    from workplans.models import PlanLine

    for i in range(20):
        PlanLine.objects.create(
            version=version,
            key=f"k{i}",
            position=10 + i,
            subgroup=w["subgroups"]["1.1"],
            lead_entity=w["entities"]["MTPE"],
            theme="T",
            product=f"P{i}",
        )
    with django_assert_num_queries(len(captured.captured_queries)):
        large = anonymous.get(f"/api/v1/workplans/plans/{plan.year}/lines/")
    assert large.data["count"] == 24


def test_dashboard_page_query_count_constant(client, django_assert_num_queries):
    w = world()
    plan = approved_plan(w)
    services.evaluation_open(actor=w["users"]["st"], plan=plan, period="q1")
    client.force_login(w["users"]["st"])
    url = reverse("workplans:dashboard", args=[plan.year])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    from workplans.models import PlanLine

    for i in range(30):
        PlanLine.objects.create(
            version=plan.current_version,
            key=f"k{i}",
            position=10 + i,
            subgroup=w["subgroups"]["1.1"],
            lead_entity=w["entities"]["MTPE"],
            theme="T",
            product=f"P{i}",
        )
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert "Avance por subgrupo" in response.content.decode()


def test_import_tells_files_apart_by_content_and_refuses_oversized_ones(settings):
    w = world()
    st = w["users"]["st"]
    plan = services.plan_create(actor=st, year=2016)
    good = _xlsx([_row("MTPE", "1.1", "Protección", "Informe", [12])])
    # A workbook named .csv is read as the workbook it is.
    assert plan_import(actor=st, version=plan.current_version, filename="plan.csv", content=good).ok
    # A ZIP archive that is not a workbook, named .xlsx, is refused with a reason, never a 500.
    buffer = io.BytesIO()
    with __import__("zipfile").ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hola")
    refused = plan_import(actor=st, version=plan.current_version, filename="plan.xlsx", content=buffer.getvalue())
    assert "no es un libro de Excel" in refused.header_error
    settings.UPLOAD_MAX_BYTES = 100
    big = plan_import(actor=st, version=plan.current_version, filename="plan.csv", content=b"x" * 200)
    assert "se aceptan archivos de hasta 100" in big.header_error
