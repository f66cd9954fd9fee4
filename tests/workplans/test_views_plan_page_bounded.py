"""The plan page stays the same size as the commission's sessions pile up: its form offers only the
plenary sessions of the plan's years, and the page runs the same queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sessions.models import Session
from workplans.forms import PlenaryDecisionForm

from .helpers import approved_plan, world

pytestmark = pytest.mark.django_db


def add_sessions(years: range, per_year: int = 6) -> None:
    number = Session.objects.count() + 1
    for year in years:
        for n in range(per_year):
            day = datetime.date(year, 1 + 2 * n, 10)
            starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
            Session.objects.create(kind=Session.Kind.ORDINARY, number=number, starts_at=starts_at, state="held")
            number += 1


def test_the_decision_form_offers_the_plenaries_of_the_plans_years_only():
    plan = approved_plan(world(), 2015)
    add_sessions(range(2012, 2019), per_year=2)
    years = {session.starts_at.year for session in PlenaryDecisionForm(plan=plan).fields["session"].queryset}
    assert years == {2014, 2015, 2016}
    outside = Session.objects.filter(starts_at__year=2012).first()
    form = PlenaryDecisionForm({"on": "2015-01-20", "session": outside.pk}, plan=plan)
    assert not form.is_valid() and "session" in form.errors


def test_the_plan_page_runs_the_same_queries_with_more_years_of_sessions(client):
    w = world()
    plan = approved_plan(w, 2015)
    client.force_login(w["users"]["st"])
    add_sessions(range(2014, 2017))
    url = f"/planes/{plan.year}/"
    client.get(url)  # The first request of a session fills caches.

    def page():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return response.content.decode(), len(queries)

    html, short = page()
    add_sessions(range(2017, 2025))
    later, long = page()
    assert long == short
    assert later.count("<option") == html.count("<option")


def test_the_list_of_plans_runs_the_same_queries_for_two_plans_and_for_ten(client):
    from workplans import services

    w = world()
    st = w["users"]["st"]
    client.force_login(st)
    for year in (2015, 2016):
        services.plan_create(actor=st, year=year)
    client.get("/planes/")  # The first request of a session fills caches.

    def page():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/planes/")
        assert response.status_code == 200
        return response.content.decode(), len(queries)

    html, short = page()
    for year in range(2017, 2025):
        services.plan_create(actor=st, year=year)
    later, long = page()
    # Each plan's milestones are business days: their calendars share one read of the recorded days.
    assert long == short
    assert "2024" in later and "2024" not in html
