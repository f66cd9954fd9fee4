"""Voting through the services, on PostgreSQL: who may vote, one vote per entity, results, casting vote."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from decisions import services
from decisions.models import Agreement, Ballot, DecisionKind, Vote, VoteAuditEntry
from mtigm.core.errors import RuleViolation
from sessions.models import Attendance, Session
from tests.decisions.factories import attend, plenary

pytestmark = pytest.mark.django_db


def open_ballot(p, kind: str = "general", text: str = "Aprobar el informe de la ST"):
    return services.ballot_open(actor=p.st, agenda_item=p.item, text=text, kind=DecisionKind.objects.get(code=kind))


def vote_all(p, ballot, choices):
    for index, choice in enumerate(choices):
        services.vote_cast(actor=p.titular(index), ballot=ballot, choice=choice)


def test_only_the_secretariat_opens_and_needs_quorum():
    p = plenary(5, present=2)
    with pytest.raises(PermissionDenied):
        services.ballot_open(actor=p.titular(0), agenda_item=p.item, text="x")
    with pytest.raises(RuleViolation) as exc:
        open_ballot(p)
    assert "quórum" in str(exc.value) and "Art. 12" in str(exc.value)


def test_simple_majority_with_abstentions_creates_a_numbered_agreement():
    p = plenary(7)
    ballot = open_ballot(p)
    assert ballot.rule_key == "vote.simple_majority" and "Art. 13" in ballot.rule_citation
    vote_all(p, ballot, ["yes", "yes", "no", "abstain", "abstain", "abstain", "abstain"])
    ballot = services.ballot_close(actor=p.st, ballot=ballot)
    assert ballot.state == Ballot.State.CLOSED and ballot.outcome == Ballot.Outcome.ADOPTED
    assert (ballot.yes_count, ballot.no_count, ballot.abstain_count) == (2, 1, 4)
    agreement = Agreement.objects.get(ballot=ballot)
    assert agreement.number == 1 and (agreement.yes_count, agreement.no_count, agreement.abstain_count) == (2, 1, 4)
    assert services.ballot_retally(ballot).adopted is True


def test_all_members_threshold_counts_absent_members():
    p = plenary(9, present=6)  # 9 in office, 6 present: quorum 5
    ballot = open_ballot(p, "member_admission", "Admitir al RENIEC como miembro")
    assert "Art. 7.4" in ballot.rule_citation
    vote_all(p, ballot, ["yes", "yes", "yes", "yes", "no", "abstain"])
    ballot = services.ballot_close(actor=p.st, ballot=ballot)
    # 4 yes of 9 in office is short of 5, although it is a majority of those voting.
    assert ballot.outcome == Ballot.Outcome.REJECTED and ballot.required_yes == 5
    assert not Agreement.objects.filter(ballot=ballot).exists()


def test_tie_waits_for_the_presidents_casting_vote_recorded_as_such():
    p = plenary(5)
    ballot = open_ballot(p)
    vote_all(p, ballot, ["yes", "no", "yes", "no", "abstain"])
    ballot = services.ballot_close(actor=p.st, ballot=ballot)
    assert ballot.state == Ballot.State.TIED and ballot.outcome == ""
    with pytest.raises(PermissionDenied):
        services.ballot_cast_deciding_vote(actor=p.titular(1), ballot=ballot, choice="yes")
    ballot = services.ballot_cast_deciding_vote(actor=p.titular(0), ballot=ballot, choice="yes")
    assert ballot.state == Ballot.State.CLOSED and ballot.outcome == Ballot.Outcome.ADOPTED
    assert ballot.casting_person == p.titular(0).person and ballot.casting_role == "titular"
    assert Agreement.objects.get(ballot=ballot).decided_by_casting_vote
    assert VoteAuditEntry.objects.filter(ballot=ballot, event="casting").count() == 1
    assert services.ballot_retally(ballot).adopted


def test_alternate_of_rree_decides_when_titular_absent():
    p = plenary(5, present=0)
    for index in range(1, 5):
        attend(p.session, p.titular(index), p.entities[index])
    attend(p.session, p.alternate(0), p.rree)
    ballot = open_ballot(p)
    services.vote_cast(actor=p.alternate(0), ballot=ballot, choice="no")
    vote_all_from = ["yes", "yes", "no", "abstain"]
    for index, choice in enumerate(vote_all_from, start=1):
        services.vote_cast(actor=p.titular(index), ballot=ballot, choice=choice)
    ballot = services.ballot_close(actor=p.st, ballot=ballot)
    assert ballot.state == Ballot.State.TIED
    with pytest.raises(PermissionDenied):
        services.ballot_cast_deciding_vote(actor=p.titular(0), ballot=ballot, choice="yes")  # absent titular
    ballot = services.ballot_cast_deciding_vote(actor=p.alternate(0), ballot=ballot, choice="no")
    assert ballot.outcome == Ballot.Outcome.REJECTED and ballot.casting_role == "alternate"


def test_second_vote_of_an_entity_is_refused_and_audited():
    p = plenary(3, alternates_present=3)
    ballot = open_ballot(p)
    services.vote_cast(actor=p.titular(1), ballot=ballot, choice="yes")
    with pytest.raises(RuleViolation) as exc:
        services.vote_cast(actor=p.alternate(1), ballot=ballot, choice="no")
    assert "ya votó" in str(exc.value)
    with pytest.raises(RuleViolation):
        services.vote_cast(actor=p.titular(1), ballot=ballot, choice="no")
    # The alternate votes for the entity when its titular is not present (rule vote.titular_precedence).
    Attendance.objects.filter(session=p.session, person=p.titular(2).person).update(left_at=timezone.now())
    services.vote_cast(actor=p.alternate(2), ballot=ballot, choice="no")
    assert Vote.objects.get(ballot=ballot, entity=p.entities[2]).role == "alternate"
    assert Vote.objects.filter(ballot=ballot, entity=p.entities[1]).get().choice == "yes"
    assert VoteAuditEntry.objects.filter(ballot=ballot, event="refused").count() == 2


def test_observers_support_absent_and_unknown_users_cannot_vote():
    p = plenary(4, present=3)
    ballot = open_ballot(p)
    with pytest.raises(RuleViolation) as exc:
        services.vote_cast(actor=p.observer_user, ballot=ballot, choice="yes")
    assert "voz pero no voto" in str(exc.value) and "Art. 7.3" in str(exc.value)
    with pytest.raises(RuleViolation) as exc:
        services.vote_cast(actor=p.titular(3), ballot=ballot, choice="yes")  # member not present
    assert "presentes" in str(exc.value)
    with pytest.raises(PermissionDenied):
        services.vote_cast(actor=p.st, ballot=ballot, choice="yes")


def test_vote_after_close_is_refused():
    p = plenary(3)
    ballot = open_ballot(p)
    services.vote_cast(actor=p.titular(0), ballot=ballot, choice="yes")
    services.ballot_close(actor=p.st, ballot=ballot)
    with pytest.raises(ValidationError) as exc:
        services.vote_cast(actor=p.titular(1), ballot=ballot, choice="yes")
    assert "cerrada" in str(exc.value)
    assert Vote.objects.filter(ballot=ballot).count() == 1


def test_database_refuses_changes_to_votes_and_results_of_a_closed_ballot():
    p = plenary(3)
    ballot = open_ballot(p)
    vote = services.vote_cast(actor=p.titular(0), ballot=ballot, choice="no")
    services.vote_cast(actor=p.titular(1), ballot=ballot, choice="yes")
    services.vote_cast(actor=p.titular(2), ballot=ballot, choice="yes")
    services.ballot_close(actor=p.st, ballot=ballot)
    statements = [
        ("UPDATE decisions_vote SET choice = 'yes' WHERE id = %s", [vote.pk]),
        ("DELETE FROM decisions_vote WHERE id = %s", [vote.pk]),
        ("UPDATE decisions_ballot SET yes_count = 0, outcome = 'rejected' WHERE id = %s", [ballot.pk]),
        ("DELETE FROM decisions_ballot WHERE id = %s", [ballot.pk]),
        (
            "INSERT INTO decisions_vote (ballot_id, entity_id, person_id, role, choice, cast_at, cast_by_id) "
            "SELECT %s, id, %s, 'titular', 'no', now(), %s FROM members_entity WHERE id = %s",
            [ballot.pk, p.observer_user.person.pk, p.st.pk, p.observer.pk],
        ),
        ("UPDATE decisions_voteauditentry SET detail = 'x' WHERE ballot_id = %s", [ballot.pk]),
    ]
    for sql, params in statements:
        with (
            pytest.raises(DatabaseError, match="immutable|Cannot update or delete"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, params)
    vote.refresh_from_db()
    ballot.refresh_from_db()
    assert vote.choice == "no" and ballot.yes_count == 2 and ballot.outcome == "adopted"


def test_open_ballot_votes_can_still_be_written_by_the_database():
    """The trigger is not a blanket ban: while open, the row exists and is writable (control case)."""
    p = plenary(3)
    ballot = open_ballot(p)
    vote = services.vote_cast(actor=p.titular(0), ballot=ballot, choice="no")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE decisions_vote SET choice = 'yes' WHERE id = %s", [vote.pk])
    vote.refresh_from_db()
    assert vote.choice == "yes"


def test_voting_requires_a_session_in_course():
    p = plenary(3)
    Session.objects.filter(pk=p.session.pk).update(state=Session.State.HELD)
    with pytest.raises(ValidationError):
        open_ballot(p)


def test_group_meeting_consensus_and_majority_without_casting_vote():
    from members.models import GroupMembership
    from tests.factories.members import GroupCoordinatorFactory, WorkingGroupFactory

    p = plenary(4)
    group = WorkingGroupFactory()
    for entity in p.entities:
        GroupMembership.objects.create(group=group, entity=entity, start=p.entities[0].memberships.first().start)
    GroupCoordinatorFactory(group=group, entity=p.entities[1])
    meeting = Session.objects.create(
        kind=Session.Kind.GROUP, group=group, starts_at=p.session.starts_at, state=Session.State.IN_SESSION
    )
    from sessions.models import AgendaItem

    item = AgendaItem.objects.create(session=meeting, position=1, title="Matriz de productos")
    for index in range(4):
        attend(meeting, p.titular(index), p.entities[index])
    coordinator = p.titular(1)
    agreement = services.group_decision_by_consensus(actor=coordinator, agenda_item=item, text="Aprobar la matriz")
    assert agreement.method == "consensus" and agreement.number == 1
    ballot = services.ballot_open(actor=coordinator, agenda_item=item, text="Elegir relator")
    assert ballot.rule_key == "group.decision_majority" and "Art. 20" in ballot.rule_citation
    vote_all(p, ballot, ["yes", "no", "abstain", "abstain"])
    ballot = services.ballot_close(actor=coordinator, ballot=ballot)
    # A tie in a group is not decided by the President: the motion simply fails.
    assert ballot.state == Ballot.State.CLOSED and ballot.outcome == Ballot.Outcome.REJECTED
    with pytest.raises(RuleViolation):
        services.group_decision_by_consensus(actor=p.st, agenda_item=p.item, text="x")
