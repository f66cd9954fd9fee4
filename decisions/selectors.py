"""Reads of the decisions app: who may vote, live progress, the acta's content, follow-up lists."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members.models import (
    Designation,
    EntityKind,
    GroupMembership,
    Membership,
    Person,
    SecretariatAppointment,
    SubgroupMembership,
)
from members.roles import PRESIDING_ENTITY_ACRONYM
from sessions.models import AgendaItem, Attendance, Session
from sessions.selectors import member_entity_ids_on, quorum_status

from .models import Agreement, Application, Ballot, Minutes, MinutesSignature, Vote


def session_day(session: Session) -> datetime.date:
    return timezone.localdate(session.starts_at)


# Voting -------------------------------------------------------------------------------------------


def voting_entity_ids_on(session: Session) -> set[int]:
    """Entities entitled to vote in ``session``: member entities for the Plenary (Art. 7.3, 13), the
    group's (or subgroup's) member entities for a group meeting (Art. 20)."""
    day = session_day(session)
    if session.kind == Session.Kind.GROUP:
        return set(GroupMembership.objects.on(day).filter(group=session.group_id).values_list("entity_id", flat=True))
    if session.kind == Session.Kind.SUBGROUP:
        return set(
            SubgroupMembership.objects.on(day).filter(subgroup=session.subgroup_id).values_list("entity_id", flat=True)
        )
    return member_entity_ids_on(day)


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


def roll_call(ballot: Ballot) -> QuerySet[Vote]:
    return Vote.objects.filter(ballot=ballot).select_related("entity", "person").order_by("entity__acronym")


def access_ballot(pk: int) -> Ballot:
    try:
        return Ballot.objects.select_related("session", "agenda_item", "kind", "casting_person").get(pk=pk)
    except Ballot.DoesNotExist as exc:
        raise Http404(_("No existe esa votación.")) from exc


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


# Agreements ---------------------------------------------------------------------------------------


def agreement_list(
    *, open_only: bool = False, public_only: bool = False, session: Session | None = None
) -> QuerySet[Agreement]:
    queryset = Agreement.objects.select_related("session", "owner", "ballot__kind", "certified_by")
    if open_only:
        queryset = queryset.exclude(status=Agreement.Status.DONE)
    if public_only:
        queryset = queryset.filter(public=True)
    if session is not None:
        queryset = queryset.filter(session=session)
    return queryset.order_by("session__starts_at", "number")


def agreements_due_for_reminder(today: datetime.date, days_before: int) -> QuerySet[Agreement]:
    """Open agreements with an owner whose due date is within ``days_before`` days and not yet reminded."""
    return (
        Agreement.objects.filter(
            status__in=[Agreement.Status.PENDING, Agreement.Status.IN_PROGRESS],
            owner__isnull=False,
            due_date__gte=today,
            due_date__lte=today + datetime.timedelta(days=days_before),
            reminder_sent_on__isnull=True,
        )
        .select_related("session", "owner")
        .order_by("due_date")
    )


def agreements_overdue(today: datetime.date) -> QuerySet[Agreement]:
    return (
        Agreement.objects.filter(due_date__lt=today)
        .exclude(status=Agreement.Status.DONE)
        .filter(Q(overdue_notified_on__isnull=True) | ~Q(status=Agreement.Status.OVERDUE))
        .select_related("session", "owner")
        .order_by("due_date")
    )


def access_agreement(pk: int) -> Agreement:
    try:
        return Agreement.objects.select_related("session", "owner", "ballot").get(pk=pk)
    except Agreement.DoesNotExist as exc:
        raise Http404(_("No existe ese acuerdo.")) from exc


# People to write to -------------------------------------------------------------------------------


def representatives_of(day: datetime.date, kinds: tuple[str, ...]) -> QuerySet[Designation]:
    """Current titulars and alternates of the entities of ``kinds`` on ``day``, with an e-mail."""
    entity_ids = Membership.objects.on(day).filter(kind__in=kinds).values("entity_id")
    return (
        Designation.objects.on(day)
        .filter(entity_id__in=entity_ids)
        .exclude(person__email="")
        .select_related("person", "entity")
        .order_by("entity__acronym", "role")
    )


def secretariat_people(day: datetime.date) -> QuerySet[Person]:
    ids = SecretariatAppointment.objects.on(day).values("person_id")
    return Person.objects.filter(pk__in=ids).exclude(email="")


# Minutes ------------------------------------------------------------------------------------------


def minutes_versions(session: Session) -> QuerySet[Minutes]:
    return Minutes.objects.filter(session=session).select_related("approved_in_session", "supersedes")


def current_minutes(session: Session) -> Minutes | None:
    """The latest version: a draft being written, or the approved one not yet corrected."""
    return minutes_versions(session).order_by("-version").first()


def access_minutes(pk: int) -> Minutes:
    try:
        return Minutes.objects.select_related("session", "approved_in_session", "supersedes").get(pk=pk)
    except Minutes.DoesNotExist as exc:
        raise Http404(_("No existe esa acta.")) from exc


def minutes_signatures(minutes: Minutes) -> QuerySet[MinutesSignature]:
    return minutes.signatures.select_related("person", "entity").order_by("signed_at")


def expected_signers(minutes: Minutes) -> list[dict[str, Any]]:
    """Members and observers who attended (one line per person), besides the ST (Art. 14)."""
    session = minutes.session
    day = session_day(session)
    kinds = dict(
        Membership.objects.on(day)
        .filter(kind__in=[EntityKind.MEMBER, EntityKind.OBSERVER])
        .values_list("entity_id", "kind")
    )
    signed = set(minutes.signatures.values_list("person_id", flat=True))
    out = []
    for attendance in session.attendances.select_related("person", "entity").order_by("entity__acronym"):
        if attendance.entity_id in kinds:
            out.append(
                {
                    "person": attendance.person,
                    "entity": attendance.entity,
                    "signed": attendance.person_id in signed,
                }
            )
    return out


def _fmt_time(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%H:%M") if value else ""


def _previous_minutes_approved_in(session: Session) -> list[dict[str, Any]]:
    return [
        {"session": m.session.title, "version": m.version, "approved_at": timezone.localtime(m.approved_at).isoformat()}
        for m in Minutes.objects.filter(approved_in_session=session, state=Minutes.State.APPROVED)
        .exclude(session=session)
        .select_related("session")
    ]


def minutes_content(session: Session, *, summaries: dict[str, str] | None = None) -> dict[str, Any]:
    """Everything the acta says, built from the session's records (R12, Art. 14).

    The result is plain JSON so that an approved version can be frozen as it was approved.
    """
    summaries = summaries or {}
    day = session_day(session)
    kinds = dict(Membership.objects.on(day).values_list("entity_id", "kind"))
    kind_labels = dict(EntityKind.choices)
    designations = {
        (d.person_id, d.entity_id): d.role for d in Designation.objects.on(day).filter(entity_id__in=kinds.keys())
    }
    attendance = []
    for row in session.attendances.select_related("person", "entity", "designation").order_by(
        "entity__kind", "entity__acronym", "signed_in_at"
    ):
        role = (
            row.designation.role
            if row.designation is not None
            else designations.get((row.person_id, row.entity_id), "")
        )
        kind = kinds.get(row.entity_id, row.entity.kind)
        attendance.append(
            {
                "entity": row.entity.acronym,
                "entity_name": row.entity.name,
                "kind": kind,
                "kind_label": str(kind_labels.get(kind, "")),
                "person": str(row.person),
                "role": role,
                "role_label": str(dict(Designation.Role.choices).get(role, _("Invitado"))),
                "signed_in_at": _fmt_time(row.signed_in_at),
                "left_at": _fmt_time(row.left_at),
            }
        )
    absences = [
        {"entity": a.entity.acronym, "reason": a.reason, "on_time": a.on_time}
        for a in session.absences.select_related("entity").order_by("entity__acronym")
    ]
    if session.is_plenary:
        quorum = quorum_status(session)
        members_in_office = quorum.members_in_office
        present_members = len({a["entity"] for a in attendance if a["kind"] == EntityKind.MEMBER})
        quorum_data = {
            "members_in_office": members_in_office,
            "present": present_members,
            "required": quorum.required,
            "has_quorum": present_members >= quorum.required,
            "citation": quorum.citation,
        }
    else:
        quorum_data = None
    ballots_by_item: dict[int, list[dict[str, Any]]] = {}
    for ballot in (
        Ballot.objects.filter(session=session)
        .select_related("kind", "casting_person")
        .prefetch_related(Prefetch("votes", queryset=Vote.objects.select_related("entity", "person")))
        .order_by("opened_at")
    ):
        ballots_by_item.setdefault(ballot.agenda_item_id, []).append(
            {
                "id": ballot.pk,
                "text": ballot.text,
                "kind": ballot.kind.name,
                "method": ballot.method,
                "state": ballot.state,
                "citation": ballot.rule_citation,
                "yes": ballot.yes_count,
                "no": ballot.no_count,
                "abstain": ballot.abstain_count,
                "required_yes": ballot.required_yes,
                "members_in_office": ballot.members_in_office,
                "outcome": ballot.outcome,
                "outcome_label": ballot.get_outcome_display() if ballot.outcome else "",
                "casting_vote": ballot.get_casting_vote_display() if ballot.casting_vote else "",
                "casting_person": str(ballot.casting_person) if ballot.casting_person_id else "",
                "roll_call": [
                    {
                        "entity": v.entity.acronym,
                        "person": str(v.person),
                        "role": v.get_role_display(),
                        "choice": v.get_choice_display(),
                        "at": _fmt_time(v.cast_at),
                    }
                    for v in sorted(ballot.votes.all(), key=lambda v: v.entity.acronym)
                ],
            }
        )
    agreements_by_item: dict[int | None, list[dict[str, Any]]] = {}
    agreements = []
    for agreement in (
        Agreement.objects.filter(session=session).select_related("owner", "certified_by").order_by("number")
    ):
        data = {
            "number": agreement.number,
            "text": agreement.text,
            "method": agreement.get_method_display(),
            "yes": agreement.yes_count,
            "no": agreement.no_count,
            "abstain": agreement.abstain_count,
            "casting": agreement.decided_by_casting_vote,
            "owner": agreement.owner.acronym if agreement.owner is not None else "",
            "due_date": agreement.due_date.isoformat() if agreement.due_date else "",
            "certified_at": timezone.localtime(agreement.certified_at).strftime("%d/%m/%Y %H:%M")
            if agreement.certified_at
            else "",
        }
        agreements.append(data)
        agreements_by_item.setdefault(agreement.agenda_item_id, []).append(data)
    items = []
    for item in AgendaItem.objects.filter(session=session, status=AgendaItem.Status.ACCEPTED).order_by("position"):
        items.append(
            {
                "id": item.pk,
                "position": item.position,
                "title": item.title,
                "summary": summaries.get(str(item.pk), item.summary),
                "ballots": ballots_by_item.get(item.pk, []),
            }
        )
    starts = session.opened_at or session.starts_at
    with translation.override("es"):  # the acta is a Spanish document whatever the reader's language
        date_label = date_format(day, "j \\d\\e F \\d\\e Y")
    return {
        "session": {
            "id": session.pk,
            "title": session.title,
            "kind": session.kind,
            "extended": session.extended,
            "date": day.isoformat(),
            "date_label": date_label,
            "place": session.place,
            "starts": _fmt_time(starts),
            "ends": _fmt_time(session.closed_at or session.ends_at),
            "called_on": session.called_on.isoformat() if session.called_on else "",
            "held_without_call": session.held_without_call,
        },
        "quorum": quorum_data,
        "attendance": attendance,
        "absences": absences,
        "items": items,
        "agreements": agreements,
        "previous_minutes_approved": _previous_minutes_approved_in(session),
    }


def content_hash(content: dict[str, Any], observations: str = "") -> str:
    payload = json.dumps({"content": content, "observations": observations}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


# Applications -------------------------------------------------------------------------------------


def application_list() -> QuerySet[Application]:
    return (
        Application.objects.select_related("entity", "ballot", "agenda_item__session", "group", "subgroup", "norm")
        .annotate(backer_count=Count("backers", distinct=True))
        .order_by("-received_on", "-pk")
    )


def access_application(pk: int) -> Application:
    try:
        return application_list().get(pk=pk)
    except Application.DoesNotExist as exc:
        raise Http404(_("No existe esa solicitud.")) from exc
