"""Calendar API: fields, Lima offsets, filters, paging, permissions and constant query counts."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from members.models import ApiClient
from mtigm.core.versioned import forget_local
from sessions import services
from sessions.models import AgendaItem, Session
from tests.factories.members import UserFactory

from .conftest import aware, called_session, draft_session

D = datetime.date
pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def api_client_user():
    user = UserFactory(username="calendario")
    ApiClient.objects.create(user=user, name="Portal de calendario")
    return user


def make_sessions(count: int) -> None:
    rows = [
        Session(
            kind="ordinary",
            number=n + 1,
            series="ordinary",
            starts_at=aware(D(2014, 1, 1) + datetime.timedelta(days=n)),
            state="held",
        )
        for n in range(count)
    ]
    created = Session.objects.bulk_create(rows)
    AgendaItem.objects.bulk_create(
        [AgendaItem(session=s, position=p, title=f"Punto {p}") for s in created for p in (1, 2, 3)]
    )


def test_list_has_the_calendar_fields_with_lima_offsets(commission):
    session = called_session(commission, day=D(2025, 6, 11))
    cancelled = called_session(commission, day=D(2025, 6, 25))
    services.session_cancel(actor=commission.st, session=cancelled, reason="Sin quórum previsto")
    response = api(api_client_user()).get("/api/v1/sessions/")
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["results"]}
    row = rows[session.pk]
    assert row["starts_at"] == "2025-06-11T10:00:00-05:00"
    assert row["kind"] == "ordinary" and row["extended"] is False
    assert row["number"] == 1 and row["number_roman"] == "I" and row["title"] == "I Sesión Ordinaria"
    assert row["state"] == "called" and row["notice_date"] == "2025-05-22"
    assert [i["title"] for i in row["agenda_items"]] == ["Punto 1", "Punto 2"]
    assert row["place"] == "Cancillería"
    assert {"call_pdf_url", "minutes_url", "url", "ics_url", "sequence", "updated_at"} <= set(row)
    assert rows[cancelled.pk]["state"] == "cancelled"  # cancelled sessions stay listed


def test_filters_and_modified_since(commission):
    old = called_session(commission, day=D(2025, 6, 11))
    new = called_session(commission, day=D(2025, 9, 10), extended=True)
    client = api(commission.st)
    ids = lambda r: [row["id"] for row in r.json()["results"]]  # noqa: E731
    assert ids(client.get("/api/v1/sessions/", {"start": "2025-07-01"})) == [new.pk]
    assert ids(client.get("/api/v1/sessions/", {"end": "2025-07-01"})) == [old.pk]
    assert ids(client.get("/api/v1/sessions/", {"extended": "true"})) == [new.pk]
    assert ids(client.get("/api/v1/sessions/", {"state": "called", "kind": "ordinary"})) == [old.pk, new.pk]
    Session.objects.filter(pk=old.pk).update(updated_at=aware(D(2020, 1, 1)))
    Session.objects.filter(pk=new.pk).update(updated_at=aware(D(2025, 1, 1)))
    assert ids(client.get("/api/v1/sessions/", {"modified_since": "2024-12-31T00:00:00-05:00"})) == [new.pk]
    # An agenda change marks the session as modified for calendar clients.
    services.agenda_item_propose(
        actor=commission.user("MIEMBRO1"),
        session=Session.objects.get(pk=old.pk),
        title="Nuevo",
        now=aware(D(2025, 5, 23)),
    )
    assert set(ids(client.get("/api/v1/sessions/", {"modified_since": "2024-12-31T00:00:00-05:00"}))) == {
        old.pk,
        new.pk,
    }


def test_paging(db):
    make_sessions(12)
    user = api_client_user()
    first = api(user).get("/api/v1/sessions/", {"page_size": 5}).json()
    assert first["count"] == 12 and len(first["results"]) == 5 and first["next"]


LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "calendar-api"}}


@pytest.mark.parametrize("count", [10, 500])
def test_query_count_does_not_depend_on_the_number_of_sessions(db, count, django_assert_num_queries, settings):
    # A cache in memory, so that only the page's own queries are counted (the platform's cache is a
    # table: its reads and writes would be counted too).
    settings.CACHES = LOCAL_CACHE
    make_sessions(count)
    client = api(api_client_user())
    client.get("/api/v1/sessions/", {"page_size": 500})  # warm caches (content types, rules)
    cache.clear()
    forget_local()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/sessions/", {"page_size": 500})
    assert len(response.json()["results"]) == count
    # Counted once per size; the assertion below is the same number for 10 and for 500 sessions.
    cache.clear()
    forget_local()
    with django_assert_num_queries(len(queries)):
        client.get("/api/v1/sessions/", {"page_size": 500})
    assert len(queries) == EXPECTED_LIST_QUERIES
    # The page once built is served from the cache: only the version of the calendar is asked.
    with django_assert_num_queries(1):
        assert len(client.get("/api/v1/sessions/", {"page_size": 500}).json()["results"]) == count


# The calendar's version (one aggregate), the page count, the sessions (with group and subgroup
# joined), one prefetch of all their agenda items with presenters and one of their approved
# minutes. (The client's role lookups are cached on the force-authenticated user.)
EXPECTED_LIST_QUERIES = 5


def test_calendar_answers_304_until_a_session_changes(commission):
    session = called_session(commission, day=D(2025, 6, 11))
    client = api(api_client_user())
    first = client.get("/api/v1/sessions/")
    etag = first["ETag"]
    assert first.status_code == 200 and first["Last-Modified"]
    assert client.get("/api/v1/sessions/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    # Another page or filter is another answer.
    assert client.get("/api/v1/sessions/", {"kind": "ordinary"}, HTTP_IF_NONE_MATCH=etag).status_code == 200
    # A change of the session is a new version, served at once, with the change in it.
    session.place = "Sala Grau"
    session.save()
    changed = client.get("/api/v1/sessions/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert [row["place"] for row in changed.json()["results"]] == ["Sala Grau"]
    # The call letter is stored without touching updated_at (calendar clients' modified_since):
    # the calendar's version still changes, and the link appears.
    assert changed.json()["results"][0]["call_pdf_url"] is None
    Session.objects.filter(pk=session.pk).update(call_pdf="sesiones/citacion.pdf")
    with_letter = client.get("/api/v1/sessions/", HTTP_IF_NONE_MATCH=changed["ETag"])
    assert with_letter.status_code == 200
    assert with_letter.json()["results"][0]["call_pdf_url"].endswith(f"/sesiones/{session.pk}/citacion.pdf")


def test_a_cached_calendar_is_never_served_to_someone_who_sees_less(commission):
    plain = called_session(commission, day=D(2025, 6, 11))
    extended = called_session(commission, day=D(2025, 6, 18), extended=True)
    ids = lambda r: [row["id"] for row in r.json()["results"]]  # noqa: E731
    assert ids(api(commission.st).get("/api/v1/sessions/")) == [plain.pk, extended.pk]
    # The support commissions see the extended sessions only, right after the ST's page was cached.
    assert ids(api(commission.cso_user).get("/api/v1/sessions/")) == [extended.pk]
    assert ids(api(commission.st).get("/api/v1/sessions/")) == [plain.pk, extended.pk]


def test_anonymous_and_roleless_users_are_refused(db):
    assert api().get("/api/v1/sessions/").status_code in (401, 403)
    assert api(UserFactory(username="nadie")).get("/api/v1/sessions/").status_code == 403


def test_support_representatives_see_extended_sessions_only(commission):
    plain = called_session(commission, day=D(2025, 6, 11))
    extended = called_session(commission, day=D(2025, 6, 18), extended=True)
    rows = api(commission.cso_user).get("/api/v1/sessions/").json()["results"]
    assert [r["id"] for r in rows] == [extended.pk]
    assert api(commission.cso_user).get(f"/api/v1/sessions/{plain.pk}/").status_code == 404
    # Hidden, not forbidden: what hangs from a session the support commissions do not attend is not theirs to see.
    assert api(commission.cso_user).get(f"/api/v1/sessions/{plain.pk}/quorum/").status_code == 404


def test_actions_have_the_same_permission_checks_as_the_ui(commission):
    member = api(commission.user("MIEMBRO1"))
    st = api(commission.st)
    payload = {"kind": "ordinary", "starts_at": "2030-03-20T10:00:00-05:00", "place": "Cancillería"}
    assert member.post("/api/v1/sessions/", payload, format="json").status_code == 403
    created = st.post("/api/v1/sessions/", payload, format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    assert member.post(f"/api/v1/sessions/{pk}/call/").status_code == 403
    # A member's item on a draft is a proposal; the ST's goes straight into the agenda.
    proposal = member.post(f"/api/v1/sessions/{pk}/agenda/", {"title": "Propuesta"}, format="json")
    assert proposal.status_code == 201 and proposal.json()["status"] == "proposed"
    assert (
        st.post(f"/api/v1/sessions/{pk}/agenda/", {"title": "Informe", "presenter": "RREE"}, format="json").json()[
            "status"
        ]
        == "accepted"
    )
    assert (
        api(commission.observer_user).post(f"/api/v1/sessions/{pk}/agenda/", {"title": "x"}, format="json").status_code
        == 403
    )
    called = st.post(f"/api/v1/sessions/{pk}/call/")
    assert called.status_code == 200 and called.json()["state"] == "called"
    assert member.get(f"/api/v1/sessions/{pk}/messages/").status_code == 403
    assert len(st.get(f"/api/v1/sessions/{pk}/messages/").json()) == 11
    quorum = member.get(f"/api/v1/sessions/{pk}/quorum/").json()
    assert (quorum["present"], quorum["required"], quorum["has_quorum"]) == (0, 3, False)
    # Signing in on another day is refused with a clear message.
    refused = member.post(f"/api/v1/sessions/{pk}/attendance/", {}, format="json")
    assert refused.status_code == 400 and "día de la sesión" in str(refused.json())
    assert "/api/v1/sessions/{id}/call/" in st.get("/api/v1/schema/").content.decode()


def test_late_call_answers_400_with_rule_and_citation(commission):
    session = draft_session(
        commission, day=__import__("django.utils.timezone").utils.timezone.localdate() + datetime.timedelta(days=3)
    )
    response = api(commission.st).post(f"/api/v1/sessions/{session.pk}/call/")
    assert response.status_code == 400
    body = response.json()
    assert body["rule"] == "session.notice_business_days.ordinary" and "Art. 11" in body["citation"]
    assert Session.objects.get(pk=session.pk).state == "draft"


def test_requests_api_refuses_observer_backing(commission):
    created = api(commission.user("MIEMBRO1")).post("/api/v1/session-requests/", {"subject": "OIT"}, format="json")
    assert created.status_code == 201 and len(created.json()["backings"]) == 1
    pk = created.json()["id"]
    refused = api(commission.observer_user).post(f"/api/v1/session-requests/{pk}/back/", {}, format="json")
    assert refused.status_code == 400 and "Art. 10" in refused.json()["citation"]
    assert (
        api(commission.user("MIEMBRO2")).post(f"/api/v1/session-requests/{pk}/back/", {}, format="json").status_code
        == 200
    )


def test_minutes_url_appears_once_the_minutes_are_approved(db):
    from django.urls import reverse

    from decisions.models import Minutes
    from tests.factories.members import secretariat_user

    user = secretariat_user("st-minutes")
    session = Session.objects.create(
        kind=Session.Kind.ORDINARY, number=1, starts_at=aware(datetime.date(2015, 1, 15)), state=Session.State.HELD
    )
    client = APIClient()
    client.force_authenticate(user)
    url = reverse("api:session-detail", args=[session.pk])
    assert client.get(url).json()["minutes_url"] is None
    Minutes.objects.create(session=session, state=Minutes.State.DRAFT)
    assert client.get(url).json()["minutes_url"] is None
    Minutes.objects.filter(session=session).update(
        state=Minutes.State.APPROVED, approved_at=aware(datetime.date(2015, 1, 15)), content_hash="0" * 64
    )
    assert client.get(url).json()["minutes_url"].endswith(reverse("decisions:minutes", args=[session.pk]))


def test_a_bad_filter_is_refused_and_the_browsable_api_still_renders(commission):
    called_session(commission, day=D(2025, 6, 11))
    client = api(commission.st)
    refused = client.get("/api/v1/sessions/", {"start": "ayer"})
    assert refused.status_code == 400 and "start" in refused.json()
    # The JSON answer is kept rendered; the browsable API renders the same page anew each time.
    json_body = client.get("/api/v1/sessions/").json()
    html = client.get("/api/v1/sessions/", HTTP_ACCEPT="text/html")
    assert html.status_code == 200 and html["Content-Type"].startswith("text/html")
    assert json_body["results"][0]["title"] in html.content.decode()
    assert client.get("/api/v1/sessions/").json() == json_body
