"""Median latency of the list pages and list APIs with ten years of data / with one year, in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mtigm_lists_bench .venv/bin/python bench/lists.py

Figure B5 of issue 11: every list page and list API is bounded or paginated, so what a list costs
does not grow with the commission's history. The script builds a throwaway test database (Django's
test runner machinery, ``test_<name>`` of DATABASE_URL), fills it with one year of commission data
(the current one: sessions with their agenda, agreements, sent messages, changes to the registry of
one entity, the year's work plan with its lines) and a copy of it (``test_<name>_10y``, made before
the year is added) with ten years of the same, the nine before and the current one (ten times the
sessions, agreements, messages, history rows and plan lines). It then measures the median latency of each list through
Django's test client, as the Secretaría Técnica (logged in) or by API token, one request on each
database in turn, so that the machine's other load weighs on both sizes alike.

It prints, per list, the median at each size, the ratio ten years / one year (the target is at most
1.3; a list that reads its whole history shows about 10) and the number of queries at each size
(equal when the page does not run a query per row). Medians in milliseconds are printed for context
only: compare the ratios. Not run by the tests; the query counts are asserted there.
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mtigm.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

# Timed requests per list and size; the medians are compared.
REPEAT = int(os.environ.get("REPEAT", "25"))
# Sizes chosen so that one year already fills the first page of every paginated list (25 past
# sessions, 50 agreements, 50 messages, 50 history rows): the two sizes show as many rows.
SESSIONS_PER_YEAR = 36
AGENDA_ITEMS = 3
AGREEMENTS_PER_SESSION = 5
MESSAGES_PER_SESSION = 60
DESIGNATION_CHANGES_PER_YEAR = 60
LINES_PER_PLAN = 60
LAST_YEAR = timezone.localdate().year


class World:
    """What every year adds to: the entities, the groups and the entity whose history is shown."""

    def __init__(self) -> None:
        from members.models import Designation
        from tests.factories.members import SubgroupFactory, WorkingGroupFactory, member_entity, secretariat_user

        self.st = secretariat_user("bench-st")
        self.entities = [member_entity(f"E{n:02d}", start=datetime.date(2011, 7, 28)) for n in range(24)]
        self.watched = self.entities[0]
        self.subgroups = [
            SubgroupFactory(group=group, code=f"{group.number}.{s}")
            for group in [WorkingGroupFactory(number=g) for g in range(1, 5)]
            for s in range(1, 4)
        ]
        self.session_number = 0
        self.Designation = Designation


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def add_year(world: World, year: int) -> None:
    """One year of the commission: sessions, agreements, messages, registry changes, the work plan."""
    from django.contrib.contenttypes.models import ContentType
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    from decisions.models import Agreement
    from mtigm.core.models import OutboundMessage
    from sessions.models import AgendaItem, Session
    from tests.factories.members import PersonFactory
    from workplans.models import Plan, PlanLine, PlanVersion

    today = timezone.localdate()
    sessions = []
    for n in range(SESSIONS_PER_YEAR):
        day = datetime.date(year, 1 + n // 3, 3 + 9 * (n % 3))
        if day >= today:
            continue  # This year's rest is still to come: past sessions only, so every year pages the same.
        world.session_number += 1
        kind = "ordinary" if n % 4 else "extraordinary"
        sessions.append(Session(kind=kind, series=kind, number=world.session_number, starts_at=at(day), state="held"))
    sessions = Session.objects.bulk_create(sessions)
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(session=s, position=p, title=f"Punto {p} de {s.number}")
            for s in sessions
            for p in range(1, AGENDA_ITEMS + 1)
        ]
    )
    # Agreements of past years were carried out; this year's are still followed up.
    status = Agreement.Status.PENDING if year == LAST_YEAR else Agreement.Status.DONE
    Agreement.objects.bulk_create(
        [
            Agreement(
                session=s,
                number=k,
                text=f"Acuerdo {k} de la sesión {s.number}.",
                method=Agreement.Method.CONSENSUS,
                owner=world.entities[(s.number + k) % len(world.entities)],
                due_date=s.starts_at.date() + datetime.timedelta(days=60),
                status=status,
            )
            for s in sessions
            for k in range(1, AGREEMENTS_PER_SESSION + 1)
        ]
    )
    session_type = ContentType.objects.get_for_model(Session)
    messages = OutboundMessage.objects.bulk_create(
        [
            OutboundMessage(
                key=f"bench:{s.pk}:{r}",
                kind="session_call",
                recipient=f"rep{r}@example.org",
                recipient_name=f"Representante {r}",
                subject=f"Citación a la sesión {s.number}",
                body_text="Se le cita a la sesión.",
                status=OutboundMessage.Status.SENT,
                sent_at=s.starts_at,
                content_type=session_type,
                object_id=str(s.pk),
            )
            for s in sessions
            for r in range(MESSAGES_PER_SESSION)
        ]
    )
    # created_at is set on insert (auto_now_add): date the year's messages as their sessions.
    for s in sessions:
        OutboundMessage.objects.filter(key__startswith=f"bench:{s.pk}:").update(created_at=s.starts_at)
    assert messages
    # The registry's history: a titular designated for the year, whose record is then changed
    # (resolution, notification) DESIGNATION_CHANGES_PER_YEAR times, each change one history row.
    designation = world.Designation(
        entity=world.watched,
        person=PersonFactory(),
        role=world.Designation.Role.TITULAR,
        start=datetime.date(year, 1, 1),
        end=datetime.date(year, 12, 31),
        resolution_number=f"RM {year}-000",
    )
    (designation,) = bulk_create_with_history(
        [designation], world.Designation, default_date=at(datetime.date(year, 1, 2))
    )
    for change in range(1, DESIGNATION_CHANGES_PER_YEAR):
        designation.resolution_number = f"RM {year}-{change:03d}"
        bulk_update_with_history(
            [designation],
            world.Designation,
            ["resolution_number"],
            default_date=at(datetime.date(year, 1, 2) + datetime.timedelta(days=change * 5)),
        )
    plan = Plan.objects.create(year=year, state=Plan.State.PUBLISHED)
    version = PlanVersion.objects.create(plan=plan, number=1, state=PlanVersion.State.APPROVED)
    plan.current_version = version
    plan.save(update_fields=["current_version"])
    PlanLine.objects.bulk_create(
        [
            PlanLine(
                version=version,
                key=f"L{n:03d}",
                subgroup=world.subgroups[n % len(world.subgroups)],
                lead_entity=world.entities[n % len(world.entities)],
                theme=f"Tema {n}",
                product=f"Producto {n} del plan {year}",
                position=n,
                months=[1 + n % 12, 1 + (n + 3) % 12],
            )
            for n in range(LINES_PER_PLAN)
        ]
    )


def lists(world: World) -> list[tuple[str, str, dict[str, Any]]]:
    """(name, path, how): each list as its users open it, first page, default filters."""
    watched = world.watched.pk
    return [
        ("sessions page", "/sesiones/", {}),
        ("sessions API", "/api/v1/sessions/", {"token": True}),
        ("agreements page (open ones)", "/acuerdos/", {}),
        ("agreements page (all)", "/acuerdos/?estado=todos", {}),
        ("agreements API", "/api/v1/agreements/", {"token": True}),
        ("messages page", "/mensajes/", {}),
        ("registry history page", f"/registro/entidades/{watched}/historial/", {}),
        ("plan lines page (this year)", f"/planes/{LAST_YEAR}/", {}),
        ("plan lines API (this year)", f"/api/v1/workplans/plans/{LAST_YEAR}/lines/", {"token": True}),
    ]


def measure(client: Any, token: str, path: str, how: dict[str, Any]) -> tuple[float, int]:
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if how.get("token") else {}
    response = client.get(path, **headers)
    assert response.status_code == 200, (path, response.status_code)
    timings = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        client.get(path, **headers)
        timings.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        client.get(path, **headers)
    return statistics.median(timings), len(queries)


def analyze() -> None:
    """Statistics and visibility maps as autovacuum keeps them on a live database."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def use_database(name: str) -> None:
    """Point Django's connection at database ``name`` (the next query reconnects)."""
    connection.close()
    connection.settings_dict["NAME"] = name


def copy_database(source: str, target: str) -> None:
    """CREATE DATABASE ``target`` as a copy of ``source`` (nobody may be connected to ``source``)."""
    use_database("postgres")
    connection.ensure_connection()
    connection.connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
        cursor.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
    use_database(source)


def drop_database(name: str, back_to: str) -> None:
    use_database("postgres")
    connection.ensure_connection()
    connection.connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    use_database(back_to)


def timed(client: Any, path: str, headers: dict[str, str]) -> float:
    started = time.perf_counter()
    response = client.get(path, **headers)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (path, response.status_code)
    return elapsed


def main() -> None:
    from django.test import Client
    from django.test.utils import get_runner
    from knox.models import AuthToken

    setup_test_environment()
    runner = get_runner(django.conf.settings)(verbosity=0, interactive=False)
    old = runner.setup_databases()
    one_year = connection.settings_dict["NAME"]
    ten_years = f"{one_year}_10y"
    one: dict[str, list[float]] = {}
    ten: dict[str, list[float]] = {}
    queries: dict[str, dict[str, int]] = {}
    try:
        started = time.perf_counter()
        world = World()
        client = Client()
        client.force_login(world.st)
        _, token = AuthToken.objects.create(world.st)
        # Both databases start from the same commission (same user, session, token); each then gets
        # its years in the order they happen, so ids run with dates as they do in production.
        copy_database(one_year, ten_years)
        add_year(world, LAST_YEAR)
        analyze()
        use_database(ten_years)
        for year in range(LAST_YEAR - 9, LAST_YEAR + 1):
            add_year(world, year)
        analyze()
        built = time.perf_counter() - started
        # The two sizes are measured interleaved (one request on each, in turn), so that whatever else
        # the machine does weighs on both alike. Switching databases reconnects: one untimed request
        # after each switch, then the timed one.
        for name, path, how in lists(world):
            headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if how.get("token") else {}
            for database in (one_year, ten_years):
                use_database(database)
                timed(client, path, headers)
                with CaptureQueriesContext(connection) as captured:
                    timed(client, path, headers)
                queries.setdefault(name, {})[database] = len(captured)
            for _ in range(REPEAT):
                for database, times in ((one_year, one), (ten_years, ten)):
                    use_database(database)
                    timed(client, path, headers)
                    times.setdefault(name, []).append(timed(client, path, headers))
        elapsed = time.perf_counter() - started
    finally:
        drop_database(ten_years, back_to=one_year)
        runner.teardown_databases(old)
    print(f"B5: list latency with ten years of data / one year (median of {REPEAT} requests each; target <= 1.3)")
    print(f"{'list':30} {'1y ms':>7} {'10y ms':>7} {'ratio':>6} {'queries 1y':>10} {'10y':>4}")
    for name in one:
        small, large = statistics.median(one[name]), statistics.median(ten[name])
        flag = "" if large / small <= 1.3 else "  over 1.3"
        print(
            f"{name:30} {small * 1000:7.1f} {large * 1000:7.1f} {large / small:6.2f} "
            f"{queries[name][one_year]:10d} {queries[name][ten_years]:4d}{flag}"
        )
    print(f"(data built in {built:.0f} s, measured in {elapsed - built:.0f} s)")


if __name__ == "__main__":
    main()
