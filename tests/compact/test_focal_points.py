"""Focal points: who names them, and who sees their contact data (access layer, private fields)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from rest_framework.test import APIClient

from compact.models import FocalPoint

from .helpers import focal_point, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    data = world()
    data["mtpe_point"] = focal_point(data, "MTPE", 6, "fp.mtpe@example.gob.pe", name="Ana Gamarra")
    data["ucss_point"] = focal_point(data, "UCSS", 16, "fp.ucss@example.gob.pe", name="Pilar Ortiz")
    return data


def _api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def _by_name(answer) -> dict:
    return {row["name"]: row for row in answer.json()["results"]}


def test_contact_data_only_for_the_st_and_members(w):
    users = w["users"]
    for who in ("st", "mtpe", "minsa"):
        rows = _by_name(_api(users[who]).get("/api/v1/compact/focal-points/"))
        assert rows["Ana Gamarra"]["email"] == "fp.mtpe@example.gob.pe", who
        assert rows["Pilar Ortiz"]["phone"] == "+51 1 200 0000", who
    # A support-commission representative sees names and positions, contact data only of its own entity.
    rows = _by_name(_api(users["ucss"]).get("/api/v1/compact/focal-points/"))
    assert rows["Ana Gamarra"]["position"] == "Especialista"
    assert rows["Ana Gamarra"]["email"] is None and rows["Ana Gamarra"]["phone"] is None
    assert rows["Pilar Ortiz"]["email"] == "fp.ucss@example.gob.pe"
    detail = _api(users["dp"]).get(f"/api/v1/compact/focal-points/{w['mtpe_point'].pk}/").json()
    assert detail["email"] is None
    # Anonymous visitors: no list, no page.
    assert _api().get("/api/v1/compact/focal-points/").status_code in (401, 403)
    page = Client().get("/pacto-mundial/puntos-focales/")
    assert page.status_code == 302 and "fp.mtpe" not in page.content.decode()


def test_the_page_hides_contact_data_from_a_support_representative(w):
    client = Client()
    client.force_login(w["users"]["ucss"])
    html = client.get("/pacto-mundial/puntos-focales/").content.decode()
    assert "Ana Gamarra" in html and "fp.mtpe@example.gob.pe" not in html
    assert "fp.ucss@example.gob.pe" in html
    client.force_login(w["users"]["mtpe"])
    assert "fp.mtpe@example.gob.pe" in client.get("/pacto-mundial/puntos-focales/").content.decode()


def test_representatives_manage_their_own_entity_and_the_st_all(w):
    users, entities = w["users"], w["entities"]
    body = {"entity": entities["MTPE"].pk, "objective": 5, "name": "Nuevo", "start": "2025-02-01"}
    created = _api(users["mtpe"]).post("/api/v1/compact/focal-points/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["objective"] == 5
    # Another entity's representative may not name MTPE's focal points, nor end them.
    assert _api(users["migraciones"]).post("/api/v1/compact/focal-points/", body, format="json").status_code == 403
    end_url = f"/api/v1/compact/focal-points/{w['mtpe_point'].pk}/end/"
    assert _api(users["migraciones"]).post(end_url, {"end": "2025-06-30"}, format="json").status_code == 403
    # The ST names anyone's.
    body_ucss = {"entity": entities["UCSS"].pk, "area": 5, "name": "Otro", "start": "2025-02-01"}
    assert _api(users["st"]).post("/api/v1/compact/focal-points/", body_ucss, format="json").status_code == 201
    # Ending keeps the row with its history; ending twice is a conflict; before the start, a 400.
    early = _api(users["mtpe"]).post(end_url, {"end": "2024-01-01"}, format="json")
    assert early.status_code == 400 and "end" in early.json()
    ended = _api(users["mtpe"]).post(end_url, {"end": "2025-06-30", "reason": "Cambio de cargo"}, format="json")
    assert ended.status_code == 200 and ended.json()["end"] == "2025-06-30"
    assert _api(users["mtpe"]).post(end_url, {"end": "2025-07-01"}, format="json").status_code == 409
    assert w["mtpe_point"].history.count() == 2
    current = _api(users["st"]).get("/api/v1/compact/focal-points/", {"entity": entities["MTPE"].pk, "current": True})
    assert [row["name"] for row in current.json()["results"]] == ["Nuevo"]


def test_bad_input_is_a_400(w):
    users, entities = w["users"], w["entities"]
    st = _api(users["st"])
    both = st.post(
        "/api/v1/compact/focal-points/",
        {"entity": entities["MTPE"].pk, "objective": 1, "area": 1, "name": "X", "start": "2025-01-01"},
        format="json",
    )
    assert both.status_code == 400 and "objective" in both.json()
    nameless = st.post(
        "/api/v1/compact/focal-points/",
        {"entity": entities["MTPE"].pk, "objective": 1, "start": "2025-01-01"},
        format="json",
    )
    assert nameless.status_code == 400 and "name" in nameless.json()
    assert st.post("/api/v1/compact/focal-points/", {"entity": "x"}, format="json").status_code == 400
    assert st.get("/api/v1/compact/focal-points/", {"objective": "x"}).status_code == 400
    before = st.post(
        "/api/v1/compact/focal-points/",
        {"entity": entities["MTPE"].pk, "objective": 1, "name": "X", "start": "2010-01-01"},
        format="json",
    )
    assert before.status_code == 400 and "entity" in before.json()  # not in the commission then


def test_pages_name_and_end_focal_points(w):
    users, entities = w["users"], w["entities"]
    client = Client()
    client.force_login(users["mtpe"])
    url = f"/pacto-mundial/puntos-focales/entidad/{entities['MTPE'].pk}/nuevo/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"objective": "1", "area": "1", "name": "X", "start": "2025-01-01"})
    assert bad.status_code == 400 and "no ambos" in bad.content.decode()
    done = client.post(url, {"objective": "2", "name": "Luis Díaz", "start": "2025-01-01"})
    assert done.status_code == 302
    assert FocalPoint.objects.filter(entity=entities["MTPE"], objective__number=2, name="Luis Díaz").exists()
    assert client.get(f"/pacto-mundial/puntos-focales/entidad/{entities['UCSS'].pk}/nuevo/").status_code == 403
    end = client.post(f"/pacto-mundial/puntos-focales/{w['mtpe_point'].pk}/termino/", {"end": "2025-05-31"})
    assert end.status_code == 302
    w["mtpe_point"].refresh_from_db()
    assert w["mtpe_point"].end == datetime.date(2025, 5, 31)


def test_the_st_sees_objectives_without_a_focal_point(w):
    client = Client()
    client.force_login(w["users"]["st"])
    html = client.get("/pacto-mundial/puntos-focales/cobertura/").content.decode()
    assert "Recopilar y utilizar datos" in html  # objective 1 has none
    assert "Facilitar la contratación equitativa" not in html  # objective 6 has MTPE's
    coverage = _api(w["users"]["st"]).get("/api/v1/compact/focal-points/coverage/").json()
    assert 6 not in coverage["objectives_without"] and 1 in coverage["objectives_without"]
    assert len(coverage["objectives_without"]) == 21
    client.force_login(w["users"]["mtpe"])
    assert client.get("/pacto-mundial/puntos-focales/cobertura/").status_code == 403
