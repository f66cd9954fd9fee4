"""A vote costs the same few SQL statements in a plenary of 5 members as in one of 21 with observers.

Counted around the whole request (authentication, the user's roles, the locked ballot read, the
voter's designations with presence and quorum, the rule registry, the vote and its audit entry),
for the API and for the page. The tests are transactional so that the vote's transaction is the
request's own BEGIN/COMMIT, as in production, and not a savepoint inside the test's transaction
(two more statements that a real request does not send).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

from decisions import services
from decisions.models import Vote, VoteAuditEntry
from members.models import EntityKind
from tests.decisions.factories import Plenary, attend, plenary
from tests.factories.members import DesignationFactory, member_entity

pytestmark = pytest.mark.django_db(transaction=True)

MAX_QUERIES_PER_VOTE = 10


def _plenary(size: str) -> Plenary:
    if size == "small":
        return plenary(5)
    p = plenary(21)
    # Observers in the room too: present, called, without a vote (Art. 7.3).
    for acronym in ("OBSX", "OBSY"):
        observer = member_entity(acronym, kind=EntityKind.OBSERVER)
        designation: Any = DesignationFactory(entity=observer, person__user__username=f"user{acronym.lower()}")
        attend(p.session, designation.person.user, observer)
    return p


@pytest.mark.parametrize("size", ["small", "large"])
def test_api_vote_takes_at_most_ten_statements(size, django_assert_max_num_queries):
    p = _plenary(size)
    ballot = services.ballot_open(actor=p.st, agenda_item=p.item, text="Aprobar el cronograma")
    voter = p.titular(1)
    _instance, token = AuthToken.objects.create(voter)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    with django_assert_max_num_queries(MAX_QUERIES_PER_VOTE):
        response = client.post(f"/api/v1/ballots/{ballot.pk}/vote/", {"choice": "no"}, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["entity"] == p.entities[1].acronym
    assert response.json()["person"] == str(voter.person)
    vote = Vote.objects.get(ballot=ballot)
    assert (vote.entity_id, vote.person_id, vote.choice, vote.role) == (
        p.entities[1].pk,
        voter.person.pk,
        "no",
        "titular",
    )
    assert VoteAuditEntry.objects.filter(ballot=ballot, event="cast", entity=p.entities[1]).count() == 1


@pytest.mark.parametrize("size", ["small", "large"])
def test_page_vote_takes_at_most_ten_statements(size, django_assert_max_num_queries):
    p = _plenary(size)
    ballot = services.ballot_open(actor=p.st, agenda_item=p.item, text="Aprobar el cronograma")
    client = Client()
    client.force_login(p.titular(2))

    with django_assert_max_num_queries(MAX_QUERIES_PER_VOTE):
        response = client.post(f"/acuerdos/votacion/{ballot.pk}/votar/", {"choice": "yes"})

    assert response.status_code == 302
    assert Vote.objects.get(ballot=ballot).entity_id == p.entities[2].pk


def test_a_hidden_ballot_is_not_found_before_the_payload_is_judged():
    """The API still answers 404 for a ballot the caller may not see, whatever the body says."""
    p = plenary(3)
    _instance, token = AuthToken.objects.create(p.titular(1))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.post("/api/v1/ballots/999999/vote/", {"choice": "maybe"}, format="json").status_code == 404
    assert client.post("/api/v1/ballots/999999/vote/", {"choice": "yes"}, format="json").status_code == 404
