"""Time per listed session of GET /api/v1/sessions/ at 10 and at 500 sessions, in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mtigm_bench .venv/bin/python bench/sessions_calendar.py

Builds a throwaway test database (Django's test runner machinery), fills it with 10 and then 500
sessions of three agenda items each, and prints the mean time per request and per listed session.
A ratio near 1 (or below) means the list scales linearly with no per-row queries. Not run by the tests.
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mtigm.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

REPEAT = 7


def fill(count: int) -> None:
    from sessions.models import AgendaItem, Session

    AgendaItem.objects.all().delete()
    Session.objects.all().delete()
    start = timezone.make_aware(datetime.datetime.combine(datetime.date(2014, 1, 1), datetime.time(10)))
    sessions = Session.objects.bulk_create(
        [
            Session(
                kind="ordinary",
                series="ordinary",
                number=n + 1,
                starts_at=start + datetime.timedelta(days=n),
                state="held",
            )
            for n in range(count)
        ]
    )
    AgendaItem.objects.bulk_create(
        [AgendaItem(session=s, position=p, title=f"Punto {p}") for s in sessions for p in (1, 2, 3)]
    )


def measure(client, count: int) -> tuple[float, int]:
    fill(count)
    client.get("/api/v1/sessions/", {"page_size": 500})
    timings = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        response = client.get("/api/v1/sessions/", {"page_size": 500})
        timings.append(time.perf_counter() - started)
        assert len(response.json()["results"]) == count
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/sessions/", {"page_size": 500})
    return statistics.median(timings), len(queries)


def main() -> None:
    from django.test.utils import get_runner
    from rest_framework.test import APIClient

    from members.models import ApiClient
    from tests.factories.members import UserFactory

    setup_test_environment()
    runner = get_runner(django.conf.settings)(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        user = UserFactory(username="bench")
        ApiClient.objects.create(user=user, name="bench")
        client = APIClient()
        client.force_authenticate(user)
        small, small_queries = measure(client, 10)
        large, large_queries = measure(client, 500)
    finally:
        runner.teardown_databases(old)
    per_small, per_large = small / 10, large / 500
    print(f"10 sessions:  {small * 1000:8.1f} ms/request, {per_small * 1000:.3f} ms/session, {small_queries} queries")
    print(f"500 sessions: {large * 1000:8.1f} ms/request, {per_large * 1000:.3f} ms/session, {large_queries} queries")
    print(f"time per listed session, 500 vs 10: {per_large / per_small:.3f}")


if __name__ == "__main__":
    main()
