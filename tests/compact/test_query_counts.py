"""Lists cost the same number of queries for 2 rows as for 20 (API and pages)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from compact import services
from compact.models import Consultation, Contribution, FocalPoint, Objective
from tests.factories import members as f

from .helpers import START, world

pytestmark = pytest.mark.django_db


def _grow(w: dict, n: int) -> None:
    """Up to ``n`` focal points, consultations and contributions, spread over entities."""
    entities = list(w["entities"].values())
    objectives = list(Objective.objects.order_by("number"))
    while FocalPoint.objects.count() < n:
        i = FocalPoint.objects.count()
        FocalPoint.objects.create(
            entity=entities[i % len(entities)],
            objective=objectives[i % 23],
            name=f"P{i}",
            email=f"p{i}@x.pe",
            start=START,
        )
    while Consultation.objects.count() < n:
        consultation = services.consultation_create(
            actor=w["users"]["st"],
            title=f"Consulta {Consultation.objects.count()}",
            period_start=START,
            period_end=START,
            deadline=START,
            objectives=objectives[:3],
            invited=entities,
        )
        Consultation.objects.filter(pk=consultation.pk).update(state="open")
    first = Consultation.objects.order_by("pk").first()
    while Contribution.objects.count() < n:
        i = Contribution.objects.count()
        contribution = Contribution.objects.create(
            consultation=first,
            entity=w["entities"]["MTPE"],
            objective=objectives[i % 3],
            criterion="norm",
            title=f"Aporte {i}",
            description="…",
        )
        contribution.agreements.set([])


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(url)
    assert answer.status_code == 200, (url, answer.status_code)
    return len(queries)


URLS = [
    "/api/v1/compact/focal-points/",
    "/api/v1/compact/consultations/",
    "/api/v1/compact/contributions/",
    "/api/v1/compact/objectives/",
    "/pacto-mundial/puntos-focales/",
    "/pacto-mundial/consultas/",
    "/pacto-mundial/",
]


@pytest.mark.parametrize("who", ["st", "mtpe", "ucss"])
def test_lists_are_constant_in_queries(who, django_assert_max_num_queries):
    w = world()
    user = w["users"][who]
    api, page = APIClient(), Client()
    api.force_login(user)
    page.force_login(user)
    _grow(w, 2)
    small = {url: _count(api if "/api/" in url else page, url) for url in URLS}
    print(f"queries as {who} (2 rows, then asserted for 20):", small)  # for the closing note
    _grow(w, 20)
    for url in URLS:
        client = api if "/api/" in url else page
        with django_assert_max_num_queries(small[url]):
            assert client.get(url).status_code == 200
    assert max(small.values()) <= 20


def test_the_consultation_page_and_informe_are_constant_in_queries(django_assert_max_num_queries):
    w = world()
    st = Client()
    st.force_login(w["users"]["st"])
    _grow(w, 2)
    Contribution.objects.update(state="accepted")
    first = Consultation.objects.order_by("pk").first()
    contribution = Contribution.objects.order_by("pk").first()
    urls = [
        f"/pacto-mundial/consultas/{first.pk}/",
        f"/pacto-mundial/consultas/{first.pk}/informe-pais/",
        f"/pacto-mundial/aportes/{contribution.pk}/",
        f"/pacto-mundial/consultas/{first.pk}/aportes.xlsx",
    ]
    small = {url: _count(st, url) for url in urls}
    print("queries as the ST (2 rows, then asserted for 20):", small)  # for the closing note
    _grow(w, 20)
    Contribution.objects.update(state="accepted")
    for i in range(5):
        first.invited.add(f.member_entity(f"EXTRA{i}"))
    answers = {}
    for url in urls:
        with django_assert_max_num_queries(small[url]):
            answers[url] = st.get(url)
        assert answers[url].status_code == 200
    assert answers[urls[1]].content.decode().count("Aporte ") >= 20  # the Informe País lists them all
