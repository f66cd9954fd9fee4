"""The OParl meeting list at 10 and at 500 public plenary sessions, in one run (issue 12).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mtigm_opendata_bench .venv/bin/python bench/open_data.py

The script builds a throwaway test database (``test_<name>`` of DATABASE_URL) with the public
portal's test commission (tests/portal/world.py), grown to 10 public plenary sessions, and measures
the OParl meeting list (a first page of 10, and one of the largest page size) anonymously through Django's test
client: the number of queries and the median latency. It then adds sessions up to 500 (in every
public state, each with an agenda item, the held ones with a public and a hidden agreement) and
measures again. The target is the same number of queries at both sizes (asserted by
tests/portal/test_oparl.py as well). The latency ratio of the page of 10 (10 meetings at both
sizes) shows what the history costs a page; the large page holds more meetings at 500 sessions,
so its time per meeting is printed instead.
"""

from __future__ import annotations

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
from django.urls import reverse  # noqa: E402

REPEAT = int(os.environ.get("REPEAT", "25"))


def measure(client, url: str, params: dict) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    assert client.get(url, params).status_code == 200
    timings = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        client.get(url, params)
        timings.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, params)
    return statistics.median(timings), len(queries)


def main() -> None:
    from django.test import Client
    from django.test.utils import get_runner

    from portal import oparl
    from sessions.models import Session
    from tests.portal.test_oparl import _bulk_sessions
    from tests.portal.world import build_world

    setup_test_environment()
    runner = get_runner(django.conf.settings)(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        world = build_world()
        public = Session.objects.exclude(state=Session.State.DRAFT)
        while public.count() < 10:
            world.grow(1)
        _bulk_sessions(max(0, 10 - public.count()))
        client = Client()
        url = reverse("opendata:meeting-list")
        cases = [
            ("first page of 10", {"limit": 10}),
            (f"first page of {oparl.MAX_PAGE_SIZE}", {"limit": oparl.MAX_PAGE_SIZE}),
        ]
        small = {name: measure(client, url, params) for name, params in cases}
        at_small = public.count()
        _bulk_sessions(500 - at_small)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        large = {name: measure(client, url, params) for name, params in cases}
        at_large = public.count()
    finally:
        runner.teardown_databases(old)
    print(f"OParl meeting list, anonymous: {at_small} vs {at_large} public plenary sessions (median of {REPEAT})")
    print(f"{'page':22} {'ms ' + str(at_small):>8} {'ms ' + str(at_large):>8} {'ratio':>6} {'queries':>8} {'':>4}")
    for name, params in cases:
        (t_small, q_small), (t_large, q_large) = small[name], large[name]
        flag = "" if q_small == q_large else "  queries differ"
        print(
            f"{name:22} {t_small * 1000:8.1f} {t_large * 1000:8.1f} {t_large / t_small:6.2f} {q_small:8d} {q_large:4d}{flag}"
        )
        if params["limit"] > 10:
            rows_small, rows_large = min(at_small, params["limit"]), min(at_large, params["limit"])
            print(
                f"{'  per meeting':22} {t_small * 1000 / rows_small:8.2f} {t_large * 1000 / rows_large:8.2f} "
                f"{(t_large / rows_large) / (t_small / rows_small):6.2f}"
            )


if __name__ == "__main__":
    main()
