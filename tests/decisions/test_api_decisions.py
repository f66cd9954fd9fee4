"""REST API: same permission checks as the services, votes hidden until close, public agreements."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from decisions.models import Agreement, Ballot
from sessions.services import session_close
from tests.decisions.factories import plenary

pytestmark = pytest.mark.django_db


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_full_vote_through_the_api_with_permissions():
    p = plenary(5)
    st = client_for(p.st)
    member = client_for(p.titular(1))
    payload = {"agenda_item": p.item.pk, "text": "Aprobar el cronograma", "kind": "general"}
    assert member.post("/api/v1/ballots/", payload, format="json").status_code == 403
    response = st.post("/api/v1/ballots/", payload, format="json")
    assert response.status_code == 201, response.json()
    ballot_id = response.json()["id"]

    observer = client_for(p.observer_user).post(f"/api/v1/ballots/{ballot_id}/vote/", {"choice": "yes"}, format="json")
    assert observer.status_code == 400 and "Art. 7.3" in observer.json()["citation"]
    for index, choice in enumerate(["yes", "yes", "no", "abstain", "yes"]):
        r = client_for(p.titular(index)).post(f"/api/v1/ballots/{ballot_id}/vote/", {"choice": choice}, format="json")
        assert r.status_code == 201, r.json()
    again = member.post(f"/api/v1/ballots/{ballot_id}/vote/", {"choice": "no"}, format="json")
    assert again.status_code == 400 and "ya votó" in again.json()["detail"][0]
    assert again.json()["code"] == "already_voted"

    detail = member.get(f"/api/v1/ballots/{ballot_id}/").json()
    assert detail["votes_cast"] == 5 and detail["yes_count"] is None  # how they voted stays hidden
    assert member.get(f"/api/v1/ballots/{ballot_id}/roll-call/").status_code == 409
    assert member.get(f"/api/v1/ballots/{ballot_id}/progress/").json() == {"voted": 5, "eligible": 5, "state": "open"}
    assert member.post(f"/api/v1/ballots/{ballot_id}/close/").status_code == 403
    closed = st.post(f"/api/v1/ballots/{ballot_id}/close/").json()
    assert closed["outcome"] == "adopted" and (closed["yes_count"], closed["no_count"]) == (3, 1)
    roll = member.get(f"/api/v1/ballots/{ballot_id}/roll-call/").json()
    assert [row["choice"] for row in roll].count("yes") == 3
    late = client_for(p.titular(2)).post(f"/api/v1/ballots/{ballot_id}/vote/", {"choice": "no"}, format="json")
    # A closed ballot is a state conflict: 409 with its code, never a second count.
    assert late.status_code == 409 and late.json()["code"] == "ballot_closed"

    agreement_id = closed["agreement"]
    assert (
        member.patch(f"/api/v1/agreements/{agreement_id}/", {"due_date": "2014-04-30"}, format="json").status_code
        == 403
    )
    r = st.patch(
        f"/api/v1/agreements/{agreement_id}/", {"owner": p.entities[2].acronym, "due_date": "2099-04-30"}, format="json"
    )
    assert r.status_code == 200 and r.json()["owner"] == p.entities[2].acronym
    assert st.post(f"/api/v1/agreements/{agreement_id}/certify/").json()["certified_at"]
    # The owner entity reports progress, but cannot reassign.
    owner = client_for(p.titular(2))
    assert (
        owner.patch(f"/api/v1/agreements/{agreement_id}/", {"status": "in_progress"}, format="json").status_code == 200
    )
    assert owner.patch(f"/api/v1/agreements/{agreement_id}/", {"owner": None}, format="json").status_code == 403


def test_public_agreements_visible_anonymously_private_ones_not():
    p = plenary(3)
    from decisions import services

    ballot = services.ballot_open(actor=p.st, agenda_item=p.item, text="Acuerdo público")
    for index in range(3):
        services.vote_cast(actor=p.titular(index), ballot=ballot, choice="yes")
    services.ballot_close(actor=p.st, ballot=ballot)
    agreement = Agreement.objects.get(ballot=ballot)
    anonymous = client_for()
    assert anonymous.get("/api/v1/agreements/").json()["count"] == 1
    services.agreement_update(actor=p.st, agreement=agreement, public=False)
    assert anonymous.get("/api/v1/agreements/").json()["count"] == 0
    assert client_for(p.titular(0)).get("/api/v1/agreements/").json()["count"] == 1
    assert anonymous.get("/api/v1/ballots/").status_code in (401, 403)
    assert anonymous.post(f"/api/v1/agreements/{agreement.pk}/certify/").status_code in (401, 403)


def test_minutes_and_application_endpoints_check_roles(monkeypatch):
    monkeypatch.setattr("mtigm.core.dispatch.send", lambda *a: True)
    p = plenary(3)
    member = client_for(p.titular(1))
    st = client_for(p.st)
    assert member.post("/api/v1/minutes/", {"session": p.session.pk}, format="json").status_code == 403
    minutes = st.post("/api/v1/minutes/", {"session": p.session.pk}, format="json").json()
    assert member.post(f"/api/v1/minutes/{minutes['id']}/approve/", {"in_session": p.session.pk}).status_code == 403
    # Its own session is still in course: the acta, which records the real closing time, waits (409).
    early = st.post(f"/api/v1/minutes/{minutes['id']}/approve/", {"in_session": p.session.pk}, format="json")
    assert early.status_code == 409 and early.json()["code"] == "session_state"
    session_close(actor=p.st, session=p.session)
    approved = st.post(f"/api/v1/minutes/{minutes['id']}/approve/", {"in_session": p.session.pk}, format="json")
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    assert member.post(f"/api/v1/minutes/{minutes['id']}/sign/").status_code == 201
    # An application goes to a session in course: another one, since this one is closed.
    # (Its members add to those in office: five present keep the quorum of eight.)
    q = plenary(5, day=p.session.starts_at.date().replace(month=4, day=10), with_observer=False)
    member, st = client_for(q.titular(1)), client_for(q.st)
    p = q
    payload = {"kind": "observer_admission", "name": "Parlamento Andino", "acronym": "PARLANDINO"}
    assert member.post("/api/v1/applications/", payload, format="json").status_code == 403
    created = st.post("/api/v1/applications/", payload, format="json")
    assert created.status_code == 201, created.json()
    scheduled = st.post(
        f"/api/v1/applications/{created.json()['id']}/schedule/", {"session": p.session.pk}, format="json"
    )
    assert scheduled.json()["state"] == "scheduled"
    ballot = st.post(f"/api/v1/applications/{created.json()['id']}/open-ballot/").json()
    assert ballot["kind"] == "observer_admission" and "Art. 7.4" in ballot["rule_citation"]
    assert Ballot.objects.get(pk=ballot["id"]).application.pk == created.json()["id"]


def test_openapi_schema_documents_the_actions():
    p = plenary(1, with_observer=False)
    schema = client_for(p.st).get("/api/v1/schema/", {"format": "json"}).json()
    for path in [
        "/api/v1/ballots/{id}/vote/",
        "/api/v1/ballots/{id}/casting-vote/",
        "/api/v1/ballots/{id}/room-votes/",
        "/api/v1/minutes/{id}/sign/",
        "/api/v1/agreements/{id}/certify/",
        "/api/v1/applications/{id}/accept/",
    ]:
        assert path in schema["paths"], path
