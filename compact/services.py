"""Writes of the Global Compact follow-up. Every action asks the access layer itself, so pages,
API and admin agree (the access matrix's ``focal_point.*``, ``consultation.*``, ``contribution.*``):

- Secretaría Técnica: focal points of any entity, consultations (create, open, close, reminders),
  review of contributions (return with observations, accept) — Art. 18 of the Reglamento.
- Representatives of an entity (member, observer, support commission): their own entity's focal
  points, and their entity's contributions to a consultation it was invited to.
- A focal point with a login (a person of the registry named by an entity): that entity's
  contributions, as its representatives (role ``focal_point``, from the dated focal point row).

Rows change under ``select_for_update``; messages go through the outbox, keyed so that a retry or
a second run queues nothing twice.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from directives.rules import rule
from members.models import Designation, Entity, Membership, Person, SecretariatAppointment
from mtigm.core import access
from mtigm.core.errors import AccessDenied, RuleViolation, StateConflict
from mtigm.core.files import validate_document_upload
from mtigm.core.outbox import commission_language, in_commission_language, outbox_enqueue
from mtigm.core.services import clean_text, model_update

from . import selectors
from .models import (
    Consultation,
    Contribution,
    ContributionDocument,
    FocalPoint,
    InformeNarrative,
    Objective,
    ThematicArea,
)
from .selectors import pending_entities

ST_FUNCTIONS = "Reglamento, Art. 18"
# Days before a consultation's deadline on which the entities that have not answered are reminded:
# a parameter of the ST in the rule registry (migration 0008), changed as data.
REMINDER_RULE = "compact.consultation_reminder_days_before"

CONTRIBUTION_FIELDS = (
    "objective",
    "criterion",
    "title",
    "description",
    "period",
    "results",
    "difficulties_challenges",
)


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "j \\d\\e F \\d\\e Y")


# --- recipients -------------------------------------------------------------------------------


def _person_email(person: Person | None) -> str:
    if person is None:
        return ""
    return person.email or (person.user.email if person.user_id and person.user else "")


def entity_recipients(
    entity_ids: Iterable[int], day: datetime.date, *, consultation: Consultation | None = None
) -> dict[int, list[tuple[str, str]]]:
    """Per entity, (e-mail, name) of its focal points in office (for a consultation, those of its
    objectives or of their thematic areas); for an entity without one, its titular and alternate
    representatives. Two queries, however many entities."""
    ids = set(entity_ids)
    found: dict[int, set[tuple[str, str]]] = {pk: set() for pk in ids}
    points = FocalPoint.objects.on(day).filter(entity_id__in=ids)
    if consultation is not None:
        objectives = consultation.objectives.values("pk")
        points = points.filter(Q(objective__in=objectives) | Q(area__objectives__in=objectives)).distinct()
    for point in points.select_related("person__user"):
        email = point.email or _person_email(point.person)
        if email:
            found[point.entity_id].add((email, point.name))
    without = [pk for pk, emails in found.items() if not emails]
    if without:
        designations = Designation.objects.on(day).filter(entity_id__in=without).select_related("person__user")
        for designation in designations:
            email = _person_email(designation.person)
            if email:
                found[designation.entity_id].add((email, str(designation.person)))
    return {pk: sorted(emails) for pk, emails in found.items()}


def secretariat_recipients(day: datetime.date) -> list[tuple[str, str]]:
    found = set()
    for appointment in SecretariatAppointment.objects.on(day).select_related("person__user"):
        email = _person_email(appointment.person)
        if email:
            found.add((email, str(appointment.person)))
    return sorted(found)


def _queue(recipients: list[tuple[str, str]], *, key: str, kind: str, subject: str, body: str, related: Any) -> int:
    for email, name in recipients:
        outbox_enqueue(
            key=f"{key}:{email.lower()}",
            kind=kind,
            recipient=email,
            recipient_name=name,
            subject=subject,
            body_text=body,
            related=related,
        )
    return len(recipients)


# --- focal points -----------------------------------------------------------------------------


def _check_commission_entity(entity: Entity, day: datetime.date) -> None:
    if not Membership.objects.on(day).filter(entity=entity).exists():
        raise RuleViolation(
            _(
                "%(entity)s no integra la MTIGM en esa fecha: solo los miembros, observadores y comisiones de apoyo "
                "nombran puntos focales."
            )
            % {"entity": entity.acronym},
            citation="Reglamento, Art. 7 y 28",
            field="entity",
        )


def _check_focal_person(person: Person, entity: Entity, day: datetime.date) -> None:
    """A person of the registry named focal point files that entity's contributions (role
    ``focal_point``): one who represents another entity that day cannot be named for this one."""
    other = Designation.objects.on(day).filter(person=person).exclude(entity=entity).select_related("entity").first()
    if other is not None:
        raise RuleViolation(
            _("%(person)s representa a %(other)s: no puede ser punto focal de %(entity)s.")
            % {"person": person, "other": other.entity.acronym, "entity": entity.acronym},
            field="person",
        )


@transaction.atomic
def focal_point_create(
    *,
    actor: Any,
    entity: Entity,
    start: datetime.date,
    objective: Objective | None = None,
    area: ThematicArea | None = None,
    person: Person | None = None,
    name: str = "",
    position: str = "",
    email: str = "",
    phone: str = "",
) -> FocalPoint:
    """An entity names a focal point for one objective or one thematic area."""
    point = FocalPoint(entity=entity, objective=objective, area=area, person=person, start=start)
    access.require(
        actor,
        "focal_point.manage",
        point,
        message=_("Solo los representantes de %(entity)s y la Secretaría Técnica nombran sus puntos focales.")
        % {"entity": entity.acronym},
    )
    if (objective is None) == (area is None):
        raise RuleViolation(_("Indique un objetivo o un área temática, no ambos."), field="objective")
    _check_commission_entity(entity, start)
    if person is not None:
        _check_focal_person(person, entity, start)
        name = name or str(person)
        position = position or person.position
        # A person's e-mail and phone are theirs and the ST's (person.contact); a focal point's are
        # seen by every member. Only who may read them may copy them into the focal point.
        if access.may_see_private(actor, person):
            email = email or person.email
            phone = phone or person.phone
    if not name.strip():
        raise RuleViolation(_("Indique el nombre del punto focal o elíjalo del registro."), field="name")
    # The same person named twice for the same objective or area (a double click, two tabs) would
    # receive every call twice.
    same = Q(person=person) if person is not None else Q(name__iexact=name.strip())
    twice = FocalPoint.objects.on(start).filter(same, entity=entity, objective=objective, area=area).first()
    if twice is not None:
        raise RuleViolation(
            _("%(name)s ya es punto focal de %(entity)s para %(target)s desde el %(day)s.")
            % {"name": twice.name, "entity": entity.acronym, "target": objective or area, "day": _date(twice.start)},
            field="name",
        )
    point.created_by = actor if getattr(actor, "pk", None) else None
    model_update(
        instance=point,
        fields=("name", "position", "email", "phone"),
        data={"name": name, "position": position, "email": email, "phone": phone},
        strip=True,
    )
    return point


@transaction.atomic
def focal_point_end(*, actor: Any, focal_point: FocalPoint, end: datetime.date, reason: str = "") -> FocalPoint:
    point = FocalPoint.objects.select_for_update(of=("self",)).select_related("entity").get(pk=focal_point.pk)
    access.require(
        actor,
        "focal_point.manage",
        point,
        message=_("Solo los representantes de %(entity)s y la Secretaría Técnica dan término a sus puntos focales.")
        % {"entity": point.entity.acronym},
    )
    if point.end is not None:
        raise StateConflict(
            _("El punto focal ya terminó el %(day)s.") % {"day": _date(point.end)}, code="focal_point_ended"
        )
    if end < point.start:
        raise RuleViolation(
            _("La fecha de término no puede ser anterior al inicio (%(day)s).") % {"day": _date(point.start)},
            field="end",
        )
    point.end, point.end_reason = end, reason.strip()[:300]
    point.save(update_fields=["end", "end_reason"])
    return point


# --- consultations ----------------------------------------------------------------------------


def _require_st(actor: Any, obj: Any = None) -> None:
    access.require(
        actor,
        "consultation.manage",
        obj,
        message=_("Solo la Secretaría Técnica conduce la consulta nacional (%(c)s).") % {"c": ST_FUNCTIONS},
    )


def _check_consultation(*, period_start: Any, period_end: Any, objectives: list[Any], invited: list[Any]) -> None:
    if period_end < period_start:
        raise RuleViolation(_("El periodo informado termina antes de empezar."), field="period_end")
    if not objectives:
        raise RuleViolation(_("Elija al menos un objetivo del Pacto Mundial."), field="objectives")
    if not invited:
        raise RuleViolation(_("Invite al menos a una entidad."), field="invited")
    members = set(selectors.commission_entities().filter(pk__in=[e.pk for e in invited]).values_list("pk", flat=True))
    outside = sorted(e.acronym for e in invited if e.pk not in members)
    if outside:
        raise RuleViolation(
            _("%(entities)s no integra(n) hoy la MTIGM: solo se invita a miembros, observadores y comisiones de apoyo.")
            % {"entities": ", ".join(outside)},
            citation="Reglamento, Art. 7 y 28",
            field="invited",
        )


@transaction.atomic
def consultation_create(
    *,
    actor: Any,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    deadline: datetime.date,
    objectives: Iterable[Objective],
    invited: Iterable[Entity],
) -> Consultation:
    _require_st(actor)
    objectives, invited = list(objectives), list(invited)
    _check_consultation(period_start=period_start, period_end=period_end, objectives=objectives, invited=invited)
    consultation = Consultation(created_by=actor if getattr(actor, "pk", None) else None)
    model_update(
        instance=consultation,
        fields=("title", "period_start", "period_end", "deadline"),
        data={"title": title, "period_start": period_start, "period_end": period_end, "deadline": deadline},
        strip=True,
    )
    consultation.objectives.set(objectives)
    consultation.invited.set(invited)
    return consultation


def _lock_consultation(consultation: Consultation) -> Consultation:
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


@transaction.atomic
def consultation_open(*, actor: Any, consultation: Consultation, today: datetime.date | None = None) -> Consultation:
    """Open the consultation and queue the call to each invited entity's focal points (to its
    representatives when it has none)."""
    consultation = _lock_consultation(consultation)
    _require_st(actor, consultation)
    today = today or timezone.localdate()
    if consultation.state != Consultation.State.DRAFT:
        raise StateConflict(_("La consulta ya fue abierta."), code="consultation_not_draft")
    if consultation.deadline < today:
        raise RuleViolation(
            _("El plazo de respuesta (%(day)s) ya pasó: fije uno posterior antes de abrir la consulta.")
            % {"day": _date(consultation.deadline)},
            field="deadline",
        )
    consultation.state, consultation.opened_at = Consultation.State.OPEN, timezone.now()
    consultation.save(update_fields=["state", "opened_at"])
    _send_calls(consultation, today)
    return consultation


def _objective_list(consultation: Consultation) -> str:
    return "\n".join(f"- {objective}" for objective in consultation.objectives.order_by("number"))


@in_commission_language
def _send_calls(consultation: Consultation, today: datetime.date) -> int:
    invited = list(consultation.invited.order_by("acronym"))
    recipients = entity_recipients([entity.pk for entity in invited], today, consultation=consultation)
    body_tail = _(
        "Periodo informado: del %(start)s al %(end)s.\nPlazo de respuesta: %(deadline)s.\n\nObjetivos consultados:\n"
        "%(objectives)s\n\nRegistre los aportes de su entidad (normas, estadísticas, buenas prácticas, servicios, "
        "eventos u otros) en la plataforma de la MTIGM."
    ) % {
        "start": _date(consultation.period_start),
        "end": _date(consultation.period_end),
        "deadline": _date(consultation.deadline),
        "objectives": _objective_list(consultation),
    }
    sent = 0
    for entity in invited:
        sent += _queue(
            recipients.get(entity.pk, []),
            key=f"compact:consultation:{consultation.pk}:call:{entity.pk}",
            kind="compact_consultation_call",
            subject=_("Consulta nacional: %(title)s") % {"title": consultation.title},
            body=_("La Secretaría Técnica de la MTIGM invita a %(entity)s a participar en la consulta «%(title)s».")
            % {"entity": entity.acronym, "title": consultation.title}
            + "\n\n"
            + body_tail,
            related=consultation,
        )
    return sent


@transaction.atomic
def consultation_close(*, actor: Any, consultation: Consultation) -> Consultation:
    consultation = _lock_consultation(consultation)
    _require_st(actor, consultation)
    if consultation.state != Consultation.State.OPEN:
        raise StateConflict(_("Solo se cierra una consulta abierta."), code="consultation_not_open")
    consultation.state, consultation.closed_at = Consultation.State.CLOSED, timezone.now()
    consultation.save(update_fields=["state", "closed_at"])
    return consultation


@transaction.atomic
def consultation_send_reminders(*, today: datetime.date | None = None) -> int:
    """Remind the invited entities that have not answered on the days before the deadline that the
    rule registry gives (``REMINDER_RULE``: 7, 3 and 1 since the platform began).
    Run by the beat each morning; keyed per consultation, entity and day, so a second run that day
    queues nothing."""
    today = today or timezone.localdate()
    due = [today + datetime.timedelta(days=int(days)) for days in rule(REMINDER_RULE, on=today).value]
    sent = 0
    for consultation in Consultation.objects.filter(state=Consultation.State.OPEN, deadline__in=due):
        pending = list(pending_entities(consultation))
        recipients = entity_recipients([entity.pk for entity in pending], today, consultation=consultation)
        days = (consultation.deadline - today).days
        for entity in pending:
            with commission_language():
                sent += _queue(
                    recipients.get(entity.pk, []),
                    key=f"compact:consultation:{consultation.pk}:reminder:{entity.pk}:{today.isoformat()}",
                    kind="compact_consultation_reminder",
                    subject=_("Recordatorio: la consulta «%(title)s» vence el %(day)s")
                    % {"title": consultation.title, "day": _date(consultation.deadline)},
                    body=_(
                        "%(entity)s aún no ha enviado aportes a la consulta «%(title)s». Quedan %(days)s día(s): el plazo "
                        "vence el %(day)s."
                    )
                    % {
                        "entity": entity.acronym,
                        "title": consultation.title,
                        "days": days,
                        "day": _date(consultation.deadline),
                    },
                    related=consultation,
                )
    return sent


# --- contributions ----------------------------------------------------------------------------


def actor_entity(actor: Any, entity: Entity | None) -> Entity:
    """The entity a representative or focal point files for: the one given, or the only one."""
    if entity is not None:
        return entity
    ids = sorted(selectors.filing_entity_ids(access.roles_of(actor)))
    if len(ids) != 1:
        raise RuleViolation(_("Indique la entidad por la que presenta el aporte."), field="entity")
    return Entity.objects.get(pk=ids[0])


def _check_contribution(consultation: Consultation, data: dict[str, Any]) -> None:
    objective = data.get("objective")
    if objective is not None and not consultation.objectives.filter(pk=objective.pk).exists():
        raise RuleViolation(
            _("El objetivo %(n)s no forma parte de esta consulta.") % {"n": objective.number}, field="objective"
        )
    if "criterion" in data and data["criterion"] not in Contribution.Criterion.values:
        raise RuleViolation(_("Elija un criterio de la lista."), field="criterion")


def _require_open(consultation: Consultation) -> None:
    if consultation.state != Consultation.State.OPEN:
        raise StateConflict(
            _("La consulta «%(title)s» no está abierta: no recibe aportes.") % {"title": consultation.title},
            code="consultation_not_open",
        )


def _require_writer(actor: Any, contribution: Contribution) -> None:
    access.require(
        actor,
        "contribution.write",
        contribution,
        message=_("Solo los representantes y los puntos focales de %(entity)s redactan y envían sus aportes.")
        % {"entity": contribution.entity.acronym},
    )


def _set_links(actor: Any, contribution: Contribution, plan_products: Any, agreements: Any) -> None:
    """Replace the links the actor can see; keep those they cannot (a focal point who sees fewer
    agreements than the representative who linked them must not drop them by saving)."""
    roles = access.roles_of(actor)
    for manager, chosen, subject in (
        (contribution.plan_products, plan_products, "plan_line"),
        (contribution.agreements, agreements, "agreement"),
    ):
        if chosen is None:
            continue
        linked = set(manager.values_list("pk", flat=True))
        visible = set(access.scope_visible(manager.all(), roles, subject).values_list("pk", flat=True))
        manager.set([*chosen, *(linked - visible)])


@transaction.atomic
def contribution_create(
    *,
    actor: Any,
    consultation: Consultation,
    entity: Entity | None = None,
    plan_products: Iterable[Any] | None = None,
    agreements: Iterable[Any] | None = None,
    **data: Any,
) -> Contribution:
    """A draft contribution of the actor's entity to an open consultation it was invited to."""
    access.require(
        actor,
        "contribution.write",
        message=_("Solo los representantes y los puntos focales de las entidades invitadas presentan aportes."),
    )
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    entity = actor_entity(actor, entity)
    contribution = Contribution(consultation=consultation, entity=entity)
    _require_writer(actor, contribution)
    if not consultation.invited.filter(pk=entity.pk).exists():
        raise AccessDenied(
            _("%(entity)s no fue invitada a la consulta «%(title)s».")
            % {"entity": entity.acronym, "title": consultation.title}
        )
    _require_open(consultation)
    _check_contribution(consultation, data)
    contribution.created_by = actor if getattr(actor, "pk", None) else None
    model_update(instance=contribution, fields=CONTRIBUTION_FIELDS, data=data, strip=True)
    _set_links(actor, contribution, plan_products, agreements)
    return contribution


def _lock_contribution(contribution: Contribution) -> Contribution:
    return (
        Contribution.objects.select_for_update(of=("self",))
        .select_related("consultation", "entity", "objective")
        .get(pk=contribution.pk)
    )


@transaction.atomic
def contribution_update(
    *,
    actor: Any,
    contribution: Contribution,
    plan_products: Iterable[Any] | None = None,
    agreements: Iterable[Any] | None = None,
    **data: Any,
) -> Contribution:
    contribution = _lock_contribution(contribution)
    _require_writer(actor, contribution)
    if contribution.state not in (Contribution.State.DRAFT, Contribution.State.RETURNED):
        raise StateConflict(
            _("El aporte ya fue enviado: solo se edita si la Secretaría Técnica lo devuelve."),
            code="contribution_submitted",
        )
    _require_open(contribution.consultation)
    _check_contribution(contribution.consultation, data)
    model_update(instance=contribution, fields=CONTRIBUTION_FIELDS, data=data, strip=True)
    _set_links(actor, contribution, plan_products, agreements)
    return contribution


@transaction.atomic
def contribution_submit(*, actor: Any, contribution: Contribution) -> Contribution:
    contribution = _lock_contribution(contribution)
    _require_writer(actor, contribution)
    if contribution.state not in (Contribution.State.DRAFT, Contribution.State.RETURNED):
        raise StateConflict(_("El aporte ya fue enviado."), code="contribution_submitted")
    _require_open(contribution.consultation)
    missing = [
        str(getattr(Contribution._meta.get_field(name), "verbose_name", name))
        for name in ("title", "description")
        if not getattr(contribution, name).strip()
    ]
    if missing:
        raise RuleViolation(_("Complete antes de enviar: %(fields)s.") % {"fields": ", ".join(missing)})
    contribution.state, contribution.submitted_at = Contribution.State.SUBMITTED, timezone.now()
    contribution.save(update_fields=["state", "submitted_at"])
    with commission_language():
        _queue(
            secretariat_recipients(timezone.localdate()),
            key=f"compact:contribution:{contribution.pk}:submitted:{contribution.submitted_at:%Y%m%d%H%M%S}",
            kind="compact_contribution_submitted",
            subject=_("Aporte de %(entity)s: %(title)s")
            % {"entity": contribution.entity.acronym, "title": contribution.title},
            body=_(
                "%(entity)s envió un aporte a la consulta «%(consultation)s» (objetivo %(n)s). Revíselo en la plataforma."
            )
            % {
                "entity": contribution.entity.acronym,
                "consultation": contribution.consultation.title,
                "n": contribution.objective.number,
            },
            related=contribution,
        )
    return contribution


@transaction.atomic
def contribution_attach(*, actor: Any, contribution: Contribution, file: Any, title: str = "") -> ContributionDocument:
    """Attach an evidence document (PDF, ODT, DOCX, ODS, XLSX, PNG, JPEG) while the entity holds the pen."""
    contribution = _lock_contribution(contribution)
    _require_writer(actor, contribution)
    if contribution.state not in (Contribution.State.DRAFT, Contribution.State.RETURNED):
        raise StateConflict(
            _("El aporte ya fue enviado: solo se edita si la Secretaría Técnica lo devuelve."),
            code="contribution_submitted",
        )
    _require_open(contribution.consultation)
    if file is None:
        raise RuleViolation(_("Elija el archivo."), field="file")
    try:
        validate_document_upload(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}, code=error.code) from None
    return ContributionDocument.objects.create(
        contribution=contribution,
        title=clean_text(ContributionDocument, "title", title) or file.name.replace("\x00", "")[:300],
        file=file,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )


def _require_reviewer(actor: Any, contribution: Contribution) -> None:
    access.require(
        actor,
        "contribution.review",
        contribution,
        message=_("Solo la Secretaría Técnica revisa los aportes (%(c)s).") % {"c": ST_FUNCTIONS},
    )
    if contribution.state != Contribution.State.SUBMITTED:
        raise StateConflict(_("Solo se revisa un aporte enviado."), code="contribution_not_submitted")


@transaction.atomic
def contribution_return(*, actor: Any, contribution: Contribution, observations: str) -> Contribution:
    observations = clean_text(Contribution, "observations", observations)
    contribution = _lock_contribution(contribution)
    _require_reviewer(actor, contribution)
    if contribution.consultation.state != Consultation.State.OPEN:
        # The entity could neither correct nor send it again: the consultation takes no more edits.
        raise StateConflict(
            _("La consulta está cerrada: la entidad ya no podría corregir el aporte. Acéptelo o déjelo sin aceptar."),
            code="consultation_not_open",
        )
    if not observations.strip():
        raise RuleViolation(_("Indique las observaciones para la entidad."), field="observations")
    contribution.state, contribution.observations, contribution.reviewed_at = (
        Contribution.State.RETURNED,
        observations.strip(),
        timezone.now(),
    )
    contribution.save(update_fields=["state", "observations", "reviewed_at"])
    recipients = entity_recipients([contribution.entity_id], timezone.localdate())
    with commission_language():
        _queue(
            recipients.get(contribution.entity_id, []),
            key=f"compact:contribution:{contribution.pk}:returned:{contribution.reviewed_at:%Y%m%d%H%M%S}",
            kind="compact_contribution_returned",
            subject=_("Aporte devuelto con observaciones: %(title)s") % {"title": contribution.title},
            body=_("La Secretaría Técnica devolvió el aporte «%(title)s» con estas observaciones:\n\n%(obs)s")
            % {"title": contribution.title, "obs": contribution.observations},
            related=contribution,
        )
    return contribution


@transaction.atomic
def contribution_accept(*, actor: Any, contribution: Contribution, observations: str = "") -> Contribution:
    observations = clean_text(Contribution, "observations", observations)
    contribution = _lock_contribution(contribution)
    _require_reviewer(actor, contribution)
    contribution.state, contribution.reviewed_at = Contribution.State.ACCEPTED, timezone.now()
    if observations.strip():
        contribution.observations = observations.strip()
    contribution.save(update_fields=["state", "reviewed_at", "observations"])
    return contribution


# --- Informe País -------------------------------------------------------------------------------


@transaction.atomic
def informe_narrative_save(
    *, actor: Any, consultation: Consultation, area: ThematicArea, text: str
) -> InformeNarrative:
    """The ST writes the narrative of a thematic area of the Informe País (each save is a version)."""
    consultation = _lock_consultation(consultation)
    _require_st(actor, consultation)
    if consultation.state == Consultation.State.DRAFT:
        raise StateConflict(
            _("La consulta aún no se abrió: no hay Informe País que redactar."), code="consultation_draft"
        )
    narrative, _created = InformeNarrative.objects.select_for_update().get_or_create(
        consultation=consultation, area=area
    )
    author = actor if getattr(actor, "pk", None) else None
    model_update(
        instance=narrative, fields=("text", "updated_by"), data={"text": text, "updated_by": author}, strip=True
    )
    return narrative
