"""25 votes at the same time, titular and alternate of the same entities racing: one vote per entity."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from decisions import services
from decisions.models import Ballot, DecisionKind, Vote, VoteAuditEntry
from mtigm.core.errors import RuleViolation
from tests.decisions.factories import plenary

# serialized_rollback restores the reference data (rules, decision kinds) the flush removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_concurrent_votes_count_exactly_one_per_entity():
    p = plenary(13, alternates_present=12, with_observer=False)
    ballot = services.ballot_open(
        actor=p.st, agenda_item=p.item, text="Aprobar el plan", kind=DecisionKind.objects.get(code="general")
    )
    voters = [(p.titular(i), "yes") for i in range(13)] + [(p.alternate(i), "no") for i in range(12)]
    assert len(voters) == 25
    barrier = threading.Barrier(len(voters))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(user, choice):
        try:
            barrier.wait()
            services.vote_cast(actor=user, ballot=ballot, choice=choice)
            result = "ok"
        except RuleViolation as exc:
            # An alternate is refused either way: its entity already voted, or its titular is present.
            result = "already" if "ya votó" in str(exc) or "titular" in str(exc) else f"error: {exc}"
        except Exception as exc:  # noqa: BLE001 - any other failure must show in the assertion
            result = f"error: {type(exc).__name__}: {exc}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=voter) for voter in voters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes).count("ok") == 13, outcomes
    assert outcomes.count("already") == 12, outcomes
    votes = Vote.objects.filter(ballot=ballot)
    assert votes.count() == 13
    assert set(votes.values_list("entity_id", flat=True)) == {e.pk for e in p.entities}
    assert VoteAuditEntry.objects.filter(ballot=ballot, event="refused").count() == 12
    closed = services.ballot_close(actor=p.st, ballot=ballot)
    assert closed.state == Ballot.State.CLOSED
    assert closed.yes_count + closed.no_count == 13
