"""The consultation through the pages: the ST creates and opens it, an entity files and submits,
the ST returns and accepts, and the Informe País shows the accepted contributions per area."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from compact.models import Consultation, Contribution, InformeNarrative
from mtigm.core.models import OutboundMessage

from .helpers import focal_point, world

pytestmark = pytest.mark.django_db


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_consultation_pages_from_creation_to_the_informe_pais():
    w = world()
    users, e = w["users"], w["entities"]
    focal_point(w, "UCSS", 16, "fp.ucss@example.gob.pe")
    st = _login(users["st"])
    deadline = timezone.localdate() + datetime.timedelta(days=20)
    bad = st.post("/pacto-mundial/consultas/", {"title": "Sin objetivos", "period_start": "2025-01-01"})
    assert bad.status_code == 400
    created = st.post(
        "/pacto-mundial/consultas/",
        {
            "title": "Informe País 2025",
            "period_start": "2024-01-01",
            "period_end": "2025-12-31",
            "deadline": deadline.isoformat(),
            "objectives": ["16", "6"],
            "invited": [str(e["UCSS"].pk), str(e["MTPE"].pk)],
        },
    )
    assert created.status_code == 302, created.content.decode()[:500]
    consultation = Consultation.objects.get(title="Informe País 2025")
    url = f"/pacto-mundial/consultas/{consultation.pk}/"
    assert _login(users["ucss"]).get(url).status_code == 404  # still a draft
    assert st.post(url, {"action": "open"}).status_code == 302
    consultation.refresh_from_db()
    assert consultation.state == "open"
    assert OutboundMessage.objects.filter(kind="compact_consultation_call", recipient="fp.ucss@example.gob.pe").exists()

    ucss = _login(users["ucss"])
    page = ucss.get(url).content.decode()
    assert "Nuevo aporte de su entidad" in page
    missing = ucss.post(url, {"action": "contribute", "objective": "16"})
    assert missing.status_code == 400
    fields = {
        "objective": "16",
        "criterion": "good_practice",
        "title": "Observatorio de movilidad humana",
        "description": "Formación de agentes pastorales.",
        "results": "Cursos dictados.",
        "difficulties_challenges": "Financiamiento.",
    }
    filed = ucss.post(url, {"action": "contribute", **fields})
    assert filed.status_code == 302
    contribution = Contribution.objects.get(entity=e["UCSS"])
    c_url = f"/pacto-mundial/aportes/{contribution.pk}/"
    # The submit button sits in the edit form: it sends what is on screen.
    assert ucss.post(c_url, {"action": "submit", **fields}).status_code == 302
    assert _login(users["mtpe"]).get(c_url).status_code == 404  # another entity's
    assert ucss.post(c_url, {"action": "accept"}).status_code == 403

    st.post(c_url, {"action": "return", "observations": ""})
    contribution.refresh_from_db()
    assert contribution.state == "submitted"  # observations are required to return it
    st.post(c_url, {"action": "return", "observations": "Indique cuántos cursos."})
    contribution.refresh_from_db()
    assert contribution.state == "returned"
    assert "Indique cuántos cursos." in ucss.get(c_url).content.decode()
    corrected = {**fields, "results": "Doce cursos dictados."}
    saved = ucss.post(c_url, {"action": "save", **corrected})
    assert saved.status_code == 302
    ucss.post(c_url, {"action": "submit", **corrected})
    st.post(c_url, {"action": "accept"})
    contribution.refresh_from_db()
    assert contribution.state == "accepted" and contribution.results == "Doce cursos dictados."

    pending = st.get(url).content.decode()
    assert "MTPE" in pending.split("Entidades que aún no responden")[1]
    informe = st.get(f"/pacto-mundial/consultas/{consultation.pk}/informe-pais/")
    html = informe.content.decode()
    assert informe.status_code == 200
    assert "Área temática 5" in html and "Observatorio de movilidad humana" in html and "Doce cursos dictados." in html
    assert "Área temática 1:" not in html  # no objective of area 1 was consulted
    assert ucss.get(f"/pacto-mundial/consultas/{consultation.pk}/informe-pais/").status_code == 403

    # The ST writes the narrative of an area; each save is a version.
    informe_url = f"/pacto-mundial/consultas/{consultation.pk}/informe-pais/"
    assert st.post(informe_url, {"area": "5", "text": "La sociedad civil aportó formación."}).status_code == 302
    st.post(informe_url, {"area": "5", "text": "La sociedad civil aportó formación e investigación."})
    assert "formación e investigación" in st.get(informe_url).content.decode()
    assert InformeNarrative.objects.get(consultation=consultation, area__number=5).history.count() >= 2
    assert st.post(informe_url, {"area": "x"}).status_code == 302
    assert ucss.post(informe_url, {"area": "5", "text": "No."}).status_code == 403

    # Every contribution as XLSX (formulas quoted).
    from io import BytesIO

    from openpyxl import load_workbook

    Contribution.objects.filter(pk=contribution.pk).update(period="=HYPERLINK(1)")
    xlsx = st.get(f"/pacto-mundial/consultas/{consultation.pk}/aportes.xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2] == "Entidad" and rows[1][2] == "UCSS" and rows[1][1] == 16 and rows[1][0] == "5"
    assert rows[1][6] == "'=HYPERLINK(1)"
    assert ucss.get(f"/pacto-mundial/consultas/{consultation.pk}/aportes.xlsx").status_code == 403

    # The same through the API.
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_login(users["st"])
    sections = api.get(f"/api/v1/compact/consultations/{consultation.pk}/informe/").json()
    assert [section["area"] for section in sections] == [4, 5]
    area5 = sections[1]
    assert area5["narrative"] == "La sociedad civil aportó formación e investigación."
    row = area5["objectives"][0]
    assert row["objective"] == 16 and row["contributions"][0]["entity"] == "UCSS"
    api.force_login(users["ucss"])
    assert api.get(f"/api/v1/compact/consultations/{consultation.pk}/informe/").status_code == 403
