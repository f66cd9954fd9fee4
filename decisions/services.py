"""Writes of the decisions app. Each action checks the actor's roles itself, so the browser, the
REST API and the admin behave alike; each runs in one transaction and locks what it changes.
"""

from __future__ import annotations

import datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from directives.rules import rule
from members.models import Designation, Entity, EntityKind, Membership, SecretariatAppointment, SupportCommission
from members.roles import Role, roles_for
from mtigm.core.errors import AccessDenied, RuleViolation
from mtigm.core.outbox import Attachment, in_commission_language, outbox_enqueue
from sessions.models import AgendaItem, Session
from sessions.selectors import member_entity_ids_on, quorum_status

from . import selectors
from .majority import Tally, tally
from .models import (
    Agreement,
    Application,
    Ballot,
    Choice,
    DecisionKind,
    Minutes,
    MinutesSignature,
    Vote,
    VoteAuditEntry,
)

VOTABLE_STATES = (Session.State.IN_SESSION,)


class AlreadyVoted(RuleViolation):
    """The entity already has a vote on this ballot (R2: one entity, one vote)."""


# Helpers ------------------------------------------------------------------------------------------


def _person(actor: Any):  # type: ignore[no-untyped-def]
    person = getattr(actor, "person", None) if actor is not None and actor.is_authenticated else None
    if person is None:
        raise AccessDenied(_("Su usuario no está vinculado a una persona del registro."))
    return person


def _require_secretariat(actor: Any, message: str = "", *, on: datetime.date | None = None) -> None:
    if not roles_for(actor, on=on).has(Role.SECRETARIAT):
        raise AccessDenied(message or _("Solo la Secretaría Técnica puede hacer esta operación."))


def _can_run_meeting(actor: Any, session: Session) -> bool:
    """The ST runs the Plenary; a group's coordinator (or a subgroup's lead) runs its meeting (Art. 20–21)."""
    user_roles = roles_for(actor)
    if user_roles.has(Role.SECRETARIAT):
        return True
    if session.kind == Session.Kind.GROUP:
        return session.group_id in user_roles.coordinated_group_ids
    if session.kind == Session.Kind.SUBGROUP:
        return session.subgroup_id in user_roles.led_subgroup_ids or (
            session.subgroup is not None and session.subgroup.group_id in user_roles.coordinated_group_ids
        )
    return False


def _audit(ballot: Ballot, event: str, *, actor: Any = None, entity=None, person=None, detail: str = "") -> None:  # type: ignore[no-untyped-def]
    VoteAuditEntry.objects.create(
        ballot=ballot,
        event=event,
        entity=entity,
        person=person,
        user=actor if actor is not None and actor.is_authenticated else None,
        detail=detail[:500],
    )


def _session_title(session: Session) -> str:
    return f"{session.title} ({selectors.session_day(session):%d/%m/%Y})"


# Ballots ------------------------------------------------------------------------------------------


@transaction.atomic
def ballot_open(
    *,
    actor: Any,
    agenda_item: AgendaItem,
    text: str,
    kind: DecisionKind | None = None,
    application: Application | None = None,
) -> Ballot:
    """Put a motion to the vote on an agenda item of a session in course (Art. 13, 20)."""
    session = Session.objects.select_for_update().get(pk=agenda_item.session_id)
    if not _can_run_meeting(actor, session):
        raise AccessDenied(_("Solo la Secretaría Técnica abre votaciones del Pleno."))
    if session.state not in VOTABLE_STATES:
        raise ValidationError(_("Solo se vota durante una sesión en curso."))
    agenda_item = AgendaItem.objects.get(pk=agenda_item.pk)
    if agenda_item.status != AgendaItem.Status.ACCEPTED:
        raise ValidationError(_("El punto no está en la agenda de la sesión."))
    if not text.strip():
        raise ValidationError({"text": _("Escriba el texto de la moción.")})
    day = selectors.session_day(session)
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
        raise ValidationError(_("Ya hay una votación abierta sobre este punto."))
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
    if application is not None:
        Application.objects.filter(pk=application.pk).update(ballot=ballot, state=Application.State.SCHEDULED)
    return ballot


def _voter_designation(actor: Any, session: Session, entity: Entity | None) -> Designation:
    """The designation through which ``actor`` votes; refuses observers and support commissions."""
    person = _person(actor)
    day = selectors.session_day(session)
    designations = list(Designation.objects.on(day).filter(person=person).select_related("entity"))
    if entity is not None:
        designations = [d for d in designations if d.entity_id == entity.pk]
    if not designations:
        raise AccessDenied(_("Usted no representa a ninguna entidad de la Mesa en esta fecha."))
    voting = selectors.voting_entity_ids_on(session)
    allowed = [d for d in designations if d.entity_id in voting]
    if not allowed:
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


def _check_presence(session: Session, designation: Designation, ballot: Ballot) -> None:
    present = session.attendances.filter(
        person_id=designation.person_id, entity_id=designation.entity_id, left_at__isnull=True
    ).exists()
    if not present:
        raise RuleViolation(
            _("Solo votan los representantes presentes en la sesión; registre antes su asistencia"),
            citation=ballot.rule_citation,
        )
    if session.is_plenary:
        quorum = quorum_status(session)
        if not quorum.has_quorum:
            raise RuleViolation(
                _("Se perdió el quórum (%(present)s de %(required)s): no se puede votar")
                % {"present": quorum.present, "required": quorum.required},
                citation=quorum.citation,
            )


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


@transaction.atomic
def _vote_cast(*, actor: Any, ballot: Ballot, choice: str, entity: Entity | None) -> Vote:
    # The ballot row lock serialises votes with each other and with closing, so a vote can never
    # slip in after the count; the unique constraint is the last line if that ever changes.
    ballot = Ballot.objects.select_for_update().select_related("session").get(pk=ballot.pk)
    if choice not in Choice.values:
        raise ValidationError({"choice": _("Elija a favor, en contra o abstención.")})
    if ballot.state != Ballot.State.OPEN:
        raise ValidationError(_("La votación ya está cerrada; no se admiten más votos."), code="ballot_closed")
    session = ballot.session
    designation = _voter_designation(actor, session, entity)
    _check_presence(session, designation, ballot)
    existing = Vote.objects.filter(ballot=ballot, entity_id=designation.entity_id).select_related("person", "entity")
    if existing.exists():
        raise _already_voted(ballot, existing.first())
    try:
        with transaction.atomic():
            vote = Vote.objects.create(
                ballot=ballot,
                entity_id=designation.entity_id,
                person_id=designation.person_id,
                designation=designation,
                role=designation.role,
                choice=choice,
                cast_by=actor,
            )
    except IntegrityError as exc:
        raise _already_voted(ballot, existing.first()) from exc
    _audit(
        ballot,
        VoteAuditEntry.Event.CAST,
        actor=actor,
        entity=designation.entity,
        person=designation.person,
        detail=designation.get_role_display(),
    )
    return vote


def vote_cast(*, actor: Any, ballot: Ballot, choice: str, entity: Entity | None = None) -> Vote:
    """Cast the one vote of the actor's entity (titular, or alternate if the titular has not voted)."""
    try:
        return _vote_cast(actor=actor, ballot=ballot, choice=choice, entity=entity)
    except AlreadyVoted as exc:
        # The refusal is part of the audit trail; it is written after the failed transaction rolled back.
        person = getattr(actor, "person", None)
        _audit(ballot, VoteAuditEntry.Event.REFUSED, actor=actor, person=person, detail=exc.messages[0])
        raise


def _count(ballot: Ballot) -> dict[str, int]:
    counts = dict.fromkeys(Choice.values, 0)
    for choice in Vote.objects.filter(ballot=ballot).values_list("choice", flat=True):
        counts[choice] += 1
    return counts


def _members_in_office(session: Session) -> int:
    if session.is_plenary:
        return len(member_entity_ids_on(selectors.session_day(session)))
    return len(selectors.voting_entity_ids_on(session))


@transaction.atomic
def ballot_close(*, actor: Any, ballot: Ballot) -> Ballot:
    """Close the vote and compute the result with the threshold frozen at opening (Art. 7.4, 13)."""
    ballot = Ballot.objects.select_for_update().select_related("session", "kind").get(pk=ballot.pk)
    if not _can_run_meeting(actor, ballot.session):
        raise AccessDenied(_("Solo la Secretaría Técnica cierra votaciones del Pleno."))
    if ballot.state != Ballot.State.OPEN:
        raise ValidationError(_("La votación ya está cerrada."))
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
    if ballot.state != Ballot.State.TIED:
        raise ValidationError(_("Solo se dirime una votación empatada."))
    if choice not in (Choice.YES, Choice.NO):
        raise ValidationError({"choice": _("El voto dirimente es a favor o en contra.")})
    presiding = selectors.presiding_designation(ballot.session)
    if presiding is None:
        raise RuleViolation(
            _("No está presente el titular ni el alterno de la Presidencia para dirimir"),
            citation=ballot.rule_citation,
        )
    person = getattr(actor, "person", None)
    is_president = person is not None and person.pk == presiding.person_id
    if not is_president and not roles_for(actor).has(Role.SECRETARIAT):
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
        agreement = _agreement_create(
            session=ballot.session,
            agenda_item=ballot.agenda_item,
            ballot=ballot,
            text=ballot.text,
            method=Agreement.Method.VOTE,
            counts=(result.yes, result.no, result.abstain),
            decided_by_casting_vote=result.decided_by_casting_vote,
        )
    application = Application.objects.filter(ballot=ballot).first()
    if application is not None:
        _application_apply(actor=actor, application=application, ballot=ballot, agreement=agreement)
    return ballot


@transaction.atomic
def group_decision_by_consensus(*, actor: Any, agenda_item: AgendaItem, text: str) -> Agreement:
    """A group or subgroup meeting records a decision reached by consensus (Art. 20)."""
    session = Session.objects.select_for_update().get(pk=agenda_item.session_id)
    if session.is_plenary:
        raise RuleViolation(
            _("El Pleno adopta acuerdos por votación; el consenso es el modo de los grupos de trabajo"),
            rule=rule("group.decision_majority", on=selectors.session_day(session)),
        )
    if not _can_run_meeting(actor, session):
        raise AccessDenied(_("Solo la coordinación del grupo o la Secretaría Técnica registran sus acuerdos."))
    if session.state not in VOTABLE_STATES:
        raise ValidationError(_("Solo se decide durante una reunión en curso."))
    threshold = rule("group.decision_majority", on=selectors.session_day(session))
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
    agreement = _agreement_create(
        session=session,
        agenda_item=agenda_item,
        ballot=ballot,
        text=ballot.text,
        method=Agreement.Method.CONSENSUS,
        counts=(None, None, None),
    )
    application = Application.objects.filter(agenda_item=agenda_item, ballot__isnull=True).first()
    if application is not None:
        Application.objects.filter(pk=application.pk).update(ballot=ballot)
        application.ballot = ballot
        _application_apply(actor=actor, application=application, ballot=ballot, agreement=agreement)
    return agreement


# Agreements ---------------------------------------------------------------------------------------


def _agreement_create(
    *,
    session: Session,
    agenda_item: AgendaItem | None,
    ballot: Ballot | None,
    text: str,
    method: str,
    counts: tuple[int | None, int | None, int | None],
    decided_by_casting_vote: bool = False,
) -> Agreement:
    # Numbers are consecutive per session; the session row lock makes two closings never share one.
    Session.objects.select_for_update().get(pk=session.pk)
    last = Agreement.objects.filter(session=session).aggregate(n=Max("number"))["n"] or 0
    yes, no, abstain = counts
    return Agreement.objects.create(
        session=session,
        number=last + 1,
        ballot=ballot,
        agenda_item=agenda_item,
        text=text,
        method=method,
        yes_count=yes,
        no_count=no,
        abstain_count=abstain,
        decided_by_casting_vote=decided_by_casting_vote,
    )


AGREEMENT_EDITABLE = {"owner", "due_date", "status", "status_note", "public"}


@transaction.atomic
def agreement_update(*, actor: Any, agreement: Agreement, **fields: Any) -> Agreement:
    """The ST assigns owner and due date and follows up (Art. 18.9); the owner entity may report progress."""
    unknown = set(fields) - AGREEMENT_EDITABLE
    if unknown:
        raise ValueError(f"Unknown agreement fields: {sorted(unknown)}")
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    user_roles = roles_for(actor)
    is_owner = agreement.owner_id is not None and agreement.owner_id in user_roles.entity_ids
    owner_fields_only = is_owner and not set(fields) - {"status", "status_note"}
    if not user_roles.has(Role.SECRETARIAT) and not owner_fields_only:
        raise AccessDenied(
            _("Solo la Secretaría Técnica asigna y edita los acuerdos; la entidad responsable informa su avance.")
        )
    if "status" in fields and fields["status"] not in Agreement.Status.values:
        raise ValidationError({"status": _("Estado desconocido.")})
    for name, value in fields.items():
        setattr(agreement, name, value)
    today = timezone.localdate()
    if agreement.status == Agreement.Status.OVERDUE and agreement.due_date and agreement.due_date >= today:
        agreement.status = Agreement.Status.IN_PROGRESS
    if (
        agreement.status in (Agreement.Status.PENDING, Agreement.Status.IN_PROGRESS)
        and agreement.due_date
        and agreement.due_date < today
    ):
        agreement.status = Agreement.Status.OVERDUE
    if "due_date" in fields:
        agreement.reminder_sent_on = None
        agreement.overdue_notified_on = None
    agreement.save()
    return agreement


@transaction.atomic
def agreement_certify(*, actor: Any, agreement: Agreement) -> Agreement:
    """The ST certifies an agreement for immediate execution before the acta is approved (Art. 14)."""
    _require_secretariat(actor, _("Solo la Secretaría Técnica certifica acuerdos."))
    agreement = Agreement.objects.select_for_update().select_related("session").get(pk=agreement.pk)
    day = selectors.session_day(agreement.session)
    certification = rule("minutes.early_certification", on=day)
    if Minutes.objects.filter(session=agreement.session, state=Minutes.State.APPROVED).exists():
        raise RuleViolation(
            _("El acta ya está aprobada: la certificación anticipada solo procede antes de su aprobación"),
            rule=certification,
        )
    if agreement.certified_at:
        raise ValidationError(_("El acuerdo ya fue certificado."))
    agreement.certified_at = timezone.now()
    agreement.certified_by = actor
    agreement.save()
    return agreement


@in_commission_language
def agreement_reminders(*, today: datetime.date | None = None) -> dict[str, int]:
    """Remind owners before due dates and tell the ST about overdue agreements (beat task)."""
    today = today or timezone.localdate()
    days_before = int(rule("agreement.reminder_days_before_due", on=today).value)
    reminded = overdue = 0
    for agreement in selectors.agreements_due_for_reminder(today, days_before):
        with transaction.atomic():
            locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
            if locked.reminder_sent_on:
                continue
            # The selector only returns agreements with an owner and a due date.
            assert agreement.owner is not None and agreement.due_date is not None
            for designation in selectors.representatives_of(today, tuple(EntityKind.values)).filter(
                entity=agreement.owner_id
            ):
                outbox_enqueue(
                    key=f"agreement:{agreement.pk}:reminder:{agreement.due_date}:{designation.person_id}",
                    kind="agreement_reminder",
                    recipient=designation.person.email,
                    recipient_name=str(designation.person),
                    subject=_("Recordatorio: %(ref)s vence el %(date)s")
                    % {"ref": agreement.reference, "date": agreement.due_date.strftime("%d/%m/%Y")},
                    body_text=_(
                        "Estimado(a) %(name)s:\n\nLe recordamos que el %(ref)s, a cargo de %(entity)s, vence el "
                        "%(date)s.\n\nTexto del acuerdo: %(text)s\n\nSecretaría Técnica de la MTIGM"
                    )
                    % {
                        "name": designation.person,
                        "ref": agreement.reference,
                        "entity": agreement.owner.acronym,
                        "date": agreement.due_date.strftime("%d/%m/%Y"),
                        "text": agreement.text,
                    },
                    related=agreement,
                )
            locked.reminder_sent_on = today
            locked.save(update_fields=["reminder_sent_on", "updated_at"])
            reminded += 1
    for agreement in selectors.agreements_overdue(today):
        with transaction.atomic():
            locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
            if locked.status == Agreement.Status.DONE:
                continue
            # The selector only returns agreements whose due date has passed, so they have one.
            assert agreement.due_date is not None
            locked.status = Agreement.Status.OVERDUE
            if locked.overdue_notified_on is None:
                for person in selectors.secretariat_people(today):
                    outbox_enqueue(
                        key=f"agreement:{agreement.pk}:overdue:{agreement.due_date}:{person.pk}",
                        kind="agreement_overdue",
                        recipient=person.email,
                        recipient_name=str(person),
                        subject=_("Acuerdo vencido: %(ref)s") % {"ref": agreement.reference},
                        body_text=_(
                            "El %(ref)s venció el %(date)s sin registrarse su cumplimiento.\n\nResponsable: "
                            "%(entity)s\nTexto: %(text)s"
                        )
                        % {
                            "ref": agreement.reference,
                            "date": agreement.due_date.strftime("%d/%m/%Y"),
                            "entity": agreement.owner.acronym if agreement.owner is not None else _("sin asignar"),
                            "text": agreement.text,
                        },
                        related=agreement,
                    )
                locked.overdue_notified_on = today
            locked.save(update_fields=["status", "overdue_notified_on", "updated_at"])
            overdue += 1
    return {"reminded": reminded, "overdue": overdue}


# Minutes ------------------------------------------------------------------------------------------


def _render_after_commit(minutes: Minutes) -> None:
    from .tasks import render_minutes_pdf

    Minutes.objects.filter(pk=minutes.pk).update(pdf_status=Minutes.PdfStatus.QUEUED, pdf_progress=0, pdf_error="")

    def _dispatch() -> None:
        try:
            render_minutes_pdf.apply_async(args=[minutes.pk], retry=False)
        except Exception:  # noqa: BLE001 - a broker outage leaves the request "queued" for a retry button
            Minutes.objects.filter(pk=minutes.pk).update(
                pdf_status=Minutes.PdfStatus.FAILED, pdf_error=_("No se pudo encolar la generación del PDF.")
            )

    transaction.on_commit(_dispatch)


@transaction.atomic
def minutes_draft(*, actor: Any, session: Session) -> Minutes:
    """Create or refresh the draft acta from the session's records (R12)."""
    _require_secretariat(actor, _("Solo la Secretaría Técnica redacta el acta."))
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.state not in (Session.State.IN_SESSION, Session.State.HELD):
        raise ValidationError(_("El acta se redacta de una sesión en curso o realizada."))
    latest = Minutes.objects.filter(session=session).order_by("-version").first()
    if latest is not None and latest.is_approved:
        raise ValidationError(_("El acta ya está aprobada; una corrección es una nueva versión."))
    if latest is None:
        latest = Minutes(session=session, version=1)
    latest.content = selectors.minutes_content(session, summaries=latest.summaries)
    latest.save()
    return latest


@transaction.atomic
def minutes_update(
    *, actor: Any, minutes: Minutes, summaries: dict[str, str] | None = None, observations: str | None = None
) -> Minutes:
    _require_secretariat(actor, _("Solo la Secretaría Técnica redacta el acta."))
    minutes = Minutes.objects.select_for_update().select_related("session").get(pk=minutes.pk)
    if minutes.is_approved:
        raise ValidationError(_("Un acta aprobada no se edita; registre una corrección."))
    if summaries is not None:
        minutes.summaries = {str(k): v.strip() for k, v in summaries.items()}
    if observations is not None:
        minutes.observations = observations.strip()
    minutes.content = selectors.minutes_content(minutes.session, summaries=minutes.summaries)
    minutes.save()
    return minutes


def _approval_sessions(session: Session) -> list[Session]:
    """The acta is approved at the end of its own session or at the start of the next one (Art. 14)."""
    following = (
        Session.objects.filter(
            kind__in=[Session.Kind.ORDINARY, Session.Kind.EXTRAORDINARY], starts_at__gt=session.starts_at
        )
        .exclude(state__in=[Session.State.CANCELLED, Session.State.POSTPONED])
        .order_by("starts_at")
        .first()
        if session.is_plenary
        else Session.objects.filter(
            kind=session.kind, group=session.group_id, subgroup=session.subgroup_id, starts_at__gt=session.starts_at
        )
        .exclude(state__in=[Session.State.CANCELLED, Session.State.POSTPONED])
        .order_by("starts_at")
        .first()
    )
    return [session] + ([following] if following else [])


@transaction.atomic
def minutes_approve(*, actor: Any, minutes: Minutes, in_session: Session) -> Minutes:
    """Record the approval of the draft in its own session or at the start of the next (Art. 14)."""
    _require_secretariat(actor, _("Solo la Secretaría Técnica registra la aprobación del acta."))
    minutes = Minutes.objects.select_for_update().select_related("session").get(pk=minutes.pk)
    if minutes.is_approved:
        raise ValidationError(_("El acta ya está aprobada."))
    window = rule("minutes.approval_sessions", on=selectors.session_day(minutes.session))
    allowed = _approval_sessions(minutes.session)
    if in_session.pk not in {s.pk for s in allowed}:
        raise RuleViolation(
            _("El acta se aprueba al final de la misma sesión o al inicio de la siguiente"), rule=window
        )
    if in_session.state not in (Session.State.IN_SESSION, Session.State.HELD):
        raise RuleViolation(_("La sesión en que se aprueba el acta debe estar en curso"), rule=window)
    minutes.content = selectors.minutes_content(minutes.session, summaries=minutes.summaries)
    minutes.content_hash = selectors.content_hash(minutes.content, minutes.observations)
    minutes.state = Minutes.State.APPROVED
    minutes.approved_at = timezone.now()
    minutes.approved_in_session = in_session
    minutes.approved_by = actor
    minutes.save()
    _render_after_commit(minutes)
    return minutes


@transaction.atomic
def minutes_correct(*, actor: Any, minutes: Minutes, reason: str) -> Minutes:
    """Start a correction: a new draft version that, once approved, replaces the old one (R12)."""
    _require_secretariat(actor, _("Solo la Secretaría Técnica registra correcciones del acta."))
    minutes = Minutes.objects.select_for_update().select_related("session").get(pk=minutes.pk)
    if not minutes.is_approved:
        raise ValidationError(_("Solo se corrige un acta aprobada; el borrador se edita directamente."))
    if Minutes.objects.filter(supersedes=minutes).exists():
        raise ValidationError(_("Esta versión ya tiene una corrección."))
    if not reason.strip():
        raise ValidationError({"reason": _("Indique el motivo de la corrección.")})
    last = Minutes.objects.filter(session=minutes.session).aggregate(n=Max("version"))["n"] or 0
    return Minutes.objects.create(
        session=minutes.session,
        version=last + 1,
        supersedes=minutes,
        correction_reason=reason.strip(),
        summaries=minutes.summaries,
        observations=minutes.observations,
        content=selectors.minutes_content(minutes.session, summaries=minutes.summaries),
    )


def _signer_capacity(actor: Any, minutes: Minutes) -> tuple[str, Entity | None, str]:
    person = _person(actor)
    session = minutes.session
    day = selectors.session_day(session)
    if SecretariatAppointment.objects.current().filter(person=person).exists():
        return MinutesSignature.Capacity.SECRETARIAT, None, ""
    kinds = dict(
        Membership.objects.on(day)
        .filter(kind__in=[EntityKind.MEMBER, EntityKind.OBSERVER])
        .values_list("entity_id", "kind")
    )
    attendance = (
        session.attendances.filter(person=person, entity_id__in=kinds.keys())
        .select_related("entity", "designation")
        .first()
    )
    if attendance is None:
        raise RuleViolation(
            _("Firman el acta la Secretaría Técnica y los miembros y observadores que asistieron a la sesión"),
            rule=rule("minutes.approval_sessions", on=day),
        )
    capacity = (
        MinutesSignature.Capacity.MEMBER
        if kinds[attendance.entity_id] == EntityKind.MEMBER
        else MinutesSignature.Capacity.OBSERVER
    )
    role = attendance.designation.role if attendance.designation is not None else ""
    return capacity, attendance.entity, role


@transaction.atomic
def minutes_sign(*, actor: Any, minutes: Minutes, ip_address: str | None = None) -> MinutesSignature:
    """Sign the approved acta in the browser; the signature binds the approved content's hash."""
    minutes = Minutes.objects.select_for_update().select_related("session").get(pk=minutes.pk)
    if not minutes.is_approved:
        raise ValidationError(_("Solo se firma el acta aprobada."))
    capacity, entity, role = _signer_capacity(actor, minutes)
    person = _person(actor)
    if minutes.signatures.filter(person=person).exists():
        raise ValidationError(_("Usted ya firmó esta acta."))
    signature = MinutesSignature.objects.create(
        minutes=minutes,
        person=person,
        entity=entity,
        capacity=capacity,
        role=role,
        content_hash=minutes.content_hash,
        user=actor,
        ip_address=ip_address,
    )
    _render_after_commit(minutes)
    return signature


@transaction.atomic
def minutes_request_pdf(*, actor: Any, minutes: Minutes) -> Minutes:
    user_roles = roles_for(actor)
    if not user_roles.roles:
        raise AccessDenied(_("No tiene acceso a las actas."))
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    _render_after_commit(minutes)
    return minutes


@transaction.atomic
@in_commission_language
def minutes_send(*, actor: Any, minutes: Minutes) -> int:
    """E-mail the approved, signed acta as PDF to every member and observer representative (Art. 14)."""
    _require_secretariat(actor, _("Solo la Secretaría Técnica envía el acta."))
    minutes = Minutes.objects.select_for_update().select_related("session").get(pk=minutes.pk)
    if not minutes.is_approved:
        raise ValidationError(_("Solo se envía el acta aprobada."))
    if not minutes.signatures.filter(capacity=MinutesSignature.Capacity.SECRETARIAT).exists():
        raise RuleViolation(
            _("El acta se envía firmada; falta la firma de la Secretaría Técnica"),
            rule=rule("minutes.approval_sessions", on=selectors.session_day(minutes.session)),
        )
    today = timezone.localdate()
    title = minutes.session.title
    sent = 0
    for designation in selectors.representatives_of(today, (EntityKind.MEMBER, EntityKind.OBSERVER)):
        outbox_enqueue(
            key=f"minutes:{minutes.pk}:send:{designation.person_id}",
            kind="minutes",
            recipient=designation.person.email,
            recipient_name=str(designation.person),
            subject=_("Acta de la %(session)s") % {"session": _session_title(minutes.session)},
            body_text=_(
                "Estimado(a) %(name)s:\n\nAdjuntamos el acta aprobada y firmada de la %(session)s "
                "(versión %(version)s), en cumplimiento del artículo 14 del Reglamento.\n\n"
                "Secretaría Técnica de la MTIGM"
            )
            % {"name": designation.person, "session": title, "version": minutes.version},
            attachments=[Attachment("decisions.minutes_pdf", {"minutes_id": minutes.pk})],
            related=minutes,
        )
        sent += 1
    minutes.sent_at = timezone.now()
    minutes.save(update_fields=["sent_at", "updated_at"])
    return sent


# Applications (R14–R18, R24) ----------------------------------------------------------------------

KIND_DECISION = {
    Application.Kind.MEMBER_ADMISSION: "member_admission",
    Application.Kind.OBSERVER_ADMISSION: "observer_admission",
    Application.Kind.COOPERATION_AGENCY: "cooperation_invitation",
    Application.Kind.CSO_ADMISSION: "cso_admission",
    Application.Kind.CSO_LOSS: "cso_loss",
    Application.Kind.WORKING_GROUP: "working_group_creation",
    Application.Kind.SUPPORT_COMMISSION: "support_commission_change",
    Application.Kind.COORDINATOR: "coordinator_approval",
    Application.Kind.SUBGROUP_LEAD: "group_decision",
    Application.Kind.DIRECTIVE: "directive_approval",
}

APPLICATION_FIELDS = {
    "title",
    "reasons",
    "received_on",
    "requested_by_presidency",
    "name",
    "acronym",
    "entity",
    "applicant_email",
    "group",
    "subgroup",
    "support_commission",
    "norm",
    "certificate_issued_on",
    "registry_entry_number",
    "registry_office",
    "legal_representative",
    "legal_representative_email",
    "legal_representative_phone",
    "website",
    "address",
    "phones",
    "main_activity",
    "other_data",
    "purpose",
    "purpose_migration_related",
}


def _backing_members(application: Application, day: datetime.date) -> int:
    members = member_entity_ids_on(day)
    return len(set(application.backers.values_list("pk", flat=True)) & members)


def _require(condition: bool, field: str, message: str) -> None:
    if not condition:
        raise ValidationError({field: message})


def application_check(application: Application) -> None:
    """The requirements of each procedure, checked when the application is registered or scheduled."""
    day = application.received_on
    kind = application.kind
    if kind in (Application.Kind.MEMBER_ADMISSION, Application.Kind.OBSERVER_ADMISSION):
        _require(bool(application.name.strip() or application.entity_id), "name", _("Indique la entidad."))
    if kind == Application.Kind.COOPERATION_AGENCY:
        _require(bool(application.name.strip()), "name", _("Indique la agencia de cooperación."))
        _require(bool(application.applicant_email), "applicant_email", _("Indique el correo para la invitación."))
        if not application.requested_by_presidency and _backing_members(application, day) < 1:
            raise RuleViolation(
                _("La invitación a una agencia la propone la Presidencia o algún miembro"),
                rule=rule("cooperation.invitation_majority", on=day),
            )
    if kind == Application.Kind.CSO_ADMISSION:
        _require(bool(application.name.strip()), "name", _("Indique la institución."))
        _require(bool(application.applicant_email), "applicant_email", _("Indique el correo para la invitación."))
        max_age = rule("cso.certificate_max_age_months", on=day)
        if application.certificate_issued_on is None:
            raise RuleViolation(
                _("Falta la copia certificada de la partida registral y su fecha de emisión"),
                rule=max_age,
                field="certificate_issued_on",
            )
        oldest = day - relativedelta(months=int(max_age.value))
        if application.certificate_issued_on < oldest:
            raise RuleViolation(
                _(
                    "La partida registral fue emitida el %(issued)s: tiene más de %(months)s meses a la fecha de la "
                    "solicitud (%(day)s)"
                )
                % {
                    "issued": application.certificate_issued_on.strftime("%d/%m/%Y"),
                    "months": max_age.value,
                    "day": day.strftime("%d/%m/%Y"),
                },
                rule=max_age,
                field="certificate_issued_on",
            )
        if application.certificate_issued_on > day:
            raise ValidationError({"certificate_issued_on": _("La partida no puede ser posterior a la solicitud.")})
        _require(
            bool(application.registry_entry_number.strip()),
            "registry_entry_number",
            _("Indique el número de partida registral."),
        )
        if not application.legal_representative.strip():
            raise RuleViolation(
                _("La partida debe indicar los representantes legales"),
                rule=max_age,
                field="legal_representative",
            )
        if not application.purpose_migration_related:
            raise RuleViolation(
                _("Los fines de la institución deben estar vinculados a la temática migratoria"),
                rule=rule("cso.admission_majority", on=day),
                field="purpose_migration_related",
            )
    if kind == Application.Kind.CSO_LOSS:
        _require(application.entity_id is not None, "entity", _("Indique la institución."))
        _require(bool(application.reasons.strip()), "reasons", _("El pedido debe ser sustentado."))
        needed = rule("cso.loss_request_min_members", on=day)
        if not application.requested_by_presidency and _backing_members(application, day) < int(needed.value):
            raise RuleViolation(
                _("La pérdida de la condición la pide la Presidencia o al menos %(n)s entidades miembro")
                % {"n": needed.value},
                rule=needed,
            )
    if kind in (Application.Kind.WORKING_GROUP, Application.Kind.SUPPORT_COMMISSION):
        key = (
            "group.creation_min_members"
            if kind == Application.Kind.WORKING_GROUP
            else ("support_commission.change_min_members")
        )
        needed = rule(key, on=day)
        _require(bool(application.name.strip()), "name", _("Indique el nombre propuesto."))
        if _backing_members(application, day) < int(needed.value):
            raise RuleViolation(
                _("La propuesta debe estar respaldada por al menos %(n)s entidades miembro (tiene %(have)s)")
                % {"n": needed.value, "have": _backing_members(application, day)},
                rule=needed,
            )
    if kind == Application.Kind.COORDINATOR:
        _require(application.group_id is not None, "group", _("Indique el grupo."))
        _require(application.entity_id is not None, "entity", _("Indique la entidad propuesta."))
    if kind == Application.Kind.SUBGROUP_LEAD:
        _require(application.subgroup_id is not None, "subgroup", _("Indique el subgrupo."))
        _require(application.entity_id is not None, "entity", _("Indique la entidad propuesta."))
    if kind == Application.Kind.DIRECTIVE:
        _require(application.norm_id is not None, "norm", _("Indique la directiva."))


@transaction.atomic
def application_submit(
    *, actor: Any, kind: str, backers: list[Entity] | tuple[Entity, ...] = (), **fields: Any
) -> Application:
    """Register a request received by the ST (requests go to the Presidency through the ST, Art. 7.4)."""
    _require_secretariat(actor, _("Las solicitudes se presentan a la Presidencia a través de la Secretaría Técnica."))
    unknown = set(fields) - APPLICATION_FIELDS
    if unknown:
        raise ValueError(f"Unknown application fields: {sorted(unknown)}")
    if kind not in Application.Kind.values:
        raise ValidationError({"kind": _("Procedimiento desconocido.")})
    fields.setdefault("received_on", timezone.localdate())
    if not fields.get("title"):
        fields["title"] = f"{Application.Kind(kind).label}: {fields.get('name') or fields.get('entity') or ''}".strip()
    application = Application(kind=kind, submitted_by=actor, **fields)
    application.full_clean(exclude=["backers"])
    application.save()
    if backers:
        application.backers.set(backers)
    application_check(application)
    if kind == Application.Kind.CSO_ADMISSION:
        _cso_copy_to_members(application)
    return application


@in_commission_language
def _cso_copy_to_members(application: Application) -> None:
    """Dir. 002: the ST sends a copy of the application to every member entity."""
    day = application.received_on
    # application_check has required the certificate's date before the request was registered.
    issued = application.certificate_issued_on
    assert issued is not None
    for designation in selectors.representatives_of(day, (EntityKind.MEMBER,)):
        outbox_enqueue(
            key=f"application:{application.pk}:copy:{designation.person_id}",
            kind="cso_application_copy",
            recipient=designation.person.email,
            recipient_name=str(designation.person),
            subject=_("Solicitud de incorporación: %(name)s") % {"name": application.name},
            body_text=_(
                "Estimado(a) %(name)s:\n\nLa Secretaría Técnica le remite copia de la solicitud de incorporación de "
                "%(cso)s a la Comisión de Coordinación con Instituciones de la Sociedad Civil (Directiva N° "
                "002-2014 ST-MTIGM), recibida el %(day)s.\n\nFines: %(purpose)s\nPartida registral: %(entry)s "
                "(%(office)s), emitida el %(issued)s\nRepresentante legal: %(rep)s\n\nSe tratará en la próxima "
                "sesión del Pleno.\n\nSecretaría Técnica de la MTIGM"
            )
            % {
                "name": designation.person,
                "cso": application.name,
                "day": day.strftime("%d/%m/%Y"),
                "purpose": application.purpose,
                "entry": application.registry_entry_number,
                "office": application.registry_office or "SUNARP",
                "issued": issued.strftime("%d/%m/%Y"),
                "rep": application.legal_representative,
            },
            related=application,
        )


@transaction.atomic
def application_back(*, actor: Any, application: Application) -> Application:
    """A member entity's representative adds the entity's support to a proposal (Art. 20.1, 31)."""
    user_roles = roles_for(actor)
    if not user_roles.member_entity_ids:
        raise AccessDenied(_("Solo las entidades miembro respaldan propuestas."))
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.state != Application.State.RECEIVED:
        raise ValidationError(_("La propuesta ya está en agenda o fue decidida."))
    application.backers.add(*user_roles.member_entity_ids)
    return application


@transaction.atomic
def application_schedule(*, actor: Any, application: Application, session: Session) -> Application:
    """Place the request on the agenda of the next session (Art. 7.4, Dir. 002)."""
    _require_secretariat(actor, _("La Secretaría Técnica propone la agenda."))
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.state != Application.State.RECEIVED:
        raise ValidationError(_("La solicitud ya está en agenda o fue decidida."))
    application_check(application)
    needs_group = application.kind == Application.Kind.SUBGROUP_LEAD
    if needs_group:
        # application_check has required the subgroup of a subgroup-lead request.
        assert application.subgroup is not None
        if session.kind != Session.Kind.GROUP or session.group_id != application.subgroup.group_id:
            raise RuleViolation(
                _("El responsable de un subgrupo lo aprueba el grupo de trabajo en su reunión"),
                rule=rule("group.decision_majority", on=selectors.session_day(session)),
            )
    elif not session.is_plenary:
        raise ValidationError(_("Este procedimiento lo decide el Pleno."))
    if session.state in (Session.State.HELD, Session.State.CANCELLED, Session.State.POSTPONED):
        raise ValidationError(_("La sesión ya se realizó o fue cancelada."))
    locked = Session.objects.select_for_update().get(pk=session.pk)
    position = (AgendaItem.objects.filter(session=locked).aggregate(n=Max("position"))["n"] or 0) + 1
    item = AgendaItem.objects.create(
        session=locked,
        position=position,
        title=application.title,
        description=application.reasons,
        status=AgendaItem.Status.ACCEPTED,
        proposed_at=timezone.now(),
    )
    application.agenda_item = item
    application.state = Application.State.SCHEDULED
    application.save()
    return application


def application_motion_text(application: Application) -> str:
    label = Application.Kind(application.kind).label
    who = application.name or (application.entity.name if application.entity is not None else "")
    return _("Aprobar: %(what)s — %(who)s") % {"what": label, "who": who}


def application_open_ballot(*, actor: Any, application: Application, text: str = "") -> Ballot:
    if application.agenda_item is None:
        raise ValidationError(_("Primero ponga la solicitud en la agenda de una sesión."))
    if application.ballot is not None and application.ballot.state != Ballot.State.CLOSED:
        raise ValidationError(_("Ya hay una votación abierta sobre esta solicitud."))
    kind = DecisionKind.objects.get(code=KIND_DECISION[Application.Kind(application.kind)])
    return ballot_open(
        actor=actor,
        agenda_item=application.agenda_item,
        text=text or application_motion_text(application),
        kind=kind,
        application=application,
    )


@in_commission_language
def _application_apply(*, actor: Any, application: Application, ballot: Ballot, agreement: Agreement | None) -> None:
    """Carry out what the adopted agreement decides; a rejection is recorded either way (Dir. 002)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    session = ballot.session
    day = selectors.session_day(session)
    application.decided_on = day
    if agreement is None:
        application.state = Application.State.REJECTED
        application.save()
        return
    reference = f"{agreement.reference}"
    kind = application.kind
    # The registry is written in the ST's name (it registered the request), also when a group
    # meeting run by its coordinator took the decision.
    actor = application.submitted_by
    application.state = Application.State.APPROVED
    from members import services as members_services

    if kind in (Application.Kind.MEMBER_ADMISSION, Application.Kind.OBSERVER_ADMISSION):
        entity_kind = EntityKind.MEMBER if kind == Application.Kind.MEMBER_ADMISSION else EntityKind.OBSERVER
        if application.entity is None:
            application.entity = members_services.entity_create(
                actor=actor,
                kind=entity_kind,
                name=application.name,
                acronym=application.acronym or application.name[:40],
                membership_start=day,
                admitted_at=session.title,
                admitting_agreement=reference,
            )
        else:
            members_services.membership_admit(
                actor=actor,
                entity=application.entity,
                kind=entity_kind,
                start=day,
                admitted_at=session.title,
                admitting_agreement=reference,
            )
        if entity_kind == EntityKind.MEMBER:
            application.decree_state = Application.DecreeState.PENDING
        application.state = Application.State.COMPLETED if entity_kind == EntityKind.OBSERVER else application.state
    elif kind in (Application.Kind.COOPERATION_AGENCY, Application.Kind.CSO_ADMISSION):
        outbox_enqueue(
            key=f"application:{application.pk}:invitation",
            kind="invitation_letter",
            recipient=application.applicant_email,
            recipient_name=application.legal_representative or application.name,
            subject=_("Invitación a integrar la Mesa de Trabajo Intersectorial para la Gestión Migratoria"),
            body_text=_(
                "Señores %(name)s:\n\nAdjuntamos la carta de invitación acordada por el Pleno en la %(session)s. "
                "Le rogamos confirmar su aceptación y designar a su representante titular y alterno.\n\n"
                "Secretaría Técnica de la MTIGM"
            )
            % {"name": application.name, "session": session.title},
            attachments=[Attachment("decisions.invitation_pdf", {"application_id": application.pk})],
            related=application,
        )
        application.state = Application.State.INVITED
        application.invitation_sent_on = timezone.localdate()
    elif kind == Application.Kind.CSO_LOSS:
        membership = Membership.objects.filter(entity=application.entity_id, end__isnull=True).first()
        if membership is not None:
            members_services.membership_end(
                actor=actor, membership=membership, end=day, reason=f"{reference}: {application.reasons}"[:300]
            )
        application.state = Application.State.COMPLETED
    elif kind == Application.Kind.WORKING_GROUP:
        from members.models import WorkingGroup

        number = (WorkingGroup.objects.aggregate(n=Max("number"))["n"] or 0) + 1
        members_services.group_create(
            actor=actor,
            number=number,
            name=application.name,
            created_on=day,
            created_by=reference,
            description=application.reasons,
        )
        application.state = Application.State.COMPLETED
    elif kind == Application.Kind.COORDINATOR:
        # application_check has required the group and the entity of a coordinator request.
        assert application.group is not None and application.entity is not None
        members_services.group_coordinator_assign(
            actor=actor,
            group=application.group,
            entity=application.entity,
            start=day,
            approved_on=day,
            approval_reference=reference,
        )
        application.state = Application.State.COMPLETED
    elif kind == Application.Kind.SUBGROUP_LEAD:
        # application_check has required the subgroup and the entity of a subgroup-lead request.
        assert application.subgroup is not None and application.entity is not None
        members_services.subgroup_lead_assign(
            actor=actor,
            subgroup=application.subgroup,
            entity=application.entity,
            start=day,
            approved_on=day,
            approval_reference=reference,
        )
        application.state = Application.State.COMPLETED
    elif kind == Application.Kind.DIRECTIVE:
        _directive_approve(actor=actor, norm=application.norm, approved_on=day, reference=reference)
        application.state = Application.State.COMPLETED
    else:  # support commission: the agreement itself is the record; the registry follows by the ST.
        application.state = Application.State.COMPLETED
    application.save()


def _directive_approve(*, actor: Any, norm: Any, approved_on: datetime.date, reference: str) -> None:
    """R24: the approving agreement puts the directive in force from the next day."""
    # Imported here, as before, so that loading this module does not import the directives services; the
    # directives app ships directive_approve, so the former fallback for a missing service could not run.
    from directives.services import directive_approve

    directive_approve(actor=actor, norm=norm, approved_on=approved_on, agreement_reference=reference)


@transaction.atomic
def application_accept(
    *,
    actor: Any,
    application: Application,
    accepted_on: datetime.date,
    titular: dict[str, str],
    alternate: dict[str, str],
) -> Application:
    """The invited agency or CSO accepts: titular and alternate are designated and, for a CSO, the
    Registry entry is written with every field of Dir. 002 (R17, R18)."""
    _require_secretariat(actor)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.kind not in (Application.Kind.COOPERATION_AGENCY, Application.Kind.CSO_ADMISSION):
        raise ValidationError(_("Solo las agencias y las instituciones invitadas aceptan una invitación."))
    if application.state != Application.State.INVITED:
        raise ValidationError(_("La solicitud no tiene una invitación pendiente de aceptación."))
    from members import services as members_services

    is_cso = application.kind == Application.Kind.CSO_ADMISSION
    kind = EntityKind.CIVIL_SOCIETY if is_cso else EntityKind.COOPERATION_AGENCY
    commission = SupportCommission.objects.filter(
        kind=SupportCommission.Kind.CIVIL_SOCIETY if is_cso else SupportCommission.Kind.COOPERATION
    ).first()
    if commission is None:
        raise ValidationError(_("La comisión de apoyo no está registrada."))
    agreement = Agreement.objects.filter(ballot=application.ballot_id).select_related("session").first()
    reference = agreement.reference if agreement else ""
    entity = members_services.entity_create(
        actor=actor,
        kind=kind,
        name=application.name,
        acronym=application.acronym or application.name[:40],
        support_commission=commission,
        website=application.website,
        email=application.applicant_email,
        address=application.address,
        phones=application.phones,
        membership_start=accepted_on,
        admitted_at=agreement.session.title if agreement else "",
        admitting_agreement=reference,
    )
    for role, data in ((Designation.Role.TITULAR, titular), (Designation.Role.ALTERNATE, alternate)):
        if not data.get("first_name") or not data.get("last_name"):
            raise ValidationError({role: _("Indique nombres y apellidos del representante.")})
        person = members_services.person_create(
            actor=actor,
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            position=data.get("position", ""),
        )
        members_services.designation_create(
            actor=actor,
            entity=entity,
            person=person,
            role=role,
            start=accepted_on,
            resolution_number=data.get("resolution_number", ""),
            notified_on=accepted_on,
        )
    if is_cso:
        members_services.cso_register(
            actor=actor,
            entity=entity,
            registered_on=accepted_on,
            admitted_on=application.decided_on,
            admitted_at=reference,
            registry_entry_number=application.registry_entry_number,
            registry_office=application.registry_office or "SUNARP",
            legal_representative=application.legal_representative,
            legal_representative_email=application.legal_representative_email,
            legal_representative_phone=application.legal_representative_phone,
            website=application.website,
            address=application.address,
            phones=application.phones,
            main_activity=application.main_activity,
            other_data=application.other_data,
        )
    application.entity = entity
    application.accepted_on = accepted_on
    application.state = Application.State.COMPLETED
    application.save()
    return application


@transaction.atomic
def application_set_decree(
    *, actor: Any, application: Application, decree_state: str, reference: str = ""
) -> Application:
    """Track the decreto supremo that formalises a new member (Art. 7.4)."""
    _require_secretariat(actor)
    application = Application.objects.select_for_update().get(pk=application.pk)
    admitted = application.state in (Application.State.APPROVED, Application.State.COMPLETED)
    if application.kind != Application.Kind.MEMBER_ADMISSION or not admitted:
        raise ValidationError(_("El decreto supremo solo se tramita para miembros admitidos."))
    if decree_state not in (
        Application.DecreeState.PENDING,
        Application.DecreeState.IN_PROCESS,
        Application.DecreeState.ISSUED,
    ):
        raise ValidationError({"decree_state": _("Estado desconocido.")})
    if decree_state == Application.DecreeState.ISSUED and not reference.strip():
        raise ValidationError({"decree_reference": _("Indique el número del decreto supremo.")})
    application.decree_state = decree_state
    application.decree_reference = reference.strip()
    if decree_state == Application.DecreeState.ISSUED:
        application.state = Application.State.COMPLETED
        Membership.objects.filter(entity=application.entity_id, end__isnull=True).update(legal_basis=reference.strip())
    application.save()
    return application
