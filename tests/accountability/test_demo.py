"""The demo's reports to the PCM: the plan's year (2015) and the registry's latest complete year,
whose report names the President, the Secretaría Técnica and the representatives."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from accountability import demo
from accountability.models import PcmReport

pytestmark = pytest.mark.django_db


def test_the_demo_reports_name_the_president_the_st_and_the_representatives():
    call_command("load_reference", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    year = timezone.localdate().year - 1
    assert demo.registry_year() == year
    assert demo.demo_years() == [2015, year]
    reports = {r.year: r for r in PcmReport.objects.filter(status=PcmReport.Status.DONE)}
    assert set(reports) == {2015, year}

    content = reports[year].content
    assert content is not None
    assert [(p["name"], p["resolution_number"]) for p in content["presidents"]] == [
        ("Rosa María Valdivia Quispe", "R.M. N° 0091-2025-RE")
    ]
    assert [s["name"] for s in content["secretariat"]] == ["Carmen Ortiz Delgado"]
    representatives = {
        (r["entity"], r["name"], r["role"], r["resolution_number"])
        for e in content["entities"]
        for r in e["representatives"]
    }
    assert ("MTPE", "Jorge Luis Paredes Huamán", "titular", "R.M. N° 045-2025-TR") in representatives
    assert ("MTPE", "Lucía Ramírez Soto", "alternate", "R.M. N° 045-2025-TR") in representatives
    # Every member entity of the year has its representatives, each with a designation document.
    members = [e for e in content["entities"] if e["kind"] == "member"]
    assert members and all(e["representatives"] for e in members)
    assert all(r["resolution_number"] for e in members for r in e["representatives"])
    # No plan for that year: the plan section says so.
    assert content["plan"] is None and content["plan_note"] == "No hay plan de trabajo registrado para el año."

    with reports[year].pdf.open("rb") as handle:
        pdf = "".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)
    # Table cells wrap, so the text is compared without white space.
    flat = re.sub(r"\s+", "", pdf)
    for text in (
        "Rosa María Valdivia Quispe",
        "Carmen Ortiz Delgado",
        "Jorge Luis Paredes Huamán",
        "R.M. N° 045-2025-TR",
        "No hay plan de trabajo registrado para el año.",
    ):
        assert re.sub(r"\s+", "", text) in flat, text

    # The 2015 report keeps the plan and the plenary sessions of that year.
    old = reports[2015].content
    assert old["plan"] is not None and old["sessions"]

    # Loading again generates nothing new.
    count = PcmReport.objects.count()
    demo.load(io.StringIO())
    assert PcmReport.objects.count() == count
