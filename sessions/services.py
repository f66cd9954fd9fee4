"""Writes of the sessions app: every action asks the access layer itself (UI, API and admin alike).

Each service is one transaction: it locks the session row before changing its state, records the
transition, and queues its e-mails (composed in ``emails``) in the outbox inside the same
transaction, so a refused or failed action leaves nothing behind and a committed one cannot lose
its messages. The call letter is rendered by a Celery task named after commit, never here.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from directives.calendar import add_business_days, business_days_between, latest_call_date
from directives.rules import rule
from members.models import Designation, Entity, EntityKind, Membership, Person, Subgroup, WorkingGroup
from mtigm.core import access
from mtigm.core.dispatch import after_commit
from mtigm.core.errors import AccessDenied, RuleViolation, StateConflict
from mtigm.core.files import validate_document_upload
from mtigm.core.services import model_update

from .emails import enqueue_session_messages
from .models import (
    AbsenceNotice,
    AgendaDocument,
    AgendaItem,
    Attendance,
    CalendarFeedToken,
    ExtraordinarySessionRequest,
    RequestBacking,
    Session,
    SessionTransition,
    Suspension,
)
from .selectors import (
    PLENARY_KINDS,
    entity_ids_called,
    latest_valid_call_date,
    member_entity_ids_on,
    notice_rule,
    present_member_entity_ids,
    proposed_number,
)

State = Session.State
Kind = Session.Kind
CALL_PDF_TASK = "sessions.tasks.session_render_call_pdf"

# Allowed state changes; anything else is refused (the state machine of the issue).
TRANSITIONS: dict[str, set[str]] = {
    State.DRAFT: {State.CALLED, State.CANCELLED, State.IN_SESSION},
    State.CALLED: {State.CALLED, State.IN_SESSION, State.POSTPONED, State.CANCELLED},
    State.POSTPONED: {State.CALLED, State.CANCELLED},
    State.IN_SESSION: {State.HELD},
    State.HELD: set(),
    State.CANCELLED: set(),
}


# Permissions -----------------------------------------------------------------------------------


def _require_manager(actor: Any, session: Session) -> None:
    """The ST runs plenary sessions (Art. 18); coordinators and leads run their own meetings (Art. 20–21)."""
    access.require(
        actor,
        "session.manage",
        session,
        message=_("Solo la Secretaría Técnica (o quien coordina el grupo) puede realizar esta acción."),
    )


def _lock(session: Session) -> Session:
    return Session.objects.select_for_update().get(pk=session.pk)


def _transition(session: Session, to_state: str, *, actor: Any, reason: str = "", now: datetime.datetime) -> None:
    if to_state not in TRANSITIONS[session.state]:
        raise StateConflict(
            _("Una sesión «%(state)s» no puede pasar a «%(to)s».")
            % {"state": session.get_state_display(), "to": State(to_state).label},
            code="session_state",
        )
    SessionTransition.objects.create(
        session=session,
        from_state=session.state,
        to_state=to_state,
        reason=reason,
        actor=actor if getattr(actor, "pk", None) else None,
        at=now,
    )
    session.state = to_state
    session.state_reason = reason


def check_record_open(session: Session) -> None:
    """Once the session's acta is approved, nothing is added to its record (R12, Art. 14): the acta
    must tell the whole session, so a late vote or attendance would contradict what was signed."""
    if session.record_sealed_at is not None:
        raise StateConflict(
            _(
                "El acta de esta sesión ya fue aprobada: no se agrega nada a su registro. Una corrección del "
                "acta se tramita como nueva versión (Art. 14)."
            ),
            code="record_sealed",
        )


def open_suspension(session: Session) -> Suspension | None:
    return session.suspensions.filter(resumed_at__isnull=True).first()


def _touch(session: Session) -> None:
    """Mark the session as modified, so calendar clients asking ``modified_since`` see agenda changes."""
    Session.objects.filter(pk=session.pk).update(updated_at=timezone.now())


# Create and edit -------------------------------------------------------------------------------


@transaction.atomic
def session_create(
    *,
    actor: Any,
    kind: str,
    starts_at: datetime.datetime,
    extended: bool = False,
    ends_at: datetime.datetime | None = None,
    place: str = "",
    video_link: str = "",
    group: WorkingGroup | None = None,
    subgroup: Subgroup | None = None,
    number: int | None = None,
    initiative: str = "",
    request: ExtraordinarySessionRequest | None = None,
    now: datetime.datetime | None = None,
) -> Session:
    """Create a draft session. Plenary ones get the next number of their series from history (R3)."""
    now = now or timezone.now()
    if timezone.is_naive(starts_at):
        raise ValidationError(_("La hora de inicio debe indicar su zona horaria."))
    if ends_at and ends_at <= starts_at:
        raise ValidationError({"ends_at": [_("El fin previsto debe ser posterior al inicio.")]})
    if kind not in PLENARY_KINDS:
        extended = False
    session = Session(
        kind=kind,
        extended=extended,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        video_link=video_link,
        group=group if kind == Kind.GROUP else None,
        subgroup=subgroup if kind == Kind.SUBGROUP else None,
        initiative=initiative,
    )
    if kind == Kind.GROUP and group is None:
        raise ValidationError({"group": [_("Indique el grupo de trabajo que se reúne.")]})
    if kind == Kind.SUBGROUP and subgroup is None:
        raise ValidationError({"subgroup": [_("Indique el subgrupo de trabajo que se reúne.")]})
    # Which sessions the actor may program is which ones they may run (session.manage).
    _require_manager(actor, session)

    if kind == Kind.EXTRAORDINARY:
        _check_extraordinary_initiative(session, request=request, day=timezone.localdate(now))
    elif kind == Kind.ORDINARY:
        session.initiative = Session.Initiative.SCHEDULE
    else:
        session.initiative = Session.Initiative.GROUP_COORDINATOR

    if kind in PLENARY_KINDS:
        session.number = number or proposed_number(kind, extended)
        if Session.objects.filter(series=Session.series_for(kind, extended), number=session.number).exists():
            raise ValidationError(
                # The title already carries the number in Roman numerals ("XXVIII Sesión Ordinaria").
                {"number": [_("Ya existe la %(title)s.") % {"title": session.title}]}
            )
    session.save()
    SessionTransition.objects.create(
        session=session, from_state="", to_state=State.DRAFT, actor=actor, at=now, reason=_("Sesión programada.")
    )
    if request is not None:
        request.session = session
        request.status = ExtraordinarySessionRequest.Status.CONVENED
        request.save(update_fields=["session", "status"])
    return session


def _check_extraordinary_initiative(
    session: Session, *, request: ExtraordinarySessionRequest | None, day: datetime.date
) -> None:
    """Art. 10 (Art. 27 for extended): the President's initiative, or a request of enough member entities."""
    key = (
        "session.extended_extraordinary_request_min_members"
        if session.extended
        else "session.extraordinary_request_min_members"
    )
    minimum = rule(key, on=day)
    if request is None:
        if session.initiative == Session.Initiative.MEMBERS_REQUEST:
            raise RuleViolation(
                _("Indique el pedido de las entidades miembro que respalda la sesión extraordinaria."), rule=minimum
            )
        session.initiative = Session.Initiative.PRESIDENCY
        return
    if request.status != ExtraordinarySessionRequest.Status.OPEN:
        raise StateConflict(_("Ese pedido ya dio lugar a una sesión o fue retirado."), code="request_closed")
    members = member_entity_ids_on(day)
    backing = request.backings.filter(entity_id__in=members).count()
    if backing < int(minimum.value):
        raise RuleViolation(
            _(
                "El pedido tiene el respaldo de %(count)s entidades miembro; se requieren al menos %(min)s "
                "para convocar una sesión extraordinaria."
            )
            % {"count": backing, "min": minimum.value},
            rule=minimum,
        )
    if request.extended != session.extended:
        raise ValidationError(_("El pedido y la sesión deben coincidir en ser ampliadas o no."))
    session.initiative = Session.Initiative.MEMBERS_REQUEST


DRAFT_EDITABLE = ("starts_at", "ends_at", "place", "video_link")
# What moves with the kind of a plenary draft: its series, its number and who convenes it.
DRAFT_SERIES_FIELDS = ("kind", "extended", "series", "number", "initiative")


def _check_times(session: Session) -> None:
    if session.ends_at and session.ends_at <= session.starts_at:
        raise ValidationError({"ends_at": [_("El fin previsto debe ser posterior al inicio.")]})


@transaction.atomic
def session_update(
    *,
    actor: Any,
    session: Session,
    kind: str | None = None,
    extended: bool | None = None,
    now: datetime.datetime | None = None,
    **fields: Any,
) -> Session:
    """Edit a draft until it is called: date, hour, place, link and, for a plenary session, its kind.

    A called session is rescheduled instead (a new call, with its notice). A plenary draft that
    changes kind (or becomes extended, or stops being so) moves to the other series and takes its
    next free number (R3); the number it had is released, since a draft was never announced.
    """
    now = now or timezone.now()
    session = _lock(session)
    _require_manager(actor, session)
    if session.state != State.DRAFT:
        raise StateConflict(
            _("Solo se editan sesiones en borrador; una sesión citada se reprograma."), code="session_not_draft"
        )
    starts_at = fields.get("starts_at")
    if starts_at is not None and timezone.is_naive(starts_at):
        raise ValidationError(_("La hora de inicio debe indicar su zona horaria."))
    allowed = list(DRAFT_EDITABLE)
    new_kind = session.kind if kind is None else kind
    new_extended = session.extended if extended is None else bool(extended)
    if (new_kind, new_extended) != (session.kind, session.extended):
        fields.update(_series_change(session, kind=new_kind, extended=new_extended, day=timezone.localdate(now)))
        allowed += DRAFT_SERIES_FIELDS
    return model_update(instance=session, fields=allowed, data=fields, check=_check_times)[0]


def _series_change(session: Session, *, kind: str, extended: bool, day: datetime.date) -> dict[str, Any]:
    """The fields of a plenary draft that becomes another kind of plenary session."""
    if not session.is_plenary or kind not in PLENARY_KINDS:
        raise ValidationError(
            {"kind": [_("Solo una sesión del Pleno cambia de tipo, y solo a otro tipo de sesión del Pleno.")]}
        )
    if session.initiative == Session.Initiative.MEMBERS_REQUEST:
        raise ValidationError(
            {"kind": [_("La sesión responde a un pedido de las entidades miembro (Art. 10): no cambia de tipo.")]}
        )
    changed = Session(kind=kind, extended=extended)
    if kind == Kind.EXTRAORDINARY:
        # Without a members' request, an extraordinary session is the President's initiative (Art. 10).
        _check_extraordinary_initiative(changed, request=None, day=day)
    else:
        changed.initiative = Session.Initiative.SCHEDULE
    return {
        "kind": kind,
        "extended": extended,
        "series": Session.series_for(kind, extended),
        "number": proposed_number(kind, extended),
        "initiative": changed.initiative,
    }


# The call (citación) ----------------------------------------------------------------------------


def check_notice(session: Session, *, call_date: datetime.date) -> None:
    """Art. 11: business days strictly between the call and the session, per kind of session."""
    if session.kind not in PLENARY_KINDS:
        return
    session_day = timezone.localdate(session.starts_at)
    notice = notice_rule(session.kind, on=call_date)
    available = business_days_between(call_date, session_day)
    if available < int(notice.value):
        latest = latest_call_date(session_day, int(notice.value))
        raise RuleViolation(
            _(
                "Citación tardía: entre la citación (%(call)s) y la sesión (%(day)s) median %(available)s días "
                "hábiles y una sesión %(kind)s requiere al menos %(required)s; la citación debió hacerse a más "
                "tardar el %(latest)s."
            )
            % {
                "call": call_date.strftime("%d/%m/%Y"),
                "day": session_day.strftime("%d/%m/%Y"),
                "available": available,
                "kind": session.get_kind_display().lower(),
                "required": notice.value,
                "latest": latest.strftime("%d/%m/%Y"),
            },
            rule=notice,
        )


@transaction.atomic
def session_call(*, actor: Any, session: Session, now: datetime.datetime | None = None) -> Session:
    """Call (convene) a draft session: checks agenda, place and notice, then e-mails everyone called."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    session = _lock(session)
    _require_manager(actor, session)
    if session.state != State.DRAFT:
        raise StateConflict(
            _("Solo se cita una sesión en borrador; use «reprogramar» para una ya citada."), code="session_not_draft"
        )
    _check_callable(session, now=now)
    check_notice(session, call_date=today)
    _transition(session, State.CALLED, actor=actor, now=now, reason=_("Citación cursada."))
    session.called_on = today
    session.called_by = actor
    session.save()
    enqueue_session_messages(session, kind="session_call", today=today)
    # The scan of tasks.sessions_scan renders it later if the broker does not take it now.
    after_commit(CALL_PDF_TASK, session.pk)
    return session


session_convene = session_call


def _check_callable(session: Session, *, now: datetime.datetime) -> None:
    if session.starts_at <= now:
        raise ValidationError(_("No se puede citar a una sesión cuya hora ya pasó."))
    rule_value = rule("session.notice_business_days.ordinary", on=timezone.localdate(now))
    if not session.agenda_items.filter(status=AgendaItem.Status.ACCEPTED).exists():
        raise RuleViolation(_("La citación debe contener la agenda: agregue al menos un punto."), rule=rule_value)
    if not (session.place or session.video_link):
        raise RuleViolation(_("La citación debe indicar el lugar o el enlace de videoconferencia."), rule=rule_value)


@transaction.atomic
def session_reschedule(
    *,
    actor: Any,
    session: Session,
    starts_at: datetime.datetime,
    reason: str,
    ends_at: datetime.datetime | None = None,
    place: str | None = None,
    video_link: str | None = None,
    now: datetime.datetime | None = None,
) -> Session:
    """Move a called or postponed session to a new date: a new call, with the notice counted from today."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    session = _lock(session)
    _require_manager(actor, session)
    if not reason.strip():
        raise ValidationError({"reason": [_("Indique el motivo de la reprogramación.")]})
    if session.state not in (State.CALLED, State.POSTPONED):
        raise StateConflict(_("Solo se reprograma una sesión citada o postergada."), code="session_state")
    session.starts_at = starts_at
    session.ends_at = ends_at
    if place is not None:
        session.place = place
    if video_link is not None:
        session.video_link = video_link
    _check_callable(session, now=now)
    check_notice(session, call_date=today)
    _transition(session, State.CALLED, actor=actor, now=now, reason=reason)
    session.called_on = today
    session.called_by = actor
    session.sequence += 1  # calendar clients replace the event (RFC 5545 SEQUENCE)
    session.save()
    enqueue_session_messages(session, kind="session_rescheduled", today=today)
    after_commit(CALL_PDF_TASK, session.pk)
    return session


@transaction.atomic
def session_postpone(*, actor: Any, session: Session, reason: str, now: datetime.datetime | None = None) -> Session:
    now = now or timezone.now()
    session = _lock(session)
    _require_manager(actor, session)
    if not reason.strip():
        raise ValidationError({"reason": [_("Indique el motivo de la postergación.")]})
    _transition(session, State.POSTPONED, actor=actor, now=now, reason=reason)
    session.sequence += 1
    session.save()
    enqueue_session_messages(session, kind="session_postponed", today=timezone.localdate(now))
    return session


@transaction.atomic
def session_cancel(*, actor: Any, session: Session, reason: str, now: datetime.datetime | None = None) -> Session:
    now = now or timezone.now()
    session = _lock(session)
    _require_manager(actor, session)
    if not reason.strip():
        raise ValidationError({"reason": [_("Indique el motivo de la cancelación.")]})
    was_called = session.state in (State.CALLED, State.POSTPONED)
    _transition(session, State.CANCELLED, actor=actor, now=now, reason=reason)
    session.sequence += 1
    session.save()
    if was_called:
        enqueue_session_messages(session, kind="session_cancelled", today=timezone.localdate(now))
    return session


# Opening and closing ----------------------------------------------------------------------------


@transaction.atomic
def session_open(*, actor: Any, session: Session, now: datetime.datetime | None = None) -> Session:
    """Install the session; refused without quorum (Art. 12)."""
    from .selectors import quorum_status

    now = now or timezone.now()
    session = _lock(session)
    _require_manager(actor, session)
    if session.state != State.CALLED:
        raise StateConflict(_("Solo se instala una sesión citada."), code="session_state")
    if timezone.localdate(now) != timezone.localdate(session.starts_at):
        raise ValidationError(_("La sesión solo puede instalarse el día para el que fue citada."))
    from_called_hour = rule("session.installs_from_called_hour", on=timezone.localdate(session.starts_at))
    if now < session.starts_at and from_called_hour.value:
        raise RuleViolation(
            _("La sesión fue citada para las %(time)s; no se instala antes de la hora citada")
            % {"time": timezone.localtime(session.starts_at).strftime("%H:%M")},
            rule=from_called_hour,
        )
    if session.kind in PLENARY_KINDS:
        status = quorum_status(session)
        if not status.has_quorum:
            formula = rule("session.quorum", on=timezone.localdate(session.starts_at))
            raise RuleViolation(
                _(
                    "No hay quórum: están presentes %(present)s de las %(required)s entidades miembro necesarias "
                    "(de %(total)s en funciones)."
                )
                % {"present": status.present, "required": status.required, "total": status.members_in_office},
                rule=formula,
            )
    _transition(session, State.IN_SESSION, actor=actor, now=now, reason=_("Sesión instalada."))
    session.opened_at = now
    session.save()
    return session


@transaction.atomic
def session_hold_without_call(
    *, actor: Any, session: Session, unanimous_agreement: bool, now: datetime.datetime | None = None
) -> Session:
    """Art. 11: without a formal call, valid only if every member is present and all agree."""
    now = now or timezone.now()
    session = _lock(session)
    _require_manager(actor, session)
    day = timezone.localdate(session.starts_at)
    requirement = rule("session.without_call_requires_all_members", on=day)
    if session.kind not in PLENARY_KINDS:
        raise RuleViolation(_("Solo el Pleno puede sesionar sin citación"), rule=requirement)
    if session.state != State.DRAFT:
        raise StateConflict(_("Esta sesión ya fue citada; instálela con quórum."), code="session_state")
    if timezone.localdate(now) != day:
        raise ValidationError(_("Solo se registra el día de la sesión."))
    missing = member_entity_ids_on(day) - present_member_entity_ids(session)
    if missing:
        names = ", ".join(Entity.objects.filter(pk__in=missing).order_by("acronym").values_list("acronym", flat=True))
        raise RuleViolation(
            _("Sin citación formal, todas las entidades miembro deben estar presentes; faltan: %(names)s.")
            % {"names": names},
            rule=requirement,
        )
    if not unanimous_agreement:
        raise RuleViolation(
            _("Sin citación formal, los miembros deben acordar sesionar por unanimidad."), rule=requirement
        )
    _transition(
        session,
        State.IN_SESSION,
        actor=actor,
        now=now,
        reason=_("Sesión sin citación: todos los miembros presentes y acuerdo unánime (Art. 11)."),
    )
    session.held_without_call = True
    session.opened_at = now
    session.save()
    return session


@transaction.atomic
def session_close(*, actor: Any, session: Session, now: datetime.datetime | None = None) -> Session:
    now = now or timezone.now()
    session = _lock(session)
    _require_manager(actor, session)
    check_record_open(session)
    _transition(session, State.HELD, actor=actor, now=now, reason=_("Sesión levantada."))
    # A session closed during a recess ends at the closing time; the recess ends with it.
    Suspension.objects.filter(session=session, resumed_at__isnull=True).update(resumed_at=now)
    session.closed_at = now
    session.save()
    return session


# Agenda ---------------------------------------------------------------------------------------


def _next_position(session: Session) -> int:
    return (session.agenda_items.aggregate(Max("position"))["position__max"] or 0) + 1


@transaction.atomic
def agenda_item_add(
    *,
    actor: Any,
    session: Session,
    title: str,
    description: str = "",
    presenter: Entity | None = None,
) -> AgendaItem:
    """The ST (or coordinator) writes the agenda of a draft; after the call the agenda is extended instead."""
    session = _lock(session)
    _require_manager(actor, session)
    check_record_open(session)
    if session.state != State.DRAFT:
        raise RuleViolation(
            _("La agenda de una sesión citada solo se amplía a pedido de un miembro o por acuerdo en la sesión."),
            rule=rule("session.agenda_extension_business_days", on=timezone.localdate()),
        )
    if not title.strip():
        raise ValidationError({"title": [_("Escriba el asunto del punto de agenda.")]})
    item = AgendaItem.objects.create(
        session=session,
        position=_next_position(session),
        title=title.strip(),
        description=description,
        presenter=presenter,
        status=AgendaItem.Status.ACCEPTED,
        origin=AgendaItem.Origin.CALL,
    )
    _touch(session)
    return item


def _draft_item(actor: Any, item: AgendaItem) -> tuple[Session, AgendaItem]:
    session = _lock(item.session)
    _require_manager(actor, session)
    check_record_open(session)
    if session.state != State.DRAFT:
        raise RuleViolation(
            _(
                "La agenda de una sesión citada ya no se edita: solo se amplía a pedido de un miembro o por acuerdo en la sesión."
            ),
            rule=rule("session.agenda_extension_business_days", on=timezone.localdate()),
        )
    return session, AgendaItem.objects.select_for_update().get(pk=item.pk)


@transaction.atomic
def agenda_item_update(
    *, actor: Any, item: AgendaItem, title: str, description: str = "", presenter: Entity | None = None
) -> AgendaItem:
    """The agenda of a draft is edited freely until the call (then it is only extended, Art. 11)."""
    session, item = _draft_item(actor, item)
    if not title.strip():
        raise ValidationError({"title": [_("Escriba el asunto del punto de agenda.")]})
    item.title, item.description, item.presenter = title.strip(), description, presenter
    item.save(update_fields=["title", "description", "presenter"])
    _touch(session)
    return item


@transaction.atomic
def agenda_item_remove(*, actor: Any, item: AgendaItem) -> None:
    """Remove an item from a draft's agenda; the items after it move up one place."""
    session, item = _draft_item(actor, item)
    position = item.position
    try:
        with transaction.atomic():
            item.delete()
    except ProtectedError:
        # An application or a plan evaluation scheduled on this item holds it: move that first.
        raise StateConflict(
            _(
                "Este punto tiene asuntos programados (una solicitud o una evaluación del plan): reprográmelos antes de retirarlo."
            ),
            code="item_in_use",
        ) from None
    # Ascending order keeps the unique (session, position) true after each single update.
    for later in AgendaItem.objects.filter(session=session, position__gt=position).order_by("position"):
        AgendaItem.objects.filter(pk=later.pk).update(position=later.position - 1)
    _touch(session)


def _actor_member_entity(actor: Any, entity: Entity | None) -> Entity:
    user_roles = access.roles_of(actor)
    if entity is not None:
        if entity.pk not in user_roles.member_entity_ids:
            raise AccessDenied(_("Usted no representa a %(entity)s.") % {"entity": entity})
        return entity
    if not user_roles.member_entity_ids:
        raise AccessDenied(_("Solo los representantes de entidades miembro pueden hacer este pedido (Art. 7.8)."))
    return Entity.objects.get(pk=sorted(user_roles.member_entity_ids)[0])


@transaction.atomic
def agenda_item_propose(
    *,
    actor: Any,
    session: Session,
    title: str,
    description: str = "",
    entity: Entity | None = None,
    now: datetime.datetime | None = None,
) -> AgendaItem:
    """A member proposes an item: before the call it waits for the ST; after it, it is an extension (Art. 11)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    session = _lock(session)
    check_record_open(session)
    access.require(
        actor,
        "session.propose",
        session,
        message=_("Solo los representantes de entidades miembro proponen puntos de agenda (Art. 7.8)."),
    )
    proposer = _actor_member_entity(actor, entity)
    if not title.strip():
        raise ValidationError({"title": [_("Escriba el asunto del punto de agenda.")]})
    if session.state in (State.HELD, State.CANCELLED):
        raise StateConflict(_("La sesión ya no admite propuestas de agenda."), code="session_closed")
    status, origin = AgendaItem.Status.PROPOSED, AgendaItem.Origin.CALL
    if session.state in (State.CALLED, State.POSTPONED, State.IN_SESSION):
        window = rule("session.agenda_extension_business_days", on=today)
        deadline = add_business_days(session.called_on or today, int(window.value))
        if today > deadline:
            raise RuleViolation(
                _(
                    "El plazo para pedir la ampliación de la agenda venció el %(deadline)s (%(days)s días hábiles "
                    "desde la citación); después solo cabe ampliarla por acuerdo mayoritario el día de la sesión."
                )
                % {"deadline": deadline.strftime("%d/%m/%Y"), "days": window.value},
                rule=window,
            )
        status, origin = AgendaItem.Status.ACCEPTED, AgendaItem.Origin.EXTENSION_REQUEST
    item = AgendaItem.objects.create(
        session=session,
        position=_next_position(session),
        title=title.strip(),
        description=description,
        presenter=proposer,
        proposed_by=proposer,
        proposed_at=now,
        status=status,
        origin=origin,
    )
    _touch(session)
    return item


@transaction.atomic
def agenda_item_decide(*, actor: Any, item: AgendaItem, accept: bool) -> AgendaItem:
    """The ST includes (or not) a member's proposal in the agenda of a draft."""
    session = _lock(item.session)
    _require_manager(actor, session)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if item.status != AgendaItem.Status.PROPOSED:
        raise StateConflict(_("Ese punto ya fue decidido."), code="item_decided")
    item.status = AgendaItem.Status.ACCEPTED if accept else AgendaItem.Status.REJECTED
    item.save(update_fields=["status"])
    _touch(session)
    return item


@transaction.atomic
def agenda_item_add_by_agreement(
    *,
    actor: Any,
    session: Session,
    title: str,
    votes_for: int,
    votes_against: int,
    abstentions: int = 0,
    presenter: Entity | None = None,
    description: str = "",
    now: datetime.datetime | None = None,
) -> AgendaItem:
    """Art. 11: on the day of the session, the agenda is extended by a majority agreement."""
    now = now or timezone.now()
    session = _lock(session)
    _require_manager(actor, session)
    check_record_open(session)
    day = timezone.localdate(session.starts_at)
    majority = rule("session.agenda_extension_same_day_majority", on=day)
    if session.state != State.IN_SESSION or timezone.localdate(now) != day:
        raise RuleViolation(
            _("La ampliación por acuerdo se registra el mismo día, con la sesión instalada."), rule=majority
        )
    present = len(present_member_entity_ids(session))
    if min(votes_for, votes_against, abstentions) < 0 or votes_for + votes_against + abstentions > present:
        raise ValidationError(
            _("Los votos (%(total)s) no pueden superar las entidades miembro presentes (%(present)s).")
            % {"total": votes_for + votes_against + abstentions, "present": present}
        )
    if votes_for <= votes_against:
        raise RuleViolation(
            _("La ampliación no obtuvo mayoría: %(for)s a favor, %(against)s en contra.")
            % {"for": votes_for, "against": votes_against},
            rule=majority,
        )
    item = AgendaItem.objects.create(
        session=session,
        position=_next_position(session),
        title=title.strip(),
        description=description,
        presenter=presenter,
        status=AgendaItem.Status.ACCEPTED,
        origin=AgendaItem.Origin.SESSION_AGREEMENT,
        proposed_at=now,
        agreement_votes_for=votes_for,
        agreement_votes_against=votes_against,
        agreement_abstentions=abstentions,
    )
    _touch(session)
    return item


@transaction.atomic
def agenda_document_add(*, actor: Any, item: AgendaItem, title: str, file: Any) -> AgendaDocument:
    """Documents go with an item: who runs the session, or a representative of the presenting entity."""
    session = item.session
    access.require(
        actor,
        "agenda_item.attach",
        item,
        message=_("Solo la Secretaría Técnica o la entidad que presenta el punto adjuntan documentos."),
    )
    check_record_open(session)
    if session.state in (State.HELD, State.CANCELLED):
        raise StateConflict(_("La sesión ya no admite documentos."), code="session_closed")
    try:
        validate_document_upload(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}, code=error.code) from None
    document = AgendaDocument.objects.create(item=item, title=title.strip() or file.name, file=file)
    _touch(session)
    return document


# Attendance -----------------------------------------------------------------------------------


def _attendable_designation(session: Session, person: Person, entity: Entity | None) -> Designation:
    day = timezone.localdate(session.starts_at)
    called = entity_ids_called(session, on=day)
    designations = Designation.objects.on(day).filter(person=person).select_related("entity")
    if entity is not None:
        designations = designations.filter(entity=entity)
    designation = next((d for d in designations if d.entity_id in called), None)
    if designation is None:
        support = Membership.objects.on(day).filter(
            entity__designations__person=person,
            kind__in=[EntityKind.COOPERATION_AGENCY, EntityKind.CIVIL_SOCIETY],
        )
        if support.exists() and session.kind in PLENARY_KINDS and not session.extended:
            raise RuleViolation(
                _("Las comisiones de apoyo asisten solo a las sesiones ampliadas."),
                rule=rule("session.extended_period_months", on=day),
            )
        raise AccessDenied(
            _("%(person)s no es titular ni alterno de una entidad citada a esta sesión.") % {"person": person}
        )
    return designation


def _sign_in(
    *, session: Session, person: Person, entity: Entity | None, recorded_by: Any, now: datetime.datetime
) -> Attendance:
    designation = _attendable_designation(session, person, entity)
    try:
        # A savepoint, so that the duplicate's IntegrityError leaves the outer transaction usable.
        with transaction.atomic():
            return Attendance.objects.create(
                session=session,
                person=person,
                entity=designation.entity,
                designation=designation,
                signed_in_at=now,
                recorded_by=recorded_by,
            )
    except IntegrityError:
        raise StateConflict(
            _("%(person)s ya registró su asistencia a esta sesión.") % {"person": person}, code="duplicate"
        ) from None


def _check_attendance_open(session: Session, now: datetime.datetime, *, allow_draft: bool) -> None:
    check_record_open(session)
    states = {State.CALLED, State.IN_SESSION} | ({State.DRAFT} if allow_draft else set())
    if session.state not in states:
        raise StateConflict(
            _("No se registra asistencia en una sesión «%(state)s».") % {"state": session.get_state_display()},
            code="session_state",
        )
    if timezone.localdate(now) != timezone.localdate(session.starts_at):
        raise ValidationError(_("La asistencia se registra el día de la sesión."))


@transaction.atomic
def attendance_sign_in(
    *, actor: Any, session: Session, entity: Entity | None = None, now: datetime.datetime | None = None
) -> Attendance:
    """The representative signs in personally, in the name of the entity they represent (Art. 7.7)."""
    now = now or timezone.now()
    # Locking the session row (FOR NO KEY UPDATE) serialises sign-ins with state changes such as
    # opening or closing; a second sign-in of the same person is stopped by the unique
    # (session, person) constraint even if two requests race.
    session = Session.objects.select_for_update(no_key=True).get(pk=session.pk)
    access.require(
        actor,
        "session.attend",
        session,
        message=_(
            "Registran su asistencia los representantes de las entidades citadas; las comisiones de apoyo "
            "asisten solo a las sesiones ampliadas (Art. 7.7; Directiva N° 002-2014, §4.2.5 f)."
        ),
    )
    person = getattr(actor, "person", None)
    if person is None:
        raise AccessDenied(_("Su usuario no está vinculado a una persona del registro."))
    _check_attendance_open(session, now, allow_draft=False)
    return _sign_in(session=session, person=person, entity=entity, recorded_by=actor, now=now)


@transaction.atomic
def attendance_record(
    *,
    actor: Any,
    session: Session,
    person: Person,
    entity: Entity | None = None,
    now: datetime.datetime | None = None,
) -> Attendance:
    """The ST records someone present (also in a draft, for the Art. 11 case without a call)."""
    now = now or timezone.now()
    session = Session.objects.select_for_update(no_key=True).get(pk=session.pk)
    _require_manager(actor, session)
    _check_attendance_open(session, now, allow_draft=True)
    return _sign_in(session=session, person=person, entity=entity, recorded_by=actor, now=now)


@transaction.atomic
def attendance_leave(*, actor: Any, attendance: Attendance, now: datetime.datetime | None = None) -> Attendance:
    """Someone leaves: the quorum panel shows whether the session keeps its quorum."""
    now = now or timezone.now()
    attendance = (
        Attendance.objects.select_for_update(of=("self",)).select_related("session__subgroup").get(pk=attendance.pk)
    )
    access.require(
        actor, "attendance.leave", attendance, message=_("Solo la persona o la Secretaría Técnica registran un retiro.")
    )
    check_record_open(attendance.session)
    if attendance.left_at:
        raise StateConflict(_("Ya se registró el retiro de esta persona."), code="duplicate")
    attendance.left_at = now
    attendance.save(update_fields=["left_at"])
    return attendance


@transaction.atomic
def absence_notify(
    *,
    actor: Any,
    session: Session,
    reason: str = "",
    entity: Entity | None = None,
    now: datetime.datetime | None = None,
) -> AbsenceNotice:
    """Titular and alternate cannot attend: told to the ST a day ahead (Art. 7.7 b); late notices are marked."""
    now = now or timezone.now()
    user_roles = access.roles_of(actor)
    if entity is None:
        if not user_roles.entity_ids:
            raise AccessDenied(_("Solo los representantes de una entidad comunican su inasistencia."))
        entity = Entity.objects.get(pk=sorted(user_roles.entity_ids)[0])
    elif entity.pk not in user_roles.entity_ids and not access.can(user_roles, "session.manage", session):
        raise AccessDenied(_("Usted no representa a %(entity)s.") % {"entity": entity})
    if session.state not in (State.DRAFT, State.CALLED, State.POSTPONED):
        raise StateConflict(_("La sesión ya no admite avisos de inasistencia."), code="session_state")
    if entity.pk not in entity_ids_called(session):
        raise ValidationError(_("%(entity)s no está citada a esta sesión.") % {"entity": entity})
    day = timezone.localdate(session.starts_at)
    notice = rule("session.absence_notice_days", on=day)
    on_time = timezone.localdate(now) <= day - datetime.timedelta(days=int(notice.value))
    try:
        with transaction.atomic():
            return AbsenceNotice.objects.create(
                session=session, entity=entity, notified_at=now, reason=reason, on_time=on_time
            )
    except IntegrityError:
        raise StateConflict(
            _("%(entity)s ya comunicó su inasistencia a esta sesión.") % {"entity": entity}, code="duplicate"
        ) from None


# The meeting console: the ST keeps attendance and the clock in the room -------------------------

ROOM_ARRIVE = "arrive"
ROOM_LEAVE = "leave"
ROOM_EXCUSED = "excused"
ROOM_ABSENT = "absent"
ROOM_ACTIONS = (ROOM_ARRIVE, ROOM_LEAVE, ROOM_EXCUSED, ROOM_ABSENT)


@transaction.atomic
def attendance_mark(
    *,
    actor: Any,
    session: Session,
    entity: Entity,
    action: str,
    role: str = "",
    reason: str = "",
    now: datetime.datetime | None = None,
) -> None:
    """One click of the console's check-list: the entity's titular or alternate arrives or leaves, or
    the entity is marked excused (absence notice) or absent (Art. 7.7). Arrivals and departures keep
    their times; someone who left and comes back is present again from the new time (history keeps
    the earlier departure)."""
    now = now or timezone.now()
    session = Session.objects.select_for_update(no_key=True).get(pk=session.pk)
    _require_manager(actor, session)
    if action not in ROOM_ACTIONS:
        raise ValidationError({"action": _("Acción de asistencia desconocida.")})
    # Arrivals are also recorded on a draft (Art. 11, a session without a call); every other mark
    # belongs to a session called or in course, on its day.
    _check_attendance_open(session, now, allow_draft=action == ROOM_ARRIVE)
    day = timezone.localdate(session.starts_at)
    if entity.pk not in entity_ids_called(session, on=day):
        raise ValidationError(_("%(entity)s no está citada a esta sesión.") % {"entity": entity.acronym})
    if action in (ROOM_ARRIVE, ROOM_LEAVE):
        if role not in Designation.Role.values:
            raise ValidationError({"role": _("Indique si es el titular o el alterno.")})
        designation = Designation.objects.on(day).filter(entity=entity, role=role).select_related("person").first()
        if designation is None:
            raise RuleViolation(
                _("%(entity)s no tiene %(role)s designado en esta fecha")
                % {"entity": entity.acronym, "role": Designation.Role(role).label.lower()},
                rule=rule("designation.one_titular_one_alternate", on=day),
            )
        attendance = Attendance.objects.filter(session=session, person=designation.person_id).first()
        if action == ROOM_ARRIVE:
            AbsenceNotice.objects.filter(session=session, entity=entity).delete()
            if attendance is None:
                _sign_in(session=session, person=designation.person, entity=entity, recorded_by=actor, now=now)
            elif attendance.left_at is not None:
                # Back in the room: present again; the first arrival stays the one the acta lists,
                # and the departure is kept in the attendance's history.
                attendance.left_at, attendance.recorded_by = None, actor
                attendance.save(update_fields=["left_at", "recorded_by"])
            return
        if attendance is None or attendance.left_at is not None:
            raise StateConflict(_("%(person)s no está presente.") % {"person": designation.person}, code="not_present")
        attendance.left_at = now
        attendance.save(update_fields=["left_at"])
        return
    if action == ROOM_ABSENT:
        Attendance.objects.filter(session=session, entity=entity, left_at__isnull=True).update(left_at=now)
        AbsenceNotice.objects.filter(session=session, entity=entity).delete()
        return
    if Attendance.objects.filter(session=session, entity=entity, left_at__isnull=True).exists():
        raise StateConflict(
            _("%(entity)s tiene un representante presente; registre antes su retiro.") % {"entity": entity.acronym},
            code="present",
        )
    notice = rule("session.absence_notice_days", on=day)
    AbsenceNotice.objects.update_or_create(
        session=session,
        entity=entity,
        defaults={
            "notified_at": now,
            "reason": reason.strip(),
            "on_time": timezone.localdate(now) <= day - datetime.timedelta(days=int(notice.value)),
        },
    )


@transaction.atomic
def session_suspend(
    *, actor: Any, session: Session, reason: str = "", now: datetime.datetime | None = None
) -> Suspension:
    """A recess (cuarto intermedio): no ballot opens or takes votes until the session resumes."""
    now = now or timezone.now()
    session = _lock(session)
    _require_manager(actor, session)
    check_record_open(session)
    if session.state != State.IN_SESSION:
        raise StateConflict(_("Solo se suspende una sesión en curso."), code="session_state")
    if open_suspension(session) is not None:
        raise StateConflict(_("La sesión ya está suspendida."), code="session_suspended")
    suspension = Suspension.objects.create(
        session=session, suspended_at=now, reason=reason.strip()[:300], recorded_by=actor
    )
    _touch(session)
    return suspension


@transaction.atomic
def session_resume(*, actor: Any, session: Session, now: datetime.datetime | None = None) -> Suspension:
    now = now or timezone.now()
    session = _lock(session)
    _require_manager(actor, session)
    suspension = open_suspension(session)
    if session.state != State.IN_SESSION or suspension is None:
        raise StateConflict(_("La sesión no está suspendida."), code="session_state")
    suspension.resumed_at = now
    suspension.save(update_fields=["resumed_at"])
    _touch(session)
    return suspension


def session_seal_record(session: Session, *, now: datetime.datetime) -> None:
    """Called when the session's acta is approved (decisions.minutes): the record is complete."""
    Session.objects.filter(pk=session.pk, record_sealed_at__isnull=True).update(record_sealed_at=now, updated_at=now)


# Extraordinary session requests (Art. 10, 27) ---------------------------------------------------


@transaction.atomic
def session_request_create(
    *, actor: Any, subject: str, motive: str = "", extended: bool = False, entity: Entity | None = None
) -> ExtraordinarySessionRequest:
    user_roles = access.roles_of(actor)
    if not subject.strip():
        raise ValidationError({"subject": [_("Indique el asunto de la sesión pedida.")]})
    if not user_roles.member_entity_ids:
        raise RuleViolation(
            _("Solo las entidades miembro piden sesiones extraordinarias."),
            rule=rule("session.extraordinary_request_min_members"),
        )
    request = ExtraordinarySessionRequest.objects.create(
        subject=subject.strip(), motive=motive, extended=extended, created_by=actor
    )
    session_request_back(actor=actor, request=request, entity=entity)
    return request


@transaction.atomic
def session_request_back(
    *,
    actor: Any,
    request: ExtraordinarySessionRequest,
    entity: Entity | None = None,
    now: datetime.datetime | None = None,
) -> RequestBacking:
    """A current representative backs the request in the name of their member entity (once per entity)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    key = (
        "session.extended_extraordinary_request_min_members"
        if request.extended
        else "session.extraordinary_request_min_members"
    )
    minimum = rule(key, on=today)
    request = ExtraordinarySessionRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ExtraordinarySessionRequest.Status.OPEN:
        raise StateConflict(_("El pedido ya no recoge respaldos."), code="request_closed")
    person = getattr(actor, "person", None)
    designations = Designation.objects.on(today).filter(person=person) if person else Designation.objects.none()
    if entity is not None:
        designations = designations.filter(entity=entity)
    member_ids = member_entity_ids_on(today)
    designation = next((d for d in designations.select_related("entity") if d.entity_id in member_ids), None)
    if designation is None:
        raise RuleViolation(
            _(
                "Solo un representante vigente de una entidad miembro puede respaldar el pedido; observadores "
                "y comisiones de apoyo no lo respaldan."
            ),
            rule=minimum,
        )
    try:
        with transaction.atomic():
            return RequestBacking.objects.create(
                request=request, entity=designation.entity, designation=designation, backed_at=now
            )
    except IntegrityError:
        raise StateConflict(
            _("%(entity)s ya respaldó este pedido.") % {"entity": designation.entity}, code="duplicate"
        ) from None


# Personal calendar feed ------------------------------------------------------------------------


def feed_token_for(user: Any, *, rotate: bool = False) -> CalendarFeedToken:
    token, created = CalendarFeedToken.objects.get_or_create(user=user, defaults={"token": secrets.token_urlsafe(32)})
    if rotate and not created:
        token.token = secrets.token_urlsafe(32)
        token.save(update_fields=["token", "created_at"])
    return token


def notice_days_left(session: Session, *, today: datetime.date) -> int | None:
    latest = latest_valid_call_date(session)
    if latest is None:
        return None
    return (latest - today).days
