"""Reads of ballots: who may vote, live progress without revealing how, roll-calls, who presides."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from members.models import Designation, EntityKind, GroupMembership, SubgroupMembership
from members.roles import PRESIDING_ENTITY_ACRONYM
from members.selectors import memberships_on
from sessions.models import Attendance, Session
from sessions.selectors import member_entity_ids_on

from ..common import session_day
from ..models import Ballot, Vote, VoteAuditEntry


def voting_entity_rows(session: Session) -> QuerySet[Any]:
    """The rows (with an ``entity_id``) of the entities entitled to vote in ``session``: member
    entities for the Plenary (Art. 7.3, 13), the group's (or subgroup's) member entities for a group
    meeting (Art. 20). A queryset, so that a vote can test one entity inside a larger query."""
    day = session_day(session)
    if session.kind == Session.Kind.GROUP:
        return GroupMembership.objects.on(day).filter(group=session.group_id)
    if session.kind == Session.Kind.SUBGROUP:
        return SubgroupMembership.objects.on(day).filter(subgroup=session.subgroup_id)
    return memberships_on(day, EntityKind.MEMBER)


def voting_entity_ids_on(session: Session) -> set[int]:
    """Entities entitled to vote in ``session`` (see ``voting_entity_rows``)."""
    if session.kind in (Session.Kind.GROUP, Session.Kind.SUBGROUP):
        return set(voting_entity_rows(session).values_list("entity_id", flat=True))
    return member_entity_ids_on(session_day(session))


def present_voting_entity_ids(session: Session) -> set[int]:
    """Voting entities with at least one representative present now (an entity counts once, R2)."""
    eligible = voting_entity_ids_on(session)
    return set(
        session.attendances.filter(left_at__isnull=True, entity_id__in=eligible)
        .values_list("entity_id", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class BallotProgress:
    voted: int
    eligible: int
    state: str

    @property
    def missing(self) -> int:
        return max(self.eligible - self.voted, 0)

    @property
    def percent(self) -> int:
        return round(100 * self.voted / self.eligible) if self.eligible else 0


def ballot_progress(ballot: Ballot) -> BallotProgress:
    """How many entities voted, never how: the choices stay hidden until the ballot closes."""
    voted = Vote.objects.filter(ballot=ballot).count()
    eligible = len(present_voting_entity_ids(ballot.session)) if ballot.is_open else (ballot.present_count or voted)
    return BallotProgress(voted=voted, eligible=max(eligible, voted), state=ballot.state)


def presiding_designation(session: Session) -> Designation | None:
    """Who presides and holds the casting vote (Art. 13, 15): RREE's titular, or its alternate when
    the titular is absent. Presence is the attendance record of the session."""
    day = session_day(session)
    designations = {
        d.role: d
        for d in Designation.objects.on(day)
        .filter(entity__acronym__iexact=PRESIDING_ENTITY_ACRONYM)
        .select_related("person__user", "entity")
    }
    present = set(session.attendances.filter(left_at__isnull=True).values_list("person_id", flat=True))
    for role in (Designation.Role.TITULAR, Designation.Role.ALTERNATE):
        designation = designations.get(role)
        if designation is not None and designation.person_id in present:
            return designation
    return None


def ballot_list(session: Session) -> QuerySet[Ballot]:
    return (
        Ballot.objects.filter(session=session)
        .select_related("kind", "agenda_item", "casting_person", "agreement")
        .annotate(votes_cast=Count("votes"))
        .order_by("opened_at")
    )


def audit_trail(ballot: Ballot) -> QuerySet[VoteAuditEntry]:
    """Every voting event of the ballot, refused attempts and votes recorded by the ST included."""
    return VoteAuditEntry.objects.filter(ballot=ballot).select_related("entity", "person", "user").order_by("at", "pk")


def roll_call(ballot: Ballot) -> QuerySet[Vote]:
    return Vote.objects.filter(ballot=ballot).select_related("entity", "person").order_by("entity__acronym")


def user_vote(ballot: Ballot, user: Any) -> Vote | None:
    """The vote of the entity the user represents, if it already voted."""
    person = getattr(user, "person", None)
    if person is None:
        return None
    entity_ids = Designation.objects.on(session_day(ballot.session)).filter(person=person).values("entity_id")
    return Vote.objects.filter(ballot=ballot, entity_id__in=entity_ids).select_related("person", "entity").first()


def open_ballots_for(user: Any) -> QuerySet[Ballot]:
    """Open ballots of sessions in course where the user is present for one of its entities."""
    person = getattr(user, "person", None)
    if person is None:
        return Ballot.objects.none()
    sessions = Attendance.objects.filter(person=person, left_at__isnull=True).values("session_id")
    return (
        Ballot.objects.filter(session_id__in=sessions, state__in=[Ballot.State.OPEN, Ballot.State.TIED])
        .select_related("session", "agenda_item", "kind")
        .order_by("opened_at")
    )


@dataclass(frozen=True)
class RoomVoter:
    """A voting entity present in the room, who casts its vote, and its vote if any."""

    entity: Any
    voter: Designation | None
    vote: Vote | None


def room_roll(ballot: Ballot) -> list[RoomVoter]:
    """Every voting entity present now, in acronym order, with the representative who votes for it
    (the titular when present, else the alternate) and its vote: the console's roll-call form and its
    "not voted yet" list. Four queries whatever the number of entities."""
    session = ballot.session
    voting = voting_entity_ids_on(session)
    present = {
        (a.entity_id, a.person_id)
        for a in Attendance.objects.filter(session=session, left_at__isnull=True, entity_id__in=voting)
    }
    present_entities = {entity_id for entity_id, _person in present}
    designations: dict[int, dict[str, Designation]] = {}
    for d in (
        Designation.objects.on(session_day(session))
        .filter(entity_id__in=present_entities)
        .select_related("person", "entity")
    ):
        designations.setdefault(d.entity_id, {})[d.role] = d
    votes = {v.entity_id: v for v in Vote.objects.filter(ballot=ballot).select_related("person", "entity", "cast_by")}
    rows = []
    for entity_id, by_role in designations.items():
        voter = next(
            (
                d
                for role in (Designation.Role.TITULAR, Designation.Role.ALTERNATE)
                if (d := by_role.get(role)) is not None and (entity_id, d.person_id) in present
            ),
            None,
        )
        entity = next(iter(by_role.values())).entity
        rows.append(RoomVoter(entity=entity, voter=voter, vote=votes.get(entity_id)))
    return sorted(rows, key=lambda row: row.entity.acronym)
