"""Indicators of the Compact: the ST defines them, the responsible entity enters and submits the
yearly values, the ST returns or validates them (API and pages); who sees drafts; bad input; the
SVG chart; the CSV; the progress per objective; query counts of the lists."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from compact import indicators, services
from compact.models import Contribution, Indicator, IndicatorValue, Objective
from mtigm.core.errors import AccessDenied
from mtigm.core.models import OutboundMessage

from .helpers import world

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% prueba\n"


def _api(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def _page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def w():
    return world()


def _define(w, **extra) -> dict:
    body = {
        "name": "Inspecciones laborales a trabajadores extranjeros",
        "code": "PMM-6.1",
        "objective": 6,
        "sdg_indicator": "10.7.1",
        "unit": "inspecciones",
        "baseline_value": "400",
        "baseline_year": 2021,
        "target_value": "900",
        "target_year": 2026,
        "source": "SUNAFIL",
        "disaggregation": ["nationality", "sex"],
        "responsible_entity": w["entities"]["MTPE"].pk,
        **extra,
    }
    answer = _api(w["users"]["st"]).post("/api/v1/compact/indicators/", body, format="json")
    assert answer.status_code == 201, answer.content
    return answer.json()


def _indicator(w, entity="MTPE", name="Indicador", objective=6) -> Indicator:
    return indicators.indicator_create(
        actor=w["users"]["st"],
        name=name,
        objective=Objective.objects.get(number=objective),
        unit="personas",
        baseline_value=Decimal(100),
        baseline_year=2020,
        target_value=Decimal(300),
        target_year=2026,
        responsible_entity=w["entities"][entity],
    )


def test_the_whole_flow_through_the_api(w):
    users = w["users"]
    st, mtpe = _api(users["st"]), _api(users["mtpe"])
    indicator = _define(w)
    assert indicator["objective"] == 6 and indicator["sdg_indicator"] == "10.7.1"
    assert indicator["disaggregation"] == ["nationality", "sex"]

    entered = mtpe.post(
        "/api/v1/compact/indicator-values/",
        {
            "indicator": indicator["id"],
            "year": 2024,
            "value": "702",
            "disaggregated": {"sex": {"mujeres": 300, "hombres": 402}},
            "note": "Cifra del sistema de inspecciones",
        },
        format="json",
    )
    assert entered.status_code == 201, entered.content
    value = entered.json()
    assert value["state"] == "draft" and value["disaggregated"] == {"sex": {"mujeres": "300", "hombres": "402"}}
    url = f"/api/v1/compact/indicator-values/{value['id']}/"

    # Evidence (a protected file), then submit: the ST is told through the outbox.
    attached = mtpe.post(url + "evidence/", {"evidence": SimpleUploadedFile("r.pdf", PDF)}, format="multipart")
    assert attached.status_code == 200, attached.content
    assert attached.json()["evidence"].endswith("/sustento/")
    assert mtpe.post(url + "submit/").json()["state"] == "submitted"
    assert mtpe.patch(url, {"value": "1"}, format="json").status_code == 409  # submitted: no longer editable

    # The ST returns it: observations are required.
    refused = st.post(url + "return/", {"observations": "  "}, format="json")
    assert refused.status_code == 400 and "observations" in refused.json()
    returned = st.post(url + "return/", {"observations": "Adjunte el reporte completo."}, format="json")
    assert returned.json()["state"] == "returned"
    assert OutboundMessage.objects.filter(kind="compact_indicator_value_submitted").exists()

    # The entity corrects and resubmits; the ST validates.
    assert mtpe.patch(url, {"value": "705.5"}, format="json").json()["value"] == "705.50"
    assert mtpe.post(url + "submit/").json()["state"] == "submitted"
    validated = st.post(url + "validate/", {}, format="json")
    assert validated.status_code == 200 and validated.json()["state"] == "validated"
    assert st.post(url + "validate/", {}, format="json").status_code == 409

    row = IndicatorValue.objects.get(pk=value["id"])
    assert row.validated_by == users["st"] and row.validated_at is not None
    assert [h.state for h in row.history.order_by("history_date")][-1] == "validated"
    listed = st.get(f"/api/v1/compact/indicators/{indicator['id']}/").json()
    assert listed["latest_value"] == "705.50" and listed["latest_year"] == 2024
    # The ST edits the indicator.
    patched = st.patch(f"/api/v1/compact/indicators/{indicator['id']}/", {"target_value": "950"}, format="json")
    assert patched.status_code == 200 and patched.json()["target_value"] == "950.00"


def test_only_the_st_defines_and_validates(w):
    users = w["users"]
    body = {"name": "X", "objective": 6, "unit": "u", "responsible_entity": w["entities"]["MTPE"].pk}
    assert _api(users["mtpe"]).post("/api/v1/compact/indicators/", body, format="json").status_code == 403
    indicator = _indicator(w)
    value = indicators.indicator_value_save(actor=users["mtpe"], indicator=indicator, year=2024, value=Decimal(5))
    indicators.indicator_value_submit(actor=users["mtpe"], indicator_value=value)
    answer = _api(users["mtpe"]).post(f"/api/v1/compact/indicator-values/{value.pk}/validate/", {}, format="json")
    assert answer.status_code == 403
    with pytest.raises(AccessDenied):
        indicators.indicator_value_validate(actor=users["mtpe"], indicator_value=value)


def test_another_entity_cannot_enter_values(w):
    users = w["users"]
    indicator = _indicator(w)  # MTPE's
    body = {"indicator": indicator.pk, "year": 2024, "value": "10"}
    assert _api(users["migraciones"]).post("/api/v1/compact/indicator-values/", body, format="json").status_code == 403
    assert _api(users["st"]).post("/api/v1/compact/indicator-values/", body, format="json").status_code == 403
    assert not IndicatorValue.objects.exists()
    # Nor act on MTPE's draft, which it does not even see (404).
    value = indicators.indicator_value_save(actor=users["mtpe"], indicator=indicator, year=2024, value=Decimal(5))
    other = _api(users["migraciones"])
    assert other.post(f"/api/v1/compact/indicator-values/{value.pk}/submit/").status_code == 404
    assert (
        other.patch(f"/api/v1/compact/indicator-values/{value.pk}/", {"value": "1"}, format="json").status_code == 404
    )
    # The page refuses the form as well.
    page = _page(users["migraciones"]).post(
        f"/pacto-mundial/indicadores/{indicator.pk}/", {"action": "save", "year": 2024, "value": "3"}
    )
    assert page.status_code == 403
    with pytest.raises(AccessDenied):
        indicators.indicator_value_save(actor=users["migraciones"], indicator=indicator, year=2023, value=Decimal(1))


def test_drafts_are_seen_only_by_the_entity_and_the_st(w):
    users = w["users"]
    indicator = _indicator(w)
    draft = indicators.indicator_value_save(actor=users["mtpe"], indicator=indicator, year=2023, value=Decimal(5))
    done = indicators.indicator_value_save(actor=users["mtpe"], indicator=indicator, year=2024, value=Decimal(7))
    indicators.indicator_value_submit(actor=users["mtpe"], indicator_value=done)
    indicators.indicator_value_validate(actor=users["st"], indicator_value=done)
    seen = {
        who: {row["id"] for row in _api(users[who]).get("/api/v1/compact/indicator-values/").json()["results"]}
        for who in ("st", "mtpe", "migraciones", "dp")
    }
    assert seen["st"] == seen["mtpe"] == {draft.pk, done.pk}
    assert seen["migraciones"] == seen["dp"] == {done.pk}
    assert _api(users["dp"]).get(f"/api/v1/compact/indicator-values/{draft.pk}/").status_code == 404
    assert Client().get("/api/v1/compact/indicator-values/").status_code in (401, 403)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"year": 2019, "value": "5"}, "year"),  # before the baseline (2020)
        ({"year": 2101, "value": "5"}, "year"),
        ({"year": 2024}, "value"),
        ({"year": 2024, "value": "abc"}, "value"),
        ({"year": "dos mil", "value": "5"}, "year"),
        ({"year": 2024, "value": "5", "disaggregated": {"age_group": {"0-17": 1}}}, "disaggregated"),
        ({"year": 2024, "value": "5", "disaggregated": {"sex": {"mujeres": -1}}}, "disaggregated"),
        ({"year": 2024, "value": "5", "disaggregated": ["no"]}, "disaggregated"),
    ],
)
def test_bad_values_are_400_naming_the_field(w, body, field):
    indicator = _indicator(w)
    indicator.disaggregation = ["sex"]
    indicator.save()
    answer = _api(w["users"]["mtpe"]).post(
        "/api/v1/compact/indicator-values/", {"indicator": indicator.pk, **body}, format="json"
    )
    assert answer.status_code == 400, answer.content
    assert field in answer.json()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"objective": None, "sdg_indicator": None}, "objective"),
        ({"sdg_indicator": "99.9.9"}, "sdg_indicator"),
        ({"disaggregation": ["religion"]}, "disaggregation"),
        ({"baseline_year": 1800}, "baseline_year"),
        ({"target_year": 2019}, "target_year"),  # before the baseline
        ({"name": ""}, "name"),
        ({"responsible_entity": 999999}, "responsible_entity"),
    ],
)
def test_bad_indicators_are_400_naming_the_field(w, extra, field):
    body = {
        "name": "Indicador",
        "objective": 6,
        "unit": "personas",
        "baseline_value": "1",
        "baseline_year": 2021,
        "target_value": "2",
        "target_year": 2026,
        "responsible_entity": w["entities"]["MTPE"].pk,
        **extra,
    }
    answer = _api(w["users"]["st"]).post("/api/v1/compact/indicators/", body, format="json")
    assert answer.status_code == 400, answer.content
    assert field in answer.json()


def test_the_page_flow_with_the_chart_and_its_table(w):
    users = w["users"]
    indicator = _indicator(w, name="Peruanos retornados atendidos")
    mtpe, st = _page(users["mtpe"]), _page(users["st"])
    url = f"/pacto-mundial/indicadores/{indicator.pk}/"
    bad = mtpe.post(url, {"action": "save", "year": "1999", "value": "x"})
    assert bad.status_code == 400 and 'role="alert"' in bad.content.decode()
    saved = mtpe.post(
        url, {"action": "save", "year": "2024", "value": "250", "evidence": SimpleUploadedFile("r.pdf", PDF)}
    )
    assert saved.status_code == 302
    value = IndicatorValue.objects.get(indicator=indicator, year=2024)
    assert value.evidence
    mtpe.post(url, {"action": "submit", "value": value.pk})
    assert st.post(url, {"action": "return", "value": value.pk, "observations": ""}).status_code == 302
    assert IndicatorValue.objects.get(pk=value.pk).state == "submitted"  # refused: observations required
    st.post(url, {"action": "validate", "value": value.pk})
    assert IndicatorValue.objects.get(pk=value.pk).state == "validated"

    html = _page(users["dp"]).get(url).content.decode()
    assert "<svg" in html and "<title id=" in html and "<desc id=" in html and "2024: 250" in html
    assert "Valores por año" in html and '<th scope="row">2024</th>' in html  # the data table
    assert 'name="action" value="save"' not in html  # not the responsible entity
    assert 'value="save"' in mtpe.get(url).content.decode()
    assert _page(users["dp"]).get(f"/pacto-mundial/indicadores/valores/{value.pk}/sustento/").status_code == 200


def test_the_chart_draws_baseline_target_and_values():
    indicator = Indicator(
        pk=7, name="Prueba <b>", unit="u", baseline_value=Decimal(10), baseline_year=2020, target_value=Decimal(50)
    )
    indicator.target_year = 2026
    values = [
        IndicatorValue(year=2021, value=Decimal(12), state="validated"),
        IndicatorValue(year=2022, value=Decimal(20), state="submitted"),
    ]
    svg = str(indicators.indicator_chart(indicator, values))
    assert svg.startswith("<svg") and svg.count("<circle") == 2 and "<polyline" in svg
    assert svg.count('stroke-dasharray="6 4"') == 2  # baseline and target
    assert "&lt;b&gt;" in svg and "<b>" not in svg
    assert "2022: 20 (sin validar)" in svg
    empty = str(indicators.indicator_chart(Indicator(name="Vacío", unit="u"), []))
    assert "sin valores registrados" in empty


def test_the_csv_has_a_header_and_one_row_per_visible_value(w):
    users = w["users"]
    indicator = _indicator(w)
    for year in (2021, 2022, 2023):
        row = indicators.indicator_value_save(actor=users["mtpe"], indicator=indicator, year=year, value=Decimal(year))
        if year < 2023:
            indicators.indicator_value_submit(actor=users["mtpe"], indicator_value=row)
            indicators.indicator_value_validate(actor=users["st"], indicator_value=row)
    for who, expected in (("st", 3), ("mtpe", 3), ("dp", 2)):
        answer = _page(users[who]).get("/pacto-mundial/indicadores/valores.csv")
        assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(answer.content.decode())))
        assert rows[0] == list(indicators.CSV_HEADER)
        assert len(rows) == 1 + expected
    api = _api(users["dp"]).get("/api/v1/compact/indicator-values/csv/?year=2021")
    rows = list(csv.reader(io.StringIO(api.content.decode())))
    assert api.status_code == 200 and len(rows) == 2 and rows[1][7] == "2021"
    assert Client().get("/pacto-mundial/indicadores/valores.csv").status_code == 302  # to the login page


def _link_plan_products(w) -> None:
    import datetime

    from tests.factories import members as f
    from workplans.models import Plan, PlanLine, PlanVersion

    plan = Plan.objects.create(year=2025, state="approved")
    version = PlanVersion.objects.create(plan=plan, number=1, state="approved")
    lines = [
        PlanLine.objects.create(
            version=version,
            key=f"k{i}",
            subgroup=f.SubgroupFactory(),
            lead_entity=w["entities"]["MTPE"],
            theme="Migración laboral",
            product=f"Producto {i}",
        )
        for i in range(3)
    ]
    consultation = services.consultation_create(
        actor=w["users"]["st"],
        title="Consulta",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        deadline=datetime.date(2025, 12, 31),
        objectives=Objective.objects.filter(number=6),
        invited=[w["entities"]["MTPE"]],
    )
    for state, linked in (("accepted", lines[:2]), ("accepted", lines[:1]), ("draft", lines[2:])):
        contribution = Contribution.objects.create(
            consultation=consultation,
            entity=w["entities"]["MTPE"],
            objective=Objective.objects.get(number=6),
            criterion="norm",
            title="Aporte",
            description="…",
            state=state,
        )
        contribution.plan_products.set(linked)


def test_progress_counts_indicators_products_and_agreements(w):
    users = w["users"]
    indicator = _indicator(w)
    row = indicators.indicator_value_save(actor=users["mtpe"], indicator=indicator, year=2024, value=Decimal(200))
    indicators.indicator_value_submit(actor=users["mtpe"], indicator_value=row)
    indicators.indicator_value_validate(actor=users["st"], indicator_value=row)
    _link_plan_products(w)
    found = {r.objective.number: r for r in indicators.progress(users["dp"])}
    assert len(found) == 23
    assert [i.pk for i in found[6].indicators] == [indicator.pk]
    assert found[6].indicators[0].percent == 50  # from 100 to 300, at 200
    # Two products linked by accepted contributions on objective 6 (one twice); a draft's link does not count.
    assert found[6].plan_products == 2 and found[6].agreements == 0
    assert found[1].plan_products == 0 and found[1].indicators == []
    html = _page(users["dp"]).get("/pacto-mundial/indicadores/avance/").content.decode()
    assert "Indicador" in html and "50%" in html


def test_demo_indicators_load_idempotently():
    from compact import demo
    from tests.factories import members as f

    for acronym in ("MTPE", "MIGRACIONES", "RREE"):
        f.member_entity(acronym)
    demo.load()
    demo.load()
    assert Indicator.objects.count() == 3
    states = set(IndicatorValue.objects.values_list("state", flat=True))
    assert {"validated", "submitted"} <= states
    assert IndicatorValue.objects.filter(state="submitted").exclude(evidence="").exists()


def _grow(w, n: int) -> None:
    users = w["users"]
    objectives = list(Objective.objects.order_by("number"))
    entities = ["MTPE", "MIGRACIONES"]
    while Indicator.objects.count() < n:
        i = Indicator.objects.count()
        indicator = _indicator(w, entity=entities[i % 2], name=f"Indicador {i}", objective=objectives[i % 23].number)
        for year in (2023, 2024):
            actor = users["mtpe" if i % 2 == 0 else "migraciones"]
            row = indicators.indicator_value_save(actor=actor, indicator=indicator, year=year, value=Decimal(i))
            indicators.indicator_value_submit(actor=actor, indicator_value=row)
            if year == 2023:
                indicators.indicator_value_validate(actor=users["st"], indicator_value=row)


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(url)
    assert answer.status_code == 200, (url, answer.status_code)
    return len(queries)


URLS = [
    "/pacto-mundial/indicadores/",
    "/pacto-mundial/indicadores/avance/",
    "/pacto-mundial/indicadores/valores.csv",
    "/api/v1/compact/indicators/",
    "/api/v1/compact/indicator-values/",
]


@pytest.mark.parametrize("who", ["st", "mtpe", "dp"])
def test_lists_and_progress_are_constant_in_queries(w, who, django_assert_max_num_queries):
    user = w["users"][who]
    api, page = _api(user), _page(user)
    _grow(w, 2)
    small = {url: _count(api if "/api/" in url else page, url) for url in URLS}
    _grow(w, 20)
    for url in URLS:
        client = api if "/api/" in url else page
        with django_assert_max_num_queries(small[url]):
            assert client.get(url).status_code == 200
    assert max(small.values()) <= 20


def test_a_validated_year_or_an_inactive_indicator_takes_no_new_value(w):
    users = w["users"]
    indicator = _indicator(w)
    row = indicators.indicator_value_save(actor=users["mtpe"], indicator=indicator, year=2024, value=Decimal(5))
    indicators.indicator_value_submit(actor=users["mtpe"], indicator_value=row)
    indicators.indicator_value_validate(actor=users["st"], indicator_value=row)
    mtpe = _api(users["mtpe"])
    body = {"indicator": indicator.pk, "year": 2024, "value": "6"}
    again = mtpe.post("/api/v1/compact/indicator-values/", body, format="json")
    assert again.status_code == 409 and again.json()["code"] == "indicator_value_submitted"
    _api(users["st"]).patch(f"/api/v1/compact/indicators/{indicator.pk}/", {"active": False}, format="json")
    closed = mtpe.post("/api/v1/compact/indicator-values/", {**body, "year": 2025}, format="json")
    assert closed.status_code == 409 and closed.json()["code"] == "indicator_inactive"
    assert IndicatorValue.objects.get(pk=row.pk).value == Decimal(5)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_indicator_pages_pass_axe(browser, live_server):
    """In Chromium, on the demo: the list, an indicator (with the entity's form, and the ST's
    validation form) and the progress page have no critical or serious axe-core violations."""
    from pathlib import Path

    from django.core.management import call_command

    from tests.conftest import browser_login

    axe = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
    call_command("load_reference", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    indicator = Indicator.objects.get(responsible_entity__acronym="MTPE")
    pages = {
        "st": ["/pacto-mundial/indicadores/", f"/pacto-mundial/indicadores/{indicator.pk}/"],
        "miembro": [f"/pacto-mundial/indicadores/{indicator.pk}/", "/pacto-mundial/indicadores/avance/"],
    }
    found = {}
    for username, urls in pages.items():
        context = browser.new_context(locale="es-PE", bypass_csp=True)
        page = context.new_page()
        browser_login(page, live_server, username, "demo-mtigm")
        for url in urls:
            response = page.goto(f"{live_server.url}{url}")
            assert response is not None and response.status == 200, url
            assert username != "miembro" or "avance" in url or page.locator("form [name=value]").count() > 0
            page.add_script_tag(path=str(axe))
            result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            found[f"{username} {url}"] = [
                f"{v['id']}: {v['help']}" for v in result["violations"] if v["impact"] in ("critical", "serious")
            ]
        context.close()
    assert found == {key: [] for key in found}


def test_a_value_of_an_indicator_no_longer_in_use_is_neither_corrected_nor_sent(w):
    mtpe = _api(w["users"]["mtpe"])
    indicator = _indicator(w)
    value = indicators.indicator_value_save(
        actor=w["users"]["mtpe"], indicator=indicator, year=2024, value=Decimal(120)
    )
    Indicator.objects.filter(pk=indicator.pk).update(active=False)
    url = f"/api/v1/compact/indicator-values/{value.pk}/"
    patched = mtpe.patch(url, {"value": "130"}, format="json")
    assert patched.status_code == 409 and patched.json()["code"] == "indicator_inactive"
    assert mtpe.post(url + "submit/").json()["code"] == "indicator_inactive"
    value.refresh_from_db()
    assert value.value == Decimal(120) and value.state == "draft"


@pytest.mark.parametrize("category", ["con\x00nulo", "tab\x0bvertical"])
def test_a_category_with_control_characters_is_a_400(w, category):
    indicator = _define(w)
    answer = _api(w["users"]["mtpe"]).post(
        "/api/v1/compact/indicator-values/",
        {"indicator": indicator["id"], "year": 2024, "value": "5", "disaggregated": {"sex": {category: 5}}},
        format="json",
    )
    assert answer.status_code == 400 and "disaggregated" in answer.json()
