"""Writes of ballots: opening a motion, one vote per entity (R2), closing with the threshold frozen
at opening (Art. 7.4, 13), the President's deciding vote (Art. 13, 15) and decisions by consensus of
group meetings (Art. 20).

When a ballot is decided, ``ballot_decided`` is sent (inside the same transaction) so that the
procedure it decides (an admission, say, in ``decisions.applications``) carries itself out; ballots
know nothing of the procedures built on them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, IntegerField, OuterRef, Subquery
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from directives.rules import rule
from members.models import Designation, Entity, EntityKind, Person
from members.selectors import memberships_on
from mtigm.core import access
from mtigm.core.errors import AccessDenied, RuleViolation, StateConflict
from mtigm.core.models import FREE_TEXT_MAX_LENGTH
from sessions.models import AgendaItem, Attendance, Session, Suspension
from sessions.selectors import member_entity_ids_on, quorum_required, quorum_status
from sessions.services import check_record_open, open_suspension

from ..agreements.services import agreement_create
from ..common import person_of, session_day
from ..majority import Tally, tally
from ..models import Agreement, Ballot, Choice, DecisionKind, Vote, VoteAuditEntry
from . import selectors

# Sent when a ballot is decided (closed with an outcome, or a decision by consensus), with
# ``ballot``, ``agreement`` (None when not adopted) and ``actor``.
ballot_decided = Signal()

VOTABLE_STATES = (Session.State.IN_SESSION,)


class AlreadyVoted(RuleViolation):
    """The entity already has a vote on this ballot (R2: one entity, one vote)."""


# Helpers ------------------------------------------------------------------------------------------


def _require_runner(actor: Any, session: Session, message: str) -> None:
    """The ST runs the Plenary; a group's coordinator (or a subgroup's lead) runs its meeting (Art. 20–21)."""
    access.require(actor, "ballot.run", session, message=message)


def _audit(
    ballot: Ballot | int,
    event: str,
    *,
    actor: Any = None,
    entity: Entity | None = None,
    person: Person | None = None,
    detail: str = "",
) -> None:
    VoteAuditEntry.objects.create(
        ballot_id=ballot if isinstance(ballot, int) else ballot.pk,
        event=event,
        entity=entity,
        person=person,
        user=actor if actor is not None and actor.is_authenticated else None,
        detail=detail[:500],
    )


def _check_session_votable(session: Session, *, suspended: bool | None = None) -> None:
    """Votes happen in a session in course, not during a recess, and never after its acta is approved.

    ``suspended`` is whether a recess is open, when the caller already read it with the session."""
    check_record_open(session)
    if session.state not in VOTABLE_STATES:
        raise StateConflict(_("Solo se vota durante una sesión en curso."), code="session_not_in_course")
    if suspended is None:
        suspended = open_suspension(session) is not None
    if suspended:
        raise StateConflict(_("La sesión está suspendida: se vota cuando se reanude."), code="session_suspended")


def _check_ballot_closable(session: Session) -> None:
    """A ballot is closed (or its tie broken) while the record is open and not during a recess; a
    ballot left open when the session was closed can still be closed, so that it is not lost."""
    check_record_open(session)
    if open_suspension(session) is not None:
        raise StateConflict(_("La sesión está suspendida: se vota cuando se reanude."), code="session_suspended")


# Ballots ------------------------------------------------------------------------------------------


@transaction.atomic
def ballot_open(
    *,
    actor: Any,
    agenda_item: AgendaItem,
    text: str,
    kind: DecisionKind | None = None,
) -> Ballot:
    """Put a motion to the vote on an agenda item of a session in course (Art. 13, 20)."""
    session = Session.objects.select_for_update().get(pk=agenda_item.session_id)
    _require_runner(actor, session, _("Solo la Secretaría Técnica abre votaciones del Pleno."))
    _check_session_votable(session)
    agenda_item = AgendaItem.objects.get(pk=agenda_item.pk)
    if agenda_item.status != AgendaItem.Status.ACCEPTED:
        raise ValidationError(_("El punto no está en la agenda de la sesión."))
    if not text.strip():
        raise ValidationError({"text": _("Escriba el texto de la moción.")})
    day = session_day(session)
    if not session.is_plenary:
        kind = DecisionKind.objects.get(code="group_decision")
    elif kind is None:
        kind = DecisionKind.objects.get(code="general")
    elif kind.code == "group_decision":
        raise ValidationError({"kind": _("Ese tipo de decisión corresponde a los grupos de trabajo.")})
    threshold = rule(kind.threshold_rule_key, on=day)
    if session.is_plenary:
        quorum = quorum_status(session)
        if not quorum.has_quorum:
            raise RuleViolation(
                _("No hay quórum: están presentes %(present)s de %(required)s entidades miembro necesarias")
                % {"present": quorum.present, "required": quorum.required},
                citation=quorum.citation,
            )
    if Ballot.objects.filter(agenda_item=agenda_item, state__in=[Ballot.State.OPEN, Ballot.State.TIED]).exists():
        raise StateConflict(_("Ya hay una votación abierta sobre este punto."), code="ballot_open")
    ballot = Ballot.objects.create(
        session=session,
        agenda_item=agenda_item,
        kind=kind,
        text=text.strip(),
        opened_by=actor,
        rule_key=threshold.key,
        rule_value=threshold.value,
        rule_citation=threshold.citation,
        eligible_count=len(selectors.present_voting_entity_ids(session)),
    )
    _audit(ballot, VoteAuditEntry.Event.OPENED, actor=actor, detail=threshold.citation)
    return ballot


class _DistinctEntities(Subquery):
    """How many distinct entities the rows of a queryset name, as a scalar subquery."""

    template = "(SELECT COUNT(DISTINCT U.entity_id) FROM (%(subquery)s) U)"
    output_field = IntegerField()


def _voter_designations(actor: Any, session: Session, ballot: Ballot) -> list[Designation]:
    """The actor's designations on the session day, each with what the vote needs to know about its
    entity: whether it votes in this session, whether the actor and the entity's titular are present
    now, whether the entity already voted and, for the Plenary, the member entities in office and
    present (quorum, Art. 12). One query, whatever the size of the plenary."""
    person = person_of(actor)
    day = session_day(session)
    in_room = Attendance.objects.filter(session_id=session.pk, left_at__isnull=True)
    titulars = Designation.objects.on(day).filter(
        entity_id=OuterRef(OuterRef("entity_id")), role=Designation.Role.TITULAR
    )
    voting = selectors.voting_entity_rows(session)
    designations = (
        Designation.objects.on(day)
        .filter(person=person)
        .select_related("entity")
        .annotate(
            votes_here=Exists(voting.filter(entity_id=OuterRef("entity_id"))),
            present=Exists(in_room.filter(entity_id=OuterRef("entity_id"), person_id=OuterRef("person_id"))),
            titular_present=Exists(
                in_room.filter(entity_id=OuterRef("entity_id"), person_id__in=titulars.values("person_id"))
            ),
            voted=Exists(Vote.objects.filter(ballot_id=ballot.pk, entity_id=OuterRef("entity_id"))),
        )
    )
    if session.is_plenary:
        # The same counts as ``quorum_status``: member entities in office that day, and those of them
        # with a representative present now (an entity counts once, R2).
        members = memberships_on(day, EntityKind.MEMBER)
        designations = designations.annotate(
            members_in_office=_DistinctEntities(members.order_by().values("entity_id")),
            members_present=_DistinctEntities(
                in_room.filter(entity_id__in=members.values("entity_id")).order_by().values("entity_id")
            ),
        )
    found = list(designations)
    for designation in found:
        # The voter is the person behind the actor: no second read of it.
        designation.person = person
    return found


def _voter_designation(designations: list[Designation], session: Session, entity: Entity | None) -> Designation:
    """The designation through which the actor votes; refuses observers and support commissions."""
    if entity is not None:
        designations = [d for d in designations if d.entity_id == entity.pk]
    if not designations:
        raise AccessDenied(_("Usted no representa a ninguna entidad de la Mesa en esta fecha."))
    allowed = [d for d in designations if d.votes_here]  # type: ignore[attr-defined]
    if not allowed:
        day = session_day(session)
        if session.is_plenary:
            raise RuleViolation(
                _("Las entidades observadoras y las comisiones de apoyo tienen voz pero no voto"),
                rule=rule("vote.voting_entity_kinds", on=day),
            )
        raise RuleViolation(
            _("Solo votan las entidades que integran el grupo"), rule=rule("group.decision_majority", on=day)
        )
    if len({d.entity_id for d in allowed}) > 1:
        raise ValidationError({"entity": _("Indique en nombre de qué entidad vota.")})
    return allowed[0]


def _refuse_without_quorum(*, present: int, required: int, citation: str) -> None:
    """The one refusal of a vote cast or recorded when the Plenary has lost its quorum (Art. 12)."""
    if present < required:
        raise RuleViolation(
            _("Se perdió el quórum (%(present)s de %(required)s): no se puede votar")
            % {"present": present, "required": required},
            citation=citation,
        )


def _check_quorum(session: Session) -> None:
    """A vote of the Plenary needs the quorum of Art. 12 when it is cast or recorded."""
    if session.is_plenary:
        quorum = quorum_status(session)
        _refuse_without_quorum(present=quorum.present, required=quorum.required, citation=quorum.citation)


def _check_presence(session: Session, designation: Any, ballot: Ballot) -> None:
    """Present, not outranked by the entity's titular (rule ``vote.titular_precedence``), and with
    quorum in the Plenary: read from the annotations of ``_voter_designations``."""
    if not designation.present:
        raise RuleViolation(
            _("Solo votan los representantes presentes en la sesión; registre antes su asistencia"),
            citation=ballot.rule_citation,
        )
    if designation.role == Designation.Role.ALTERNATE and designation.titular_present:
        precedence = rule("vote.titular_precedence", on=session_day(session))
        if precedence.value:
            raise RuleViolation(
                _(
                    "El titular de %(entity)s está presente: emite él el voto de la entidad; "
                    "el alterno vota en su ausencia"
                )
                % {"entity": designation.entity.acronym},
                rule=precedence,
            )
    if session.is_plenary:
        required, formula = quorum_required(designation.members_in_office, on=session_day(session))
        _refuse_without_quorum(present=designation.members_present, required=required, citation=formula.citation)


def _already_voted(ballot: Ballot, vote: Vote | None) -> AlreadyVoted:
    if vote is None:
        message = _("Su entidad ya votó en esta votación")
    else:
        message = _("%(entity)s ya votó (lo hizo %(person)s, %(role)s, a las %(time)s)") % {
            "entity": vote.entity.acronym,
            "person": vote.person,
            "role": vote.get_role_display().lower(),
            "time": timezone.localtime(vote.cast_at).strftime("%H:%M:%S"),
        }
    return AlreadyVoted(message, citation=ballot.rule_citation, code="already_voted")


def _ballot_for_vote(actor: Any, ballot_id: Any) -> Ballot:
    """The ballot, locked, with its session and whether a recess is open: one query, through the
    access layer (404 when the ballot is hidden from the actor, 403 when the vote is not theirs).

    The lock covers the ballot and its session rows, so votes are serialised with each other, with
    closing, and with what changes the session (suspension, attendance) while a vote is checked."""
    queryset = (
        Ballot.objects.select_for_update()
        .select_related("session")
        .annotate(
            session_suspended=Exists(Suspension.objects.filter(session=OuterRef("session_id"), resumed_at__isnull=True))
        )
    )
    return access.fetch(actor, "ballot", queryset, pk=ballot_id, action="ballot.vote")


@transaction.atomic
def _vote_cast(*, actor: Any, ballot_id: Any, choice: str, entity: Entity | None, reasons: str = "") -> Vote:
    # The ballot row lock serialises votes with each other and with closing, so a vote can never
    # slip in after the count; the unique constraint is the last line if that ever changes.
    ballot = _ballot_for_vote(actor, ballot_id)
    if choice not in Choice.values:
        raise ValidationError({"choice": _("Elija a favor, en contra o abstención.")})
    if ballot.state != Ballot.State.OPEN:
        raise StateConflict(_("La votación ya está cerrada; no se admiten más votos."), code="ballot_closed")
    session = ballot.session
    _check_session_votable(session, suspended=ballot.session_suspended)  # type: ignore[attr-defined]
    reasons = _check_reasons(choice, reasons)
    designation = _voter_designation(_voter_designations(actor, session, ballot), session, entity)
    # "Your entity already voted" answers before presence or precedence: it is what the voter needs to know.
    if designation.voted:  # type: ignore[attr-defined]
        earlier = (
            Vote.objects.filter(ballot=ballot, entity_id=designation.entity_id)
            .select_related("person", "entity")
            .first()
        )
        raise _already_voted(ballot, earlier)
    _check_presence(session, designation, ballot)
    vote = Vote(
        ballot=ballot,
        entity=designation.entity,
        person=designation.person,
        designation=designation,
        role=designation.role,
        choice=choice,
        cast_by=actor,
        method=Vote.Method.ELECTRONIC,
        reasons=reasons,
    )
    try:
        vote.save(force_insert=True)
    except IntegrityError as exc:
        # Unreachable while every vote locks the ballot row first (the check above then sees the
        # earlier vote). Without a savepoint around the insert (two statements per vote) the
        # transaction cannot read the earlier vote any more, so the answer does not name it.
        raise _already_voted(ballot, None) from exc
    _audit(
        ballot,
        VoteAuditEntry.Event.CAST,
        actor=actor,
        entity=designation.entity,
        person=designation.person,
        detail=designation.get_role_display(),
    )
    return vote


def vote_cast(
    *, actor: Any, ballot: Ballot | int | str, choice: str, entity: Entity | None = None, reasons: str = ""
) -> Vote:
    """Cast the one vote of the actor's entity: its titular, or its alternate when the titular is
    not present (rule ``vote.titular_precedence``).

    ``ballot`` is a ballot or its id (as a URL gives it): either way it is read once, locked, through
    the access layer, so a page or the API need not fetch it first."""
    ballot_id = ballot.pk if isinstance(ballot, Ballot) else ballot
    try:
        return _vote_cast(actor=actor, ballot_id=ballot_id, choice=choice, entity=entity, reasons=reasons)
    except RuleViolation as exc:
        # The refusal is part of the audit trail; it is written after the failed transaction rolled back.
        # A rule is only checked once the ballot was found, so its id is a valid one here.
        person = getattr(actor, "person", None)
        _audit(int(ballot_id), VoteAuditEntry.Event.REFUSED, actor=actor, person=person, detail=exc.messages[0])
        raise


def _check_reasons(choice: str, reasons: str) -> str:
    reasons = (reasons or "").strip()
    if len(reasons) > FREE_TEXT_MAX_LENGTH:
        raise ValidationError(
            {"reasons": _("El fundamento de voto admite hasta %(n)s caracteres.") % {"n": FREE_TEXT_MAX_LENGTH}}
        )
    if reasons and choice == Choice.YES:
        raise ValidationError({"reasons": _("El fundamento de voto acompaña un voto en contra o una abstención.")})
    return reasons


@transaction.atomic
def ballot_record_room_votes(
    *, actor: Any, ballot: Ballot, votes: list[tuple[Entity, str, str]], method: str = Vote.Method.ROLL_CALL
) -> list[Vote]:
    """The ST records, in one form, the votes of entities present in the room (roll-call or show of
    hands), beside the electronic votes of those logged in. The vote is the entity's (R2): cast in
    the name of its titular when present, else of its alternate (rule ``vote.titular_precedence``).
    All or nothing: one refused line leaves every vote of the form unrecorded."""
    ballot = Ballot.objects.select_for_update().select_related("session").get(pk=ballot.pk)
    _require_runner(actor, ballot.session, _("Solo la Secretaría Técnica registra los votos de la sala."))
    if method not in (Vote.Method.ROLL_CALL, Vote.Method.SHOW_OF_HANDS):
        raise ValidationError({"method": _("Indique si la votación fue nominal o a mano alzada.")})
    if ballot.state != Ballot.State.OPEN:
        raise StateConflict(_("La votación ya está cerrada; no se admiten más votos."), code="ballot_closed")
    session = ballot.session
    _check_session_votable(session)
    _check_quorum(session)
    if not votes:
        raise ValidationError(_("Marque el voto de al menos una entidad."))
    day = session_day(session)
    voting = selectors.voting_entity_ids_on(session)
    already = set(Vote.objects.filter(ballot=ballot).values_list("entity_id", flat=True))
    # Who votes for each entity in the room (its titular when present) is read where the console reads it.
    roll = {row.entity.pk: row for row in selectors.room_roll(ballot)}
    recorded = []
    for entity, choice, reasons in votes:
        if choice not in Choice.values:
            raise ValidationError({"choice": _("Elija a favor, en contra o abstención.")})
        reasons = _check_reasons(choice, reasons)
        if entity.pk not in voting:
            raise RuleViolation(
                _("%(entity)s no tiene voto en esta sesión") % {"entity": entity.acronym},
                rule=rule("vote.voting_entity_kinds", on=day),
            )
        if entity.pk in already:
            raise _already_voted(
                ballot, Vote.objects.select_related("person", "entity").get(ballot=ballot, entity=entity)
            )
        row = roll.get(entity.pk)
        voter = row.voter if row is not None else None
        if voter is None:
            raise RuleViolation(
                _("%(entity)s no tiene un representante presente; registre antes su asistencia")
                % {"entity": entity.acronym},
                citation=ballot.rule_citation,
            )
        vote = Vote.objects.create(
            ballot=ballot,
            entity=entity,
            person=voter.person,
            designation=voter,
            role=voter.role,
            choice=choice,
            cast_by=actor,
            method=method,
            reasons=reasons,
        )
        already.add(entity.pk)
        _audit(
            ballot,
            VoteAuditEntry.Event.RECORDED,
            actor=actor,
            entity=entity,
            person=voter.person,
            detail=f"{Vote.Method(method).label}: {voter.get_role_display()}",
        )
        recorded.append(vote)
    return recorded


def _count(ballot: Ballot) -> dict[str, int]:
    counts = dict.fromkeys(Choice.values, 0)
    for choice in Vote.objects.filter(ballot=ballot).values_list("choice", flat=True):
        counts[choice] += 1
    return counts


def _members_in_office(session: Session) -> int:
    if session.is_plenary:
        return len(member_entity_ids_on(session_day(session)))
    return len(selectors.voting_entity_ids_on(session))


@transaction.atomic
def ballot_close(*, actor: Any, ballot: Ballot) -> Ballot:
    """Close the vote and compute the result with the threshold frozen at opening (Art. 7.4, 13)."""
    ballot = Ballot.objects.select_for_update().select_related("session", "kind").get(pk=ballot.pk)
    _require_runner(actor, ballot.session, _("Solo la Secretaría Técnica cierra votaciones del Pleno."))
    _check_ballot_closable(ballot.session)
    if ballot.state != Ballot.State.OPEN:
        raise StateConflict(_("La votación ya está cerrada."), code="ballot_closed")
    counts = _count(ballot)
    ballot.members_in_office = _members_in_office(ballot.session)
    ballot.present_count = len(selectors.present_voting_entity_ids(ballot.session))
    ballot.yes_count, ballot.no_count, ballot.abstain_count = counts["yes"], counts["no"], counts["abstain"]
    result = tally(
        yes=counts["yes"],
        no=counts["no"],
        abstain=counts["abstain"],
        members_in_office=ballot.members_in_office,
        formula=ballot.rule_value,
    )
    ballot.required_yes = result.required_yes
    ballot.closed_by = actor
    if result.needs_casting_vote:
        ballot.state = Ballot.State.TIED
        ballot.save()
        _audit(ballot, VoteAuditEntry.Event.CLOSED, actor=actor, detail=_("Empate: corresponde el voto dirimente"))
        return ballot
    return _finalize(ballot, result, actor=actor)


@transaction.atomic
def ballot_cast_deciding_vote(*, actor: Any, ballot: Ballot, choice: str) -> Ballot:
    """The President breaks a tie (Art. 13): RREE's titular, or its alternate in absence (Art. 15).

    The President casts it from their own screen; the ST may record it as said aloud in the room.
    """
    ballot = Ballot.objects.select_for_update().select_related("session", "kind").get(pk=ballot.pk)
    _check_ballot_closable(ballot.session)
    if ballot.state != Ballot.State.TIED:
        raise StateConflict(_("Solo se dirime una votación empatada."), code="ballot_not_tied")
    if choice not in (Choice.YES, Choice.NO):
        raise ValidationError({"choice": _("El voto dirimente es a favor o en contra.")})
    presiding = selectors.presiding_designation(ballot.session)
    if presiding is None:
        raise RuleViolation(
            _("No está presente el titular ni el alterno de la Presidencia para dirimir"),
            citation=ballot.rule_citation,
        )
    if not may_cast_deciding_vote(actor, ballot, presiding):
        raise AccessDenied(_("El voto dirimente corresponde a quien preside la sesión (Art. 13 y 15)."))
    ballot.casting_vote = choice
    ballot.casting_person_id = presiding.person_id
    ballot.casting_role = presiding.role
    ballot.casting_at = timezone.now()
    ballot.casting_recorded_by = actor
    _audit(
        ballot,
        VoteAuditEntry.Event.CASTING,
        actor=actor,
        entity=presiding.entity,
        person=presiding.person,
        detail=f"{presiding.get_role_display()}: {Choice(choice).label}",
    )
    result = ballot_retally(ballot)
    return _finalize(ballot, result, actor=ballot.closed_by or actor)


def may_cast_deciding_vote(actor: Any, ballot: Ballot, presiding: Designation | None) -> bool:
    """Whoever presides the session casts the deciding vote from their own screen; the ST may record
    it as the President says it aloud in the room (Art. 13, 15)."""
    user_roles = access.roles_of(actor)
    if not access.can(user_roles, "ballot.casting_vote", ballot):
        return False
    presides = presiding is not None and user_roles.person_id == presiding.person_id
    return presides or access.can(user_roles, "ballot.record_casting_vote", ballot)


def ballot_retally(ballot: Ballot) -> Tally:
    """Recompute the result from the stored votes, members count, frozen rule and casting vote."""
    counts = _count(ballot)
    return tally(
        yes=counts["yes"],
        no=counts["no"],
        abstain=counts["abstain"],
        members_in_office=ballot.members_in_office or 0,
        formula=ballot.rule_value,
        casting_vote=ballot.casting_vote,
    )


def _finalize(ballot: Ballot, result: Tally, *, actor: Any) -> Ballot:
    ballot.state = Ballot.State.CLOSED
    ballot.outcome = Ballot.Outcome.ADOPTED if result.adopted else Ballot.Outcome.REJECTED
    ballot.closed_at = timezone.now()
    ballot.closed_by = actor
    ballot.save()
    _audit(ballot, VoteAuditEntry.Event.CLOSED, actor=actor, detail=ballot.get_outcome_display())
    agreement = None
    if result.adopted:
        agreement = agreement_create(
            session=ballot.session,
            agenda_item=ballot.agenda_item,
            ballot=ballot,
            text=ballot.text,
            method=Agreement.Method.VOTE,
            counts=(result.yes, result.no, result.abstain),
            decided_by_casting_vote=result.decided_by_casting_vote,
        )
    ballot_decided.send(sender=Ballot, ballot=ballot, agreement=agreement, actor=actor)
    return ballot


@transaction.atomic
def group_decision_by_consensus(*, actor: Any, agenda_item: AgendaItem, text: str) -> Agreement:
    """A group or subgroup meeting records a decision reached by consensus (Art. 20)."""
    session = Session.objects.select_for_update().get(pk=agenda_item.session_id)
    if session.is_plenary:
        raise RuleViolation(
            _("El Pleno adopta acuerdos por votación; el consenso es el modo de los grupos de trabajo"),
            rule=rule("group.decision_majority", on=session_day(session)),
        )
    _require_runner(actor, session, _("Solo la coordinación del grupo o la Secretaría Técnica registran sus acuerdos."))
    check_record_open(session)
    if session.state not in VOTABLE_STATES:
        raise StateConflict(_("Solo se decide durante una reunión en curso."), code="session_not_in_course")
    threshold = rule("group.decision_majority", on=session_day(session))
    now = timezone.now()
    ballot = Ballot.objects.create(
        session=session,
        agenda_item=agenda_item,
        kind=DecisionKind.objects.get(code="group_decision"),
        text=text.strip(),
        method=Ballot.Method.CONSENSUS,
        state=Ballot.State.CLOSED,
        outcome=Ballot.Outcome.ADOPTED,
        opened_by=actor,
        opened_at=now,
        closed_at=now,
        closed_by=actor,
        rule_key=threshold.key,
        rule_value=threshold.value,
        rule_citation=threshold.citation,
        members_in_office=_members_in_office(session),
        present_count=len(selectors.present_voting_entity_ids(session)),
    )
    _audit(ballot, VoteAuditEntry.Event.CLOSED, actor=actor, detail=_("Consenso"))
    agreement = agreement_create(
        session=session,
        agenda_item=agenda_item,
        ballot=ballot,
        text=ballot.text,
        method=Agreement.Method.CONSENSUS,
        counts=(None, None, None),
    )
    ballot_decided.send(sender=Ballot, ballot=ballot, agreement=agreement, actor=actor)
    return agreement
