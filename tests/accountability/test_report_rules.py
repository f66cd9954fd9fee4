"""What the report to the PCM states: delivered products only from reports sent, the execution only
from evaluations presented to the Plenary, only a public plan, only the Plenary's agreements of
sessions held, designations of the listed entities, whole agreement texts in the PDF; the API's
throttle and status codes; the JSON download in the security log."""

from __future__ import annotations

import datetime
import io

import pytest
from django.test import Client
from pypdf import PdfReader
from rest_framework.test import APIClient

from accountability.models import PcmReport
from accountability.selectors import report_content
from decisions.models import Agreement
from members.models import Designation, EntityKind
from mtigm.core.audit import Kind as AuditKind
from mtigm.core.models import SecurityEvent
from sessions.models import Session
from tests.factories import members as f
from workplans import services as plan_services
from workplans.models import Evaluation, Plan, ProductProgress, SubgroupReport
from workplans.selectors import dashboard, lines_of

from .test_pcm_reports import YEAR, _aware, _render, _session, w  # noqa: F401 - w is a fixture

pytestmark = pytest.mark.django_db


def _evaluation(plan: Plan, period: str, state: str = Evaluation.State.OPEN) -> Evaluation:
    return Evaluation.objects.create(
        plan=plan,
        period=period,
        version=plan.version_in_force(),
        due_date=datetime.date(YEAR, 4, 15),
        due_citation="Dir. 003 §6.4.3.1",
        state=state,
    )


def _ticked(evaluation: Evaluation, code: str, state: str, subgroups) -> ProductProgress:
    """A subgroup report in ``state`` with the subgroup's first product ticked as delivered."""
    line = next(line for line in lines_of(evaluation.plan.version_in_force()) if line.subgroup.code == code)
    report = SubgroupReport.objects.create(evaluation=evaluation, subgroup=subgroups[code], state=state)
    return ProductProgress.objects.create(report=report, line=line, percent=100, delivered=True)


# F2 ---------------------------------------------------------------------------------------------


def test_products_ticked_in_a_draft_or_returned_report_are_not_delivered(w):  # noqa: F811
    plan, subgroups = w["plan"], w["subgroups"]
    evaluation = _evaluation(plan, Evaluation.Period.Q1, Evaluation.State.PRESENTED)
    _ticked(evaluation, "4.1", SubgroupReport.State.DRAFT, subgroups)
    _ticked(evaluation, "4.2", SubgroupReport.State.RETURNED, subgroups)
    board = dashboard(plan)
    assert board.delivered == 0
    assert report_content(YEAR).plan.delivered == 0
    _ticked(evaluation, "1.1", SubgroupReport.State.SUBMITTED, subgroups)
    assert dashboard(plan).delivered == 1
    content = report_content(YEAR)
    assert content.plan.delivered == 1
    assert [p.subgroup for p in content.plan.products_list if p.delivered] == ["1.1"]


# F4 ---------------------------------------------------------------------------------------------


def test_the_execution_comes_only_from_evaluations_presented_to_the_plenary(w):  # noqa: F811
    plan, subgroups = w["plan"], w["subgroups"]
    evaluation = _evaluation(plan, Evaluation.Period.Q1)
    _ticked(evaluation, "1.1", SubgroupReport.State.ACCEPTED, subgroups)
    # The ST's dashboard shows it; the report, which member representatives read, does not yet.
    assert dashboard(plan).delivered == 1
    plan_section = report_content(YEAR).plan
    assert (plan_section.delivered, plan_section.percent, plan_section.latest_evaluation) == (0, None, "")
    Evaluation.objects.filter(pk=evaluation.pk).update(state=Evaluation.State.PRESENTED)
    plan_section = report_content(YEAR).plan
    assert (plan_section.delivered, plan_section.percent, plan_section.latest_evaluation) == (1, 100, "I Trimestre")
    group1 = next(g for g in plan_section.groups if g.number == 1)
    assert (group1.products, group1.delivered, group1.percent) == (1, 1, 100)


def test_a_plan_not_approved_is_not_listed_and_the_report_says_so(w, client):  # noqa: F811
    draft = plan_services.plan_create(actor=w["users"]["st"], year=YEAR - 1)
    plan_services.line_save(
        actor=w["users"]["st"],
        version=draft.current_version,
        subgroup=w["subgroups"]["4.1"],
        lead_entity=w["entities"]["MININTER"],
        months=[3],
        theme="Tema",
        product="Producto del anteproyecto reservado",
        objectives="Objetivo",
        activities="Actividad",
    )
    content = report_content(YEAR - 1)
    assert content.plan is None and content.reports == []
    assert "no ha sido aprobado" in content.plan_note and "Anteproyecto" in content.plan_note
    client.force_login(w["users"]["otro"])
    page = client.get(f"/informes-pcm/vista-previa/{YEAR - 1}/").content.decode()
    assert "Producto del anteproyecto reservado" not in page
    assert "no ha sido aprobado" in page
    # The approved plan of YEAR is listed, with no note.
    assert report_content(YEAR).plan is not None and report_content(YEAR).plan_note == ""
    assert "No hay plan de trabajo registrado" in report_content(YEAR + 1).plan_note


# F3 ---------------------------------------------------------------------------------------------


def test_only_agreements_of_plenary_sessions_held_are_listed(w):  # noqa: F811
    group = Session.objects.create(
        kind=Session.Kind.GROUP,
        group=w["groups"][4],
        starts_at=_aware(datetime.date(YEAR, 3, 10)),
        state=Session.State.HELD,
    )
    Agreement.objects.create(session=group, number=1, text="Decisión del grupo 4", owner=w["entities"]["MTPE"])
    ongoing = Session.objects.create(
        kind=Session.Kind.ORDINARY,
        number=26,
        starts_at=_aware(datetime.date(YEAR, 5, 5)),
        state=Session.State.IN_SESSION,
    )
    Agreement.objects.create(session=ongoing, number=1, text="Acuerdo de una sesión en curso")
    texts = [a.text for a in report_content(YEAR).agreements]
    assert texts == ["Aprobar el Plan de Trabajo"]


# F8 ---------------------------------------------------------------------------------------------


def test_designations_in_year_count_only_the_listed_entities(w):  # noqa: F811
    before = report_content(YEAR).designations_in_year
    agency = f.member_entity("ACNUR", kind=EntityKind.COOPERATION_AGENCY)
    f.DesignationFactory(entity=agency, role=Designation.Role.TITULAR, start=datetime.date(YEAR, 5, 1))
    content = report_content(YEAR)
    assert content.designations_in_year == before
    listed = sum(1 for e in content.entities for r in e.representatives if r.start.year == YEAR)  # what the table shows
    assert content.designations_in_year == listed
    f.DesignationFactory(entity=w["entities"]["MTPE"], role=Designation.Role.ALTERNATE, start=datetime.date(YEAR, 6, 1))
    assert report_content(YEAR).designations_in_year == before + 1


# F9 ---------------------------------------------------------------------------------------------


def test_the_pdf_keeps_the_whole_text_of_long_agreements(w, client):  # noqa: F811
    session = Session.objects.get(number=24)
    text = "Encargar a la Secretaría Técnica " + "coordinar con las entidades " * 15 + "FINALDELACUERDO"
    Agreement.objects.create(session=session, number=2, text=text, owner=w["entities"]["RREE"])
    assert len(text) > 300
    report = _render()
    with report.pdf.open("rb") as handle:
        pdf = "".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)
    assert "FINALDELACUERDO" in pdf
    client.force_login(w["users"]["st"])
    preview = client.get(f"/informes-pcm/vista-previa/{YEAR}/").content.decode()
    assert "Encargar a la Secretaría Técnica" in preview and "FINALDELACUERDO" not in preview


# F10 --------------------------------------------------------------------------------------------


def test_the_json_download_is_in_the_security_log(w):  # noqa: F811
    report = _render()
    client = Client()
    client.force_login(w["users"]["otro"])
    response = client.get(f"/informes-pcm/{report.pk}/descargar/json/")
    assert response.status_code == 200
    event = SecurityEvent.objects.filter(kind=AuditKind.DOWNLOAD).latest("pk")
    assert event.detail == f"informe-pcm-{YEAR}-{report.pk}.json" and event.user == w["users"]["otro"]


# F7 ---------------------------------------------------------------------------------------------


def test_api_create_answers_202_for_a_queued_render_and_200_for_the_one_in_flight(w):  # noqa: F811
    api = APIClient()
    api.force_authenticate(w["users"]["st"])
    first = api.post("/api/v1/pcm-reports/", {"year": YEAR}, format="json")
    assert first.status_code == 202, first.content
    again = api.post("/api/v1/pcm-reports/", {"year": YEAR}, format="json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert PcmReport.objects.count() == 1


def test_api_create_shares_the_pages_render_throttle(w, throttle_rates):  # noqa: F811
    throttle_rates(render="2/hour")
    st = w["users"]["st"]
    api = APIClient()
    api.force_authenticate(st)
    answers = [api.post("/api/v1/pcm-reports/", {"year": year}, format="json") for year in (YEAR, YEAR - 1)]
    assert [a.status_code for a in answers] == [202, 202]
    refused = api.post("/api/v1/pcm-reports/", {"year": YEAR - 2}, format="json")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert PcmReport.objects.count() == 2
    # Reading is not throttled.
    assert api.get("/api/v1/pcm-reports/").status_code == 200
    # The page's form counts against the same budget.
    client = Client()
    client.force_login(st)
    assert client.post("/informes-pcm/", {"year": str(YEAR - 3)}).status_code == 429
