"""A focal point with a login who is not a designated representative files the contributions of the
entity that named them (role ``focal_point``, derived from the dated focal point row in the same
statement as every other role), and nothing more: not another entity's, not after the row ends."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from compact import services
from compact.models import FocalPoint
from mtigm.core import access
from tests.factories import members as f

from .helpers import START, api_client, objective, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = world()
    person = f.PersonFactory(user__username="fp.mtpe")
    w["focal_point"] = services.focal_point_create(
        actor=w["users"]["st"],
        entity=w["entities"]["MTPE"],
        objective=objective(6),
        person=person,
        name="",
        position="Especialista en migración laboral",
        email="fp.mtpe@example.gob.pe",
        start=START,
    )
    w["users"]["fp"] = person.user
    return w


def _open_consultation(w) -> int:
    st = api_client(w["users"]["st"])
    e = w["entities"]
    created = st.post(
        "/api/v1/compact/consultations/",
        {
            "title": "Consulta 2025",
            "period_start": "2024-01-01",
            "period_end": "2025-12-31",
            "deadline": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
            "objectives": [1, 6],
            "invited": [e["MTPE"].pk, e["MIGRACIONES"].pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert st.post(f"/api/v1/compact/consultations/{pk}/open/").status_code == 200
    return pk


def _body(consultation: int, **extra) -> dict:
    return {
        "consultation": consultation,
        "objective": 6,
        "criterion": "service",
        "title": "Ventanilla de orientación laboral",
        "description": "Atención a trabajadores extranjeros.",
        **extra,
    }


def test_the_role_comes_from_the_focal_point_row_in_the_same_query(w):
    user = w["users"]["fp"]
    with CaptureQueriesContext(connection) as queries:
        roles = access.roles_for(user)
    assert roles.roles == {access.Role.FOCAL_POINT} and roles.entity_ids == set()
    assert len(queries) == 1  # the registry's one statement tests the focal point rows too
    assert roles.focal_entity_ids == {w["entities"]["MTPE"].pk}
    # Before the row starts, and after it ends, no role.
    assert access.roles_for(user, on=START - datetime.timedelta(days=1)).roles == set()
    FocalPoint.objects.filter(pk=w["focal_point"].pk).update(end=START + datetime.timedelta(days=30))
    assert access.roles_for(user, on=START + datetime.timedelta(days=31)).roles == set()


def test_a_focal_point_files_and_submits_for_the_entity_that_named_them(w):
    consultation = _open_consultation(w)
    fp = api_client(w["users"]["fp"])
    assert fp.get(f"/api/v1/compact/consultations/{consultation}/").status_code == 200
    created = fp.post("/api/v1/compact/contributions/", _body(consultation), format="json")
    assert created.status_code == 201, created.content
    contribution = created.json()
    assert contribution["entity_acronym"] == "MTPE"
    submitted = fp.post(f"/api/v1/compact/contributions/{contribution['id']}/submit/")
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    # MTPE's representative sees it too, and the focal point sees MTPE's representative's.
    mtpe = api_client(w["users"]["mtpe"])
    assert mtpe.get(f"/api/v1/compact/contributions/{contribution['id']}/").status_code == 200
    theirs = mtpe.post("/api/v1/compact/contributions/", _body(consultation, title="Otro"), format="json").json()
    listed = fp.get("/api/v1/compact/contributions/").json()["results"]
    assert {row["id"] for row in listed} == {contribution["id"], theirs["id"]}


def test_a_focal_point_reaches_nothing_of_another_entity(w):
    consultation = _open_consultation(w)
    migraciones = api_client(w["users"]["migraciones"])
    theirs = migraciones.post("/api/v1/compact/contributions/", _body(consultation), format="json").json()
    fp = api_client(w["users"]["fp"])
    assert fp.get(f"/api/v1/compact/contributions/{theirs['id']}/").status_code == 404
    refused = fp.post(
        "/api/v1/compact/contributions/",
        _body(consultation, entity=w["entities"]["MIGRACIONES"].pk),
        format="json",
    )
    assert refused.status_code == 403
    assert "puntos focales" in refused.json()["detail"]
    # Nor may they name focal points or run the consultation.
    assert fp.post(f"/api/v1/compact/consultations/{consultation}/close/").status_code == 403


def test_an_ended_focal_point_files_no_more(w):
    consultation = _open_consultation(w)
    services.focal_point_end(
        actor=w["users"]["st"], focal_point=w["focal_point"], end=timezone.localdate() - datetime.timedelta(days=1)
    )
    fp = api_client(w["users"]["fp"])
    assert fp.get(f"/api/v1/compact/consultations/{consultation}/").status_code == 403
    assert fp.post("/api/v1/compact/contributions/", _body(consultation), format="json").status_code == 403


def test_the_consultation_page_offers_the_form_to_the_focal_point(w):
    consultation = _open_consultation(w)
    client = api_client(w["users"]["fp"])
    page = client.get(f"/pacto-mundial/consultas/{consultation}/")
    assert page.status_code == 200
    assert b'name="action" value="contribute"' in page.content
