"""The working groups' public pages show the year's plan products with their progress, in the same
number of queries however many products the plan holds; a draft plan never shows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.workplans.helpers import approved_plan, world
from workplans import services
from workplans.models import PlanLine

pytestmark = pytest.mark.django_db


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries.captured_queries)


def test_the_groups_products_read_in_a_constant_number_of_queries(client, django_assert_num_queries, monkeypatch):
    # The pages as they render, not as the anonymous cache (tests/portal/test_public_cache.py) serves them.
    monkeypatch.setattr("portal.cache.cacheable", lambda request: False)
    w = world()
    plan = approved_plan(w)
    urls = [reverse("portal:groups"), reverse("portal:group", args=[4]), reverse("portal:group", args=[1])]
    page = client.get(urls[1]).content.decode()
    assert "Producto 4.1 [3, 6]" in page and "Producto 4.2 [12]" in page and "Producto 1.1" not in page
    small = [_count(client, url) for url in urls]
    version = plan.current_version
    subgroup = w["subgroups"]["4.2"]
    for n in range(20):
        line = PlanLine.objects.create(
            version=version,
            key=f"extra-{n}",
            position=100 + n,
            subgroup=subgroup,
            lead_entity=w["entities"]["MIGRACIONES"],
            theme=f"Tema extra {n}",
            product=f"Producto extra {n}",
            months=[12],
        )
        line.entities.add(w["entities"]["MTPE"])
    for url, count in zip(urls, small, strict=True):
        with django_assert_num_queries(count):
            client.get(url)
    assert "Producto extra 19" in client.get(urls[1]).content.decode()


def test_a_draft_plan_never_shows(client):
    w = world()
    plan = services.plan_create(actor=w["users"]["st"], year=2015)
    services.line_save(
        actor=w["users"]["st"],
        version=plan.current_version,
        subgroup=w["subgroups"]["4.1"],
        lead_entity=w["entities"]["MININTER"],
        months=[3],
        theme="Tema en borrador",
        product="Producto en borrador",
    )
    page = client.get(reverse("portal:group", args=[4])).content.decode()
    assert "Producto en borrador" not in page
    assert "Aún no hay un plan de trabajo aprobado." in page
