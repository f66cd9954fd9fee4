"""The rules the access layer encodes, tried on every surface: pages, API, files and exports agree.

- Support-commission representatives see only extended sessions and what hangs from them: agenda
  documents, attendance, ballots, roll-calls, agreements, minutes and their files.
- Representatives' personal contact data is visible only to the Secretaría Técnica and to the
  person: in pages, API fields and exports alike.
- The API client reads the calendar and the registry's public fields, and writes nothing.
- Hidden objects answer 404, visible ones the user may not act on 403; a malformed id is a 404.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from mtigm.core.access.matrix import matrix

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def page(user):
    client = Client()
    client.force_login(user)
    return client


# Support commissions ------------------------------------------------------------------------------


def test_support_representative_sees_extended_sessions_and_what_hangs_from_them_only(world):
    support, member = world.users["support"], world.users["member_titular"]
    plain, extended = world.ballot, world.extended_ballot
    assert not world.session.extended and world.extended_session.extended

    ids = [row["id"] for row in api(support).get("/api/v1/sessions/?page_size=500").json()["results"]]
    assert world.extended_session.pk in ids and world.session.pk not in ids
    assert [row["id"] for row in api(support).get("/api/v1/ballots/").json()["results"]] == [extended.pk]
    assert {row["id"] for row in api(member).get("/api/v1/ballots/").json()["results"]} == {plain.pk, extended.pk}

    for url in (
        f"/api/v1/ballots/{plain.pk}/",
        f"/api/v1/ballots/{plain.pk}/roll-call/",
        f"/api/v1/ballots/{plain.pk}/progress/",
        f"/api/v1/minutes/{world.minutes.pk}/",
        f"/api/v1/agreements/{world.agreement.pk}/",
        f"/api/v1/sessions/{world.session.pk}/attendance/",
    ):
        assert api(support).get(url).status_code == 404, url
        assert api(member).get(url).status_code in (200, 409), url  # 409: no roll-call before closing
    assert api(support).get(f"/api/v1/ballots/{extended.pk}/").status_code == 200
    assert api(support).get("/api/v1/minutes/").json()["results"] == []
    agreements = api(support).get("/api/v1/agreements/").json()["results"]
    assert all(row["session"] == world.extended_session.pk for row in agreements)

    for url in (
        f"/acuerdos/votacion/{plain.pk}/",
        f"/acuerdos/votacion/{plain.pk}/en-vivo/",
        f"/acuerdos/sesion/{world.session.pk}/",
        f"/acuerdos/actas/sesion/{world.held_session.pk}/",
        f"/acuerdos/actas/{world.minutes.pk}/pdf/",
        f"/acuerdos/acuerdo/{world.agreement.pk}/",
        f"/sesiones/{world.session.pk}/",
        f"/sesiones/documentos/{world.document.pk}/",
        f"/sesiones/{world.session.pk}/citacion.pdf",
    ):
        assert page(support).get(url).status_code == 404, url
    assert page(support).get(f"/acuerdos/votacion/{extended.pk}/").status_code == 200
    board = page(support).get("/acuerdos/?estado=todos").content.decode()
    assert world.agreement.text[:40] not in board
    assert world.agreement.text[:40] in page(member).get("/acuerdos/?estado=todos").content.decode()


# Personal contact data ----------------------------------------------------------------------------


def test_contact_data_only_for_the_secretariat_and_the_person(world):
    titular = world.designation
    email = titular.person.email
    assert email
    observer, st = world.users["observer"], world.users["secretariat"]
    own = titular.person.user  # the demo's member titular (MTPE)

    def emails_in_entity(user):
        data = api(user).get(f"/api/v1/entities/{world.entity.pk}/").json()
        return {rep["person"]["id"]: rep["person"]["email"] for rep in data["representatives"]}

    assert emails_in_entity(observer)[titular.person_id] is None
    assert emails_in_entity(st)[titular.person_id] == email
    assert own is not None
    seen_by_self = emails_in_entity(own)
    assert seen_by_self[titular.person_id] == email
    others = [value for pk, value in seen_by_self.items() if pk != titular.person_id]
    assert others and all(value is None for value in others)

    designations = api(observer).get(f"/api/v1/designations/{titular.pk}/").json()
    assert designations["person"]["email"] is None
    assert api(st).get(f"/api/v1/designations/{titular.pk}/").json()["person"]["email"] == email

    assert email not in page(observer).get(f"/registro/designaciones/{titular.pk}/").content.decode()
    assert email in page(st).get(f"/registro/designaciones/{titular.pk}/").content.decode()

    def export(user, path):
        body = page(user).get(path).content.decode("utf-8-sig")
        return list(csv.reader(io.StringIO(body)))

    assert email not in str(export(observer, "/registro/exportar/entidades.csv"))
    assert email in str(export(st, "/registro/exportar/entidades.csv"))

    cso = world.cso
    # The demo's entry has no contact data of its legal representative; give it some (rolled back).
    cso.legal_representative_email, cso.legal_representative_phone = "representante@aspem.org.pe", "+51 1 555 0101"
    cso.save()
    assert cso.legal_representative_phone not in str(export(observer, "/registro/exportar/sociedad-civil.csv"))
    assert cso.legal_representative_phone in str(export(st, "/registro/exportar/sociedad-civil.csv"))
    assert (
        cso.legal_representative_email not in page(observer).get(f"/registro/sociedad-civil/{cso.pk}/").content.decode()
    )
    assert cso.legal_representative_email in page(st).get(f"/registro/sociedad-civil/{cso.pk}/").content.decode()
    assert cso.legal_representative_email not in str(export(observer, "/registro/exportar/sociedad-civil.csv"))
    assert cso.legal_representative_email in str(export(st, "/registro/exportar/sociedad-civil.csv"))
    assert api(observer).get(f"/api/v1/cso-registry/{cso.pk}/").json()["legal_representative_email"] is None
    row = api(st).get(f"/api/v1/cso-registry/{cso.pk}/").json()
    assert row["legal_representative_email"] == cso.legal_representative_email


def test_api_client_sees_no_contact_data(world):
    data = api(world.users["api_client"]).get("/api/v1/designations/").json()["results"]
    assert data and all(row["person"]["email"] is None for row in data)


# The API client ------------------------------------------------------------------------------------


def test_api_client_reads_the_calendar_and_the_registry_and_writes_nothing(world):
    client = api(world.users["api_client"])
    for url in ("/api/v1/sessions/", "/api/v1/entities/", "/api/v1/composition/", "/api/v1/groups/"):
        assert client.get(url).status_code == 200, url
    for url in ("/api/v1/ballots/", "/api/v1/minutes/", "/api/v1/applications/", "/api/v1/session-requests/"):
        assert client.get(url).status_code == 403, url
    schema = SchemaGenerator().get_schema(request=None, public=True)
    writes = [
        (path, method)
        for path, operations in schema["paths"].items()
        for method in operations
        # Its own tokens are the one thing an API client writes (obtain, revoke).
        if method in ("post", "put", "patch", "delete") and "/auth/token" not in path
    ]
    assert writes
    for path, method in writes:
        url = re.sub(r"\{[^}]+\}", "1", path)
        assert getattr(client, method)(url, {}, format="json").status_code == 403, (method, url)


# 404 hidden, 403 forbidden -----------------------------------------------------------------------------


def test_hidden_is_404_forbidden_is_403_and_a_malformed_id_is_404(world):
    member, support = world.users["member_titular"], world.users["support"]
    assert api(member).post(f"/api/v1/sessions/{world.session.pk}/call/").status_code == 403
    assert api(support).post(f"/api/v1/sessions/{world.session.pk}/call/").status_code == 403  # gate first
    assert api(support).get(f"/api/v1/sessions/{world.session.pk}/").status_code == 404
    st = world.users["secretariat"]
    for url in ("/api/v1/sessions/abc/", "/api/v1/ballots/abc/roll-call/", "/api/v1/sessions/abc/quorum/"):
        assert api(st).get(url).status_code == 404, url
    assert api(st).post("/api/v1/sessions/abc/call/").status_code == 404
    assert api(st).post(f"/api/v1/sessions/{world.session.pk}/messages/resend/", {"message": "abc"}).status_code == 400


# The matrix names every permission the code asks -------------------------------------------------------------

PERMISSION_IN_CODE = re.compile(
    r"""(?:access\.(?:can|require)\([^"\n]*?"|action="|route\("|{% can ")([a-z_]+\.[a-z_]+)"""
)


def test_every_permission_the_code_asks_for_is_in_the_matrix():
    root = Path(settings.BASE_DIR)
    asked: dict[str, str] = {}
    for path in [*root.glob("*/**/*.py"), *root.glob("*/**/*.html")]:
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        for name in PERMISSION_IN_CODE.findall(path.read_text(encoding="utf-8")):
            asked.setdefault(name, str(path.relative_to(root)))
    assert len(asked) > 20
    unknown = {name: where for name, where in asked.items() if name not in matrix().permissions}
    assert unknown == {}


# What the gate answers besides allow and refuse ---------------------------------------------------------


def test_a_method_an_api_route_does_not_take_is_405_and_options_describes_it(world):
    client = api(world.users["secretariat"])
    schema = SchemaGenerator().get_schema(request=None, public=True)
    tried = []
    for path, operations in schema["paths"].items():
        url = re.sub(r"\{[^}]+\}", "1", path)
        for method in ("get", "post", "put", "patch", "delete"):
            if method not in operations:
                tried.append(url)
                response = getattr(client, method)(url, {}, format="json")
                assert response.status_code == 405, (method, url, response.status_code)
        assert client.options(url).status_code == 200, url
    assert len(tried) > 50
    assert api(None).delete(f"/api/v1/entities/{world.entity.pk}/").status_code == 405


def test_a_method_a_page_does_not_take_is_405_and_an_unknown_action_404(world):
    st = page(world.users["secretariat"])
    assert st.post(f"/sesiones/{world.session.pk}/").status_code == 405
    assert st.get(f"/mensajes/{world.message.pk}/reenviar/").status_code == 405
    assert st.post(f"/sesiones/{world.session.pk}/volar/").status_code == 404
    assert st.post(f"/planes/{world.plan.year}/accion/volar/").status_code == 404


def test_a_filter_value_out_of_range_is_a_400_naming_the_parameter(world):
    response = api(world.users["secretariat"]).get("/api/v1/non-working-days/?year=10000")
    assert response.status_code == 400 and "year" in response.json()


def test_an_agenda_item_named_in_a_body_is_fetched_through_the_access_layer(world):
    from django.utils import timezone

    from members import services as members_services
    from mtigm.core.access import Role, roles_for

    # A civil-society organisation that leads a subgroup runs that subgroup's votes, and sees no
    # plenary that is not extended: naming one of its items is naming something that is not there.
    support = world.users["support"]
    entity = next(iter(roles_for(support).entity_ids))
    members_services.subgroup_lead_assign(
        actor=None,
        subgroup=world.subgroup,
        entity=world.entity.__class__.objects.get(pk=entity),
        start=timezone.localdate(),
        skip_permission_checks=True,
    )
    assert roles_for(support).has(Role.SUBGROUP_LEAD)
    payload = {"agenda_item": world.item.pk, "text": "Moción", "kind": "general"}  # a plenary's item
    assert api(support).post("/api/v1/ballots/", payload, format="json").status_code == 404
    # Visible but not theirs to run: refused.
    assert api(world.users["group_coordinator"]).post("/api/v1/ballots/", payload, format="json").status_code == 403
    missing = {**payload, "agenda_item": 10**9}
    assert api(world.users["secretariat"]).post("/api/v1/ballots/", missing, format="json").status_code == 404


def test_roles_are_derived_once_per_request(world, monkeypatch):
    from mtigm.core.access import roles as roles_module

    calls = []
    provider = roles_module._provider
    assert provider is not None

    def counting(user, day):
        calls.append(user.pk)
        return provider(user, day)

    monkeypatch.setattr(roles_module, "_provider", counting)
    # The session page fetches the session, its agenda and its attendance through the access layer.
    assert page(world.users["secretariat"]).get(f"/sesiones/{world.session.pk}/").status_code == 200
    assert calls == [world.users["secretariat"].pk]
    calls.clear()
    assert api(world.users["member_titular"]).get(f"/api/v1/ballots/{world.ballot.pk}/").status_code == 200
    assert calls == [world.users["member_titular"].pk]
