"""Calling a session with the broker down versus up: p95 and median latency ratios, in one run (B7).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mtigm_broker_bench .venv/bin/python bench/broker_down.py

Builds a throwaway test database (Django's test runner machinery) with a commission of 15 member
entities, a titular and an alternate each: calling a session queues 30 messages, as the demo does.
Each sample is the Secretaría Técnica calling a fresh draft session through the real API view
(``POST /api/v1/sessions/{id}/call/`` with the test client, outside any test transaction, so the
service's transaction really commits and its after-commit publishing runs inside the timed request).

Three brokers, interleaved sample by sample (up, refused, silent, up, ...):

- up: the real Redis at ``BENCH_REDIS_URL`` (default ``redis://127.0.0.1:6379/12``), which is
  flushed at the end;
- refused: a loopback port nobody listens on (the connection is refused at once);
- silent: a loopback port whose listener (a thread of this script) accepts and never answers.

Each broker is measured in two states of the per-process breaker of ``mtigm.core.dispatch``:

- cold: the breaker is reset before the call, as a process sees the broker when it last heard of it
  long ago. This is the realistic state for calling a session: a rare action, almost never within
  ``BROKER_BACKOFF_SECONDS`` of another publish of the same process, so each call pays one probe;
- warm: the breaker keeps what the previous call of the same broker taught it (down: still open,
  no probe; up: still vouched for when within ``HEALTHY_FOR_SECONDS``). This is the steady state of
  a busy process during an outage.

It prints, per state, the p95 and median of each broker and the ratios down/up (refused/up,
silent/up). A ratio near 1 means a broker outage costs a request nothing it would not pay anyway.
``BENCH_SAMPLES`` (default 40) sets the number of samples per broker and state. Not run by the tests.
"""

from __future__ import annotations

import datetime
import logging
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mtigm.settings.test")

import django  # noqa: E402

django.setup()

from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

# The same throwaway brokers as the tests (a silent one; pointing Celery at another broker).
from tests.core.smtp import free_port  # noqa: E402
from tests.sessions.redis_broker import SilentListener, use_broker  # noqa: E402

SAMPLES = int(os.environ.get("BENCH_SAMPLES", "40"))
REDIS_UP = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
MEMBERS = 15  # a titular and an alternate each: 30 messages per call


class BreakerState:
    """What the breaker of ``mtigm.core.dispatch`` knows, saved per broker between its samples."""

    def __init__(self) -> None:
        self.down_until = 0.0
        self.healthy_until = 0.0

    def save(self) -> None:
        from mtigm.core.dispatch import breaker

        self.down_until, self.healthy_until = breaker.down_until, breaker.healthy_until

    def restore(self) -> None:
        from mtigm.core.dispatch import breaker

        breaker.down_until, breaker.healthy_until = self.down_until, self.healthy_until


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def report(timings: dict[tuple[str, str], list[float]], brokers: list[str], addressees: int, reached: int) -> None:
    print(f"calling a session with {addressees} addressees, {SAMPLES} samples per broker and breaker state")
    print(f"(the silent listener was connected to {reached} times)")
    for state in ("cold", "warm"):
        up = timings[("up", state)]
        print(f"\nbreaker {state}:")
        for name in brokers:
            values = timings[(name, state)]
            print(
                f"  {name:8} p95 {p95(values) * 1000:8.1f} ms   median {statistics.median(values) * 1000:8.1f} ms"
                f"   max {max(values) * 1000:8.1f} ms"
            )
        for name in ("refused", "silent"):
            values = timings[(name, state)]
            print(
                f"  {name}/up: p95 ratio {p95(values) / p95(up):.2f}, "
                f"median ratio {statistics.median(values) / statistics.median(up):.2f}"
            )


def main() -> None:
    from django.test.utils import get_runner
    from rest_framework.test import APIClient

    from mtigm.core.models import OutboundMessage
    from tests.sessions.conftest import build_commission, draft_session

    # The dispatch warnings are written as in production, to a stream nobody reads.
    devnull = open(os.devnull, "w")  # noqa: SIM115 - open for the whole run
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(devnull)

    setup_test_environment()
    runner = get_runner(django.conf.settings)(verbosity=0, interactive=False)
    started = time.perf_counter()
    # Nothing here needs the serialized copy of the database that test cases roll back to.
    old = runner.setup_databases(serialized_aliases=set())
    print(f"test database ready in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    listener = SilentListener()
    brokers = {
        "up": REDIS_UP,
        "refused": f"redis://127.0.0.1:{free_port()}/0",
        "silent": listener.url,
    }
    timings: dict[tuple[str, str], list[float]] = {(b, s): [] for b in brokers for s in ("cold", "warm")}
    try:
        commission = build_commission(size=MEMBERS)
        client = APIClient()
        client.force_authenticate(commission.st)
        day = [timezone.localdate() + datetime.timedelta(days=30)]

        def call_once(url: str, before: BreakerState | None) -> float:
            day[0] += datetime.timedelta(days=1)
            session = draft_session(commission, day=day[0])
            use_broker(url, reset_breaker=False)
            if before is None:
                from mtigm.core.dispatch import breaker

                breaker.reset()
            else:
                before.restore()
            started = time.perf_counter()
            response = client.post(f"/api/v1/sessions/{session.pk}/call/", format="json")
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, response.content
            if before is not None:
                before.save()
            return elapsed

        # Warm-up: templates, URL resolvers and the Redis connection pool, not measured.
        for _ in range(3):
            call_once(REDIS_UP, None)
        addressees = OutboundMessage.objects.filter(kind="session_call").count() // 3
        assert addressees >= 2 * MEMBERS, addressees
        warm_states = {name: BreakerState() for name in brokers}
        for _ in range(SAMPLES):
            for state in ("cold", "warm"):
                for name, url in brokers.items():
                    timings[(name, state)].append(call_once(url, warm_states[name] if state == "warm" else None))
        reached = len(listener.accepted)
    finally:
        listener.close()
        use_broker(REDIS_UP, reset_breaker=False)
        import redis

        redis.Redis.from_url(REDIS_UP).flushdb()
        runner.teardown_databases(old)
        devnull.close()

    report(timings, list(brokers), addressees, reached)


if __name__ == "__main__":
    main()
