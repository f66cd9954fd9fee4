"""The portal's open data (OParl 1.1 JSON and CSV), as an anonymous client reads it: every object
answers with its type and its own URL, links lead to objects that answer, lists page and filter by
date, a bad parameter is a 400 JSON error, and what the public pages do not show (a draft session,
an acta not approved, an agreement not marked public, people's e-mail and phone) never appears."""

from __future__ import annotations

import csv
import datetime
import io
import json
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from decisions.models import Agreement
from members.models import Person
from portal import oparl
from sessions.models import AgendaItem, Session
from tests.portal.world import DRAFT_MARKER, HIDDEN_AGREEMENT, PortalWorld, build_world

pytestmark = pytest.mark.django_db
SCHEMA = "https://schema.oparl.org/1.1/"


@pytest.fixture
def world() -> PortalWorld:
    return build_world()


def _get(client: Any, url: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _links(value: Any) -> list[str]:
    """Every URL of the open data an object links to (fragments and portal pages left out)."""
    found: list[str] = []
    if isinstance(value, dict):
        for item in value.values():
            found += _links(item)
    elif isinstance(value, list):
        for item in value:
            found += _links(item)
    elif isinstance(value, str) and value.startswith("http://testserver/publico/oparl/") and "#" not in value:
        found.append(value)
    return found


def _crawl(client: Any) -> dict[str, Any]:
    """Every object reachable from the system object, by URL (lists followed page by page)."""
    seen: dict[str, Any] = {}
    queue = [reverse("opendata:system")]
    while queue:
        url = _path(queue.pop())
        if url in seen:
            continue
        seen[url] = data = _get(client, url)
        if "data" in data:
            objects = data["data"]
            queue += list(data["links"].values())
        else:
            objects = [data]
        for obj in objects:
            assert obj["type"].startswith(SCHEMA)
            seen.setdefault(_path(obj["id"]), obj)
            queue += _links(obj)
    return seen


def test_every_object_answers_with_its_type_and_url_and_its_links_resolve(client, world):
    seen = _crawl(client)
    types = {obj["type"].removeprefix(SCHEMA) for obj in seen.values() if "type" in obj}
    assert types >= {"System", "Body", "Organization", "Person", "Membership", "Meeting", "AgendaItem", "Paper", "File"}
    for url, obj in seen.items():
        if "type" not in obj:
            continue
        # An object embedded in a list answers at its own URL with the same content.
        own = _get(client, _path(obj["id"]))
        assert own["id"] == obj["id"] and own["type"] == obj["type"], url
    meeting = _get(client, reverse("opendata:meeting", args=[world.corrected_session.pk]))
    assert meeting["type"] == SCHEMA + "Meeting"
    assert meeting["id"] == "http://testserver" + reverse("opendata:meeting", args=[world.corrected_session.pk])


def test_nothing_the_portal_hides_reaches_the_open_data(client, world):
    # The hidden agreement and a public one were adopted under the same item: only the public one
    # is the item's resolution.
    item = AgendaItem.objects.create(session=world.corrected_session, position=1, title="Punto con acuerdos")
    Agreement.objects.filter(pk__in=[world.hidden_agreement.pk, world.shown_agreement.pk]).update(agenda_item=item)
    seen = _crawl(client)
    resolution = _get(client, reverse("opendata:agendaitem", args=[item.pk]))["resolutionText"]
    assert resolution == "2. Acuerdo publicado"
    text = json.dumps(seen, ensure_ascii=False)
    csvs = "".join(client.get(reverse("opendata:csv", args=[name])).content.decode() for name in oparl.DATASETS)
    for blob in (text, csvs):
        assert DRAFT_MARKER not in blob
        assert HIDDEN_AGREEMENT not in blob
        assert "Tema de un borrador de citación" not in blob
        for person in Person.objects.all():
            if person.email:
                assert person.email not in blob
            if person.phone:
                assert person.phone not in blob
    meetings = {obj["id"] for obj in seen.values() if obj.get("type") == SCHEMA + "Meeting"}
    draft = "http://testserver" + reverse("opendata:meeting", args=[world.draft_session.pk])
    assert draft not in meetings
    # The unapproved acta's session is public, without any protocol; the corrected session's PDF
    # records an agreement that is not public, so the portal does not serve it: no File either.
    for session in (world.unapproved_session, world.corrected_session):
        obj = _get(client, reverse("opendata:meeting", args=[session.pk]))
        assert obj["verbatimProtocol"] is None
    for url in (
        reverse("opendata:meeting", args=[world.draft_session.pk]),
        reverse("opendata:paper", args=[world.hidden_agreement.pk]),
        reverse("opendata:file", args=[world.draft_acta.pk]),
        reverse("opendata:file", args=[world.correction.pk]),
        reverse("opendata:file", args=[world.approved_acta.pk]),
        reverse("opendata:agendaitem", args=[AgendaItem.objects.get(session=world.draft_session).pk]),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == 404


def test_a_public_acta_pdf_is_a_file_the_portal_serves(client, world):
    session = (
        Session.objects.filter(state=Session.State.HELD, minutes__state="approved", agreements__public=True)
        .exclude(pk=world.corrected_session.pk)
        .first()
    )
    meeting = _get(client, reverse("opendata:meeting", args=[session.pk]))
    protocol = meeting["verbatimProtocol"]
    assert protocol["type"] == SCHEMA + "File"
    assert client.get(_path(protocol["accessUrl"])).status_code == 200
    assert _get(client, _path(protocol["id"]))["accessUrl"] == protocol["accessUrl"]
    paper = Agreement.objects.get(session=session)
    item = AgendaItem.objects.get(session=session)
    paper.agenda_item = item
    paper.save()
    obj = _get(client, reverse("opendata:agendaitem", args=[item.pk]))
    assert obj["resolutionText"] == f"1. {paper.text}"
    assert obj["mtigm:paper"] == ["http://testserver" + reverse("opendata:paper", args=[paper.pk])]


def test_lists_page_and_filter_by_modification(client, world):
    url = reverse("opendata:meeting-list")
    total = _get(client, url)["pagination"]["totalElements"]
    assert total == Session.objects.exclude(state=Session.State.DRAFT).count()
    first = _get(client, url + "?limit=2")
    assert first["pagination"] == {
        "totalElements": total,
        "elementsPerPage": 2,
        "currentPage": 1,
        "totalPages": -(-total // 2),
    }
    assert len(first["data"]) == 2 and "prev" not in first["links"]
    second = _get(client, _path(first["links"]["next"]))
    assert second["pagination"]["currentPage"] == 2 and "limit=2" in first["links"]["next"]
    assert {m["id"] for m in first["data"]}.isdisjoint({m["id"] for m in second["data"]})
    last = _get(client, _path(first["links"]["last"]))
    assert "next" not in last["links"] and len(last["data"]) == total - 2 * (last["pagination"]["totalPages"] - 1)

    later = timezone.now() + datetime.timedelta(minutes=1)
    Session.objects.filter(pk=world.unapproved_session.pk).update(updated_at=later + datetime.timedelta(minutes=1))
    since = later.isoformat()
    changed = client.get(url, {"modified_since": since}).json()
    assert [m["id"] for m in changed["data"]] == [
        "http://testserver" + reverse("opendata:meeting", args=[world.unapproved_session.pk])
    ]
    assert "modified_since" in changed["links"]["first"]
    assert client.get(url, {"modified_until": since}).json()["pagination"]["totalElements"] == total - 1


@pytest.mark.parametrize(
    "query",
    [
        {"page": "abc"},
        {"page": "0"},
        {"page": "999"},
        {"limit": "-1"},
        {"limit": "100000"},
        {"modified_since": "ayer"},
        {"created_until": "2024-13-45"},
    ],
)
def test_a_bad_parameter_is_a_400_json_error(client, world, query):
    for name in ("meeting-list", "paper-list", "person-list", "organization-list"):
        response = client.get(reverse(f"opendata:{name}"), query)
        assert response.status_code == 400, (name, query)
        assert response.json()["error"]["code"] == 400


def _list_queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("opendata:meeting-list"), {"limit": 200})
    assert response.status_code == 200
    return len(queries)


def _bulk_sessions(count: int) -> None:
    """``count`` plenary sessions in every public state, each with an agenda item, the held ones
    with a public and a hidden agreement: bulk-created, as only the list's reads are measured."""
    states = [Session.State.HELD, Session.State.CALLED, Session.State.CANCELLED, Session.State.POSTPONED]
    start = timezone.now() - datetime.timedelta(days=3000)
    sessions = Session.objects.bulk_create(
        Session(
            kind=Session.Kind.ORDINARY,
            series=Session.Series.ORDINARY,
            number=10_000 + n,
            starts_at=start + datetime.timedelta(days=n),
            state=states[n % len(states)],
            place="Lima",
        )
        for n in range(count)
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(session=session, position=1, title=f"Punto {session.number}") for session in sessions
    )
    Agreement.objects.bulk_create(
        Agreement(session=item.session, agenda_item=item, number=number, text="Acuerdo", public=number == 1)
        for item in items
        if item.session.state == Session.State.HELD
        for number in (1, 2)
    )


def _list_queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("opendata:meeting-list"), {"limit": oparl.MAX_PAGE_SIZE})
    assert response.status_code == 200
    return len(queries)


def test_the_meeting_list_reads_in_the_same_number_of_queries_at_10_and_500_sessions(client, world):
    world.grow(1)
    public = Session.objects.exclude(state=Session.State.DRAFT)
    assert public.count() >= 10
    small = _list_queries(client)
    _bulk_sessions(500 - public.count())
    assert public.count() == 500
    assert _list_queries(client) == small


def test_csv_downloads_have_a_header_and_one_row_per_public_object(client, world):
    for name, columns in oparl.CSV_COLUMNS.items():
        response = client.get(reverse("opendata:csv", args=[name]))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
        assert rows[0] == [header for header, _key in columns]
        total = _get(client, reverse(f"opendata:{name}-list"))["pagination"]["totalElements"]
        assert len(rows) - 1 == total, name
        assert len({row[0] for row in rows[1:]}) == total, name
    agreements = client.get(reverse("opendata:csv", args=["paper"])).content.decode("utf-8")
    assert "Acuerdo publicado" in agreements
    assert client.get("/publico/datos/inexistente.csv").status_code == 404


def test_the_open_data_page_lists_the_datasets_and_the_entry_point(client, world):
    response = client.get(reverse("opendata:open-data"))
    assert response.status_code == 200
    page = response.content.decode()
    for name in oparl.DATASETS:
        assert reverse("opendata:csv", args=[name]) in page
    assert reverse("opendata:system") in page
    assert "<script" not in page
