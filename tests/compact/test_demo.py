"""The demo: focal points and the 2025 consultation with contributions of several entities and a CSO."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from compact import demo
from compact.models import Consultation, Contribution, FocalPoint

from .helpers import world

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_the_menu_shows_the_pages():
    w = world()
    out = io.StringIO()
    demo.load(out)
    consultation = Consultation.objects.get(title=demo.TITLE)
    assert consultation.state == "open" and consultation.objectives.count() == 23
    by_entity = {c.entity.acronym: c.state for c in Contribution.objects.select_related("entity")}
    assert {"MTPE", "MIGRACIONES", "DP", "UCSS"} <= set(by_entity)
    assert by_entity["UCSS"] == "accepted"  # a CSO of the support commission
    assert set(Contribution.objects.values_list("state", flat=True)) == {"draft", "submitted", "returned", "accepted"}
    counts = (FocalPoint.objects.count(), Contribution.objects.count())
    demo.load(io.StringIO())
    assert (FocalPoint.objects.count(), Contribution.objects.count()) == counts
    assert "compact:" in out.getvalue()

    client = Client()
    client.force_login(w["users"]["st"])
    home = client.get("/").content.decode()
    assert "/pacto-mundial/" in home and "/pacto-mundial/consultas/" in home
    informe = client.get(f"/pacto-mundial/consultas/{consultation.pk}/informe-pais/").content.decode()
    assert "Observatorio de movilidad humana" in informe  # accepted
    assert "Control migratorio integrado" not in informe  # only submitted
