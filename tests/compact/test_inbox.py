"""The home page's inbox for the consultation: what an invited entity's representatives and focal
points still owe, and what waits for the ST; the same queries with little and much pending."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from compact import indicators, services
from compact.models import Consultation, Objective
from tests.factories import members as f

from .helpers import START, objective, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = world()
    person = f.PersonFactory(user__username="fp.mtpe")
    services.focal_point_create(
        actor=w["users"]["st"], entity=w["entities"]["MTPE"], objective=objective(6), person=person, start=START
    )
    w["users"]["fp"] = person.user
    return w


def _open(w, title: str = "Consulta 2025") -> Consultation:
    consultation = services.consultation_create(
        actor=w["users"]["st"],
        title=title,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        deadline=timezone.localdate() + datetime.timedelta(days=5),
        objectives=list(Objective.objects.filter(number__in=[6, 7])),
        invited=[w["entities"]["MTPE"], w["entities"]["MIGRACIONES"]],
    )
    return services.consultation_open(actor=w["users"]["st"], consultation=consultation)


def _sections(client, user) -> dict[str, list[str]]:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return {s.key: [item.label for item in s.items] for s in response.context["inbox"]}


def test_an_invited_entity_is_reminded_until_it_answers(w, client):
    consultation = _open(w)
    for user in ("fp", "mtpe"):
        sections = _sections(client, w["users"][user])
        assert sections["compact_consultations_to_answer"] == [consultation.title]
    # A draft: still to answer, and the draft is listed to be sent.
    contribution = services.contribution_create(
        actor=w["users"]["fp"],
        consultation=consultation,
        objective=objective(6),
        criterion="service",
        title="Ventanilla",
        description="Atención",
    )
    sections = _sections(client, w["users"]["fp"])
    assert sections["compact_contributions_to_send"] == ["MTPE — Ventanilla"]
    assert "compact_consultations_to_answer" in sections
    # Sent: nothing left for the entity; the ST has it to review.
    services.contribution_submit(actor=w["users"]["fp"], contribution=contribution)
    sections = _sections(client, w["users"]["fp"])
    assert "compact_consultations_to_answer" not in sections and "compact_contributions_to_send" not in sections
    assert _sections(client, w["users"]["st"])["compact_contributions_to_review"] == ["MTPE — Ventanilla"]
    # Returned: back in the entity's inbox, and another entity never sees it.
    services.contribution_return(actor=w["users"]["st"], contribution=contribution, observations="Complete.")
    assert _sections(client, w["users"]["mtpe"])["compact_contributions_to_send"] == ["MTPE — Ventanilla"]
    assert "compact_contributions_to_send" not in _sections(client, w["users"]["migraciones"])
    # An entity not invited is not reminded.
    assert "compact_consultations_to_answer" not in _sections(client, w["users"]["minsa"])


def test_the_st_is_told_of_values_to_validate(w, client):
    indicator = indicators.indicator_create(
        actor=w["users"]["st"],
        name="Inspecciones",
        objective=objective(6),
        unit="inspecciones",
        baseline_value=Decimal(1),
        baseline_year=2020,
        target_value=Decimal(2),
        target_year=2026,
        responsible_entity=w["entities"]["MTPE"],
    )
    value = indicators.indicator_value_save(actor=w["users"]["fp"], indicator=indicator, year=2024, value=Decimal(5))
    assert "compact_values_to_validate" not in _sections(client, w["users"]["st"])
    indicators.indicator_value_submit(actor=w["users"]["fp"], indicator_value=value)
    assert _sections(client, w["users"]["st"])["compact_values_to_validate"] == ["Inspecciones (2024)"]


@pytest.mark.parametrize("user", ["fp", "st"])
def test_the_same_queries_with_little_and_much_pending(w, client, user, django_assert_max_num_queries):
    consultation = _open(w)
    services.contribution_create(
        actor=w["users"]["mtpe"],
        consultation=consultation,
        objective=objective(6),
        criterion="norm",
        title="A",
        description="B",
    )
    client.force_login(w["users"][user])
    client.get(reverse("home"))  # warm the process-wide caches (menu, providers)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("home"))
    for number in range(14):
        more = _open(w, title=f"Consulta {number}")
        created = services.contribution_create(
            actor=w["users"]["mtpe"],
            consultation=more,
            objective=objective(7),
            criterion="norm",
            title=f"C{number}",
            description="D",
        )
        if number % 2:
            services.contribution_submit(actor=w["users"]["mtpe"], contribution=created)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("home"))
    assert any(s.more for s in response.context["inbox"])
