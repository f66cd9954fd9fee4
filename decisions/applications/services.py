"""Procedures that end in a vote of the Plenary (or of a group): R14–R18, R24.

Each kind of procedure is a ``Procedure`` in ``PROCEDURES``: the decision kind whose rule gives its
threshold, what its request must satisfy (``check``) and what the adopted agreement carries out
(``apply``). The flow is the same for all: the ST registers the request, puts it on an agenda, a
ballot decides it, and the decision applies itself when the ballot is decided (``ballot_decided``).

The registry is written in the Plenary's name: the adopted agreement is the authority, so the
members services are called with ``skip_permission_checks=True`` and the acting user is kept (the
one who closed the vote), never swapped for another.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from directives.rules import rule
from members import services as members_services
from members.models import (
    CSO_REGISTRY_FIELDS,
    Designation,
    Entity,
    EntityKind,
    Membership,
    SupportCommission,
    WorkingGroup,
)
from mtigm.core import access
from mtigm.core.errors import RuleViolation, StateConflict
from mtigm.core.outbox import Attachment, in_commission_language, outbox_enqueue
from sessions.models import AgendaItem, Session
from sessions.selectors import member_entity_ids_on

from ..ballots.services import ballot_decided, ballot_open
from ..common import representatives_of, session_day
from ..models import Agreement, Application, Ballot, DecisionKind

Kind = Application.Kind
State = Application.State


# Requirements of each procedure ---------------------------------------------------------------------


def _backing_members(application: Application, day: datetime.date) -> int:
    members = member_entity_ids_on(day)
    return len(set(application.backers.values_list("pk", flat=True)) & members)


def _require(condition: bool, field: str, message: str) -> None:
    if not condition:
        raise ValidationError({field: message})


def _check_admission(application: Application) -> None:
    _require(bool(application.name.strip() or application.entity_id), "name", _("Indique la entidad."))


def _check_cooperation(application: Application) -> None:
    day = application.received_on
    _require(bool(application.name.strip()), "name", _("Indique la agencia de cooperación."))
    _require(bool(application.applicant_email), "applicant_email", _("Indique el correo para la invitación."))
    if not application.requested_by_presidency and _backing_members(application, day) < 1:
        raise RuleViolation(
            _("La invitación a una agencia la propone la Presidencia o algún miembro"),
            rule=rule("cooperation.invitation_majority", on=day),
        )


def _check_cso_admission(application: Application) -> None:
    """Dir. 002: a certified registry entry issued within the rule's months, its legal representatives,
    and a purpose related to migration."""
    day = application.received_on
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
            _("La partida debe indicar los representantes legales"), rule=max_age, field="legal_representative"
        )
    if not application.purpose_migration_related:
        raise RuleViolation(
            _("Los fines de la institución deben estar vinculados a la temática migratoria"),
            rule=rule("cso.admission_majority", on=day),
            field="purpose_migration_related",
        )


def _check_cso_loss(application: Application) -> None:
    day = application.received_on
    _require(application.entity_id is not None, "entity", _("Indique la institución."))
    _require(bool(application.reasons.strip()), "reasons", _("El pedido debe ser sustentado."))
    needed = rule("cso.loss_request_min_members", on=day)
    if not application.requested_by_presidency and _backing_members(application, day) < int(needed.value):
        raise RuleViolation(
            _("La pérdida de la condición la pide la Presidencia o al menos %(n)s entidades miembro")
            % {"n": needed.value},
            rule=needed,
        )


def _check_backed_proposal(rule_key: str) -> Callable[[Application], None]:
    """A new working group (Art. 20.1) or support commission (Art. 31): proposed by enough members."""

    def check(application: Application) -> None:
        day = application.received_on
        needed = rule(rule_key, on=day)
        _require(bool(application.name.strip()), "name", _("Indique el nombre propuesto."))
        backing = _backing_members(application, day)
        if backing < int(needed.value):
            raise RuleViolation(
                _("La propuesta debe estar respaldada por al menos %(n)s entidades miembro (tiene %(have)s)")
                % {"n": needed.value, "have": backing},
                rule=needed,
            )

    return check


def _check_coordinator(application: Application) -> None:
    _require(application.group_id is not None, "group", _("Indique el grupo."))
    _require(application.entity_id is not None, "entity", _("Indique la entidad propuesta."))


def _check_subgroup_lead(application: Application) -> None:
    _require(application.subgroup_id is not None, "subgroup", _("Indique el subgrupo."))
    _require(application.entity_id is not None, "entity", _("Indique la entidad propuesta."))


def _check_directive(application: Application) -> None:
    """R24: the Plenary approves a draft directive (its text and the rule versions it changes, pending
    until then); one already approved is not approved again."""
    _require(application.norm_id is not None, "norm", _("Indique la directiva."))
    norm = application.norm
    assert norm is not None
    _require(norm.kind == norm.Kind.DIRECTIVE, "norm", _("Solo las directivas se aprueban por acuerdo del Pleno."))
    if not norm.is_draft_directive:
        raise RuleViolation(
            _("La %(norm)s ya fue aprobada por el Pleno") % {"norm": norm.short_name},
            rule=rule("directive.in_force_offset_days", on=application.received_on),
            field="norm",
        )


# What an adopted agreement carries out -----------------------------------------------------------------


@dataclass(frozen=True)
class Decided:
    """What a procedure's ``apply`` receives: the request, the session and agreement that adopted it."""

    application: Application
    session: Session
    agreement: Agreement
    actor: Any

    @property
    def day(self) -> datetime.date:
        return session_day(self.session)

    @property
    def reference(self) -> str:
        return self.agreement.reference


def _apply_admission(entity_kind: str) -> Callable[[Decided], str]:
    """A new member or observer (Art. 7.4): its membership starts on the day of the session."""

    def apply(decided: Decided) -> str:
        application = decided.application
        if application.entity is None:
            application.entity = members_services.entity_create(
                actor=decided.actor,
                name=application.name,
                acronym=application.acronym or application.name[:40],
                kind=entity_kind,
                membership_start=decided.day,
                admitted_at=decided.session.title,
                admitting_agreement=decided.reference,
                skip_permission_checks=True,
            )
        else:
            members_services.membership_admit(
                actor=decided.actor,
                entity=application.entity,
                kind=entity_kind,
                start=decided.day,
                admitted_at=decided.session.title,
                admitting_agreement=decided.reference,
                skip_permission_checks=True,
            )
        if entity_kind == EntityKind.OBSERVER:
            return State.COMPLETED
        # A member is incorporated by decreto supremo, which the ST then follows (set_decree).
        application.decree_state = Application.DecreeState.PENDING
        return State.APPROVED

    return apply


@in_commission_language
def _apply_invitation(decided: Decided) -> str:
    """An agency (Dir. 001) or a CSO (Dir. 002) admitted: the invitation letter goes out."""
    application = decided.application
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
        % {"name": application.name, "session": decided.session.title},
        attachments=[Attachment("decisions.invitation_pdf", {"application_id": application.pk})],
        related=application,
    )
    application.invitation_sent_on = timezone.localdate()
    return State.INVITED


def _apply_cso_loss(decided: Decided) -> str:
    application = decided.application
    membership = Membership.objects.filter(entity=application.entity_id, end__isnull=True).first()
    if membership is not None:
        members_services.membership_end(
            actor=decided.actor,
            membership=membership,
            end=decided.day,
            reason=f"{decided.reference}: {application.reasons}"[:300],
            skip_permission_checks=True,
        )
    return State.COMPLETED


def _apply_working_group(decided: Decided) -> str:
    application = decided.application
    number = (WorkingGroup.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    members_services.group_create(
        actor=decided.actor,
        number=number,
        name=application.name,
        created_on=decided.day,
        created_by=decided.reference,
        description=application.reasons,
        skip_permission_checks=True,
    )
    return State.COMPLETED


def _apply_record_only(decided: Decided) -> str:
    """A support commission created or changed: the agreement is the record; the ST updates the registry."""
    return State.COMPLETED


def _apply_assignment(assign: Callable[..., Any], place: str) -> Callable[[Decided], str]:
    """A group's coordinating entity (Art. 20.2) or a subgroup's lead (Art. 21), from the day of the
    agreement: ``place`` is the application's field naming the group or the subgroup."""

    def apply(decided: Decided) -> str:
        application = decided.application
        where = getattr(application, place)
        # The procedure's check required the group (or subgroup) and the entity of the request.
        assert where is not None and application.entity is not None
        assign(
            actor=decided.actor,
            entity=application.entity,
            start=decided.day,
            approved_on=decided.day,
            approval_reference=decided.reference,
            skip_permission_checks=True,
            **{place: where},
        )
        return State.COMPLETED

    return apply


def _apply_directive(decided: Decided) -> str:
    """R24: the approving agreement puts the directive in force from the next day."""
    from directives.services import directive_approve

    # The directive procedure cannot be submitted without its norm (see _check_directive).
    assert decided.application.norm is not None
    directive_approve(
        actor=decided.actor,
        norm=decided.application.norm,
        approved_on=decided.day,
        agreement_reference=decided.reference,
        skip_permission_checks=True,
    )
    return State.COMPLETED


@dataclass(frozen=True)
class Procedure:
    decision_kind: str  # the DecisionKind whose registry rule gives the threshold
    check: Callable[[Application], None]
    apply: Callable[[Decided], str]  # returns the application's new state
    # What the request form asks for, besides its subject and the day it was received.
    fields: tuple[str, ...]
    # Decided by the group's meeting rather than by the Plenary (a subgroup's lead, Art. 21).
    by_group: bool = False


ADMISSION_FIELDS = ("name", "acronym", "entity", "reasons")
BACKED_PROPOSAL_FIELDS = ("name", "backers", "reasons")
CSO_ADMISSION_FIELDS = (
    "name",
    "acronym",
    "applicant_email",
    "certificate_issued_on",
    *CSO_REGISTRY_FIELDS,
    "purpose",
    "purpose_migration_related",
)

PROCEDURES: dict[str, Procedure] = {
    Kind.MEMBER_ADMISSION: Procedure(
        "member_admission", _check_admission, _apply_admission(EntityKind.MEMBER), ADMISSION_FIELDS
    ),
    Kind.OBSERVER_ADMISSION: Procedure(
        "observer_admission", _check_admission, _apply_admission(EntityKind.OBSERVER), ADMISSION_FIELDS
    ),
    Kind.COOPERATION_AGENCY: Procedure(
        "cooperation_invitation",
        _check_cooperation,
        _apply_invitation,
        ("name", "acronym", "applicant_email", "requested_by_presidency", "backers", "reasons"),
    ),
    Kind.CSO_ADMISSION: Procedure("cso_admission", _check_cso_admission, _apply_invitation, CSO_ADMISSION_FIELDS),
    Kind.CSO_LOSS: Procedure(
        "cso_loss", _check_cso_loss, _apply_cso_loss, ("entity", "requested_by_presidency", "backers", "reasons")
    ),
    Kind.WORKING_GROUP: Procedure(
        "working_group_creation",
        _check_backed_proposal("group.creation_min_members"),
        _apply_working_group,
        BACKED_PROPOSAL_FIELDS,
    ),
    Kind.SUPPORT_COMMISSION: Procedure(
        "support_commission_change",
        _check_backed_proposal("support_commission.change_min_members"),
        _apply_record_only,
        BACKED_PROPOSAL_FIELDS,
    ),
    Kind.COORDINATOR: Procedure(
        "coordinator_approval",
        _check_coordinator,
        _apply_assignment(members_services.group_coordinator_assign, "group"),
        ("group", "entity", "reasons"),
    ),
    Kind.SUBGROUP_LEAD: Procedure(
        "group_decision",
        _check_subgroup_lead,
        _apply_assignment(members_services.subgroup_lead_assign, "subgroup"),
        ("subgroup", "entity", "reasons"),
        by_group=True,
    ),
    Kind.DIRECTIVE: Procedure("directive_approval", _check_directive, _apply_directive, ("norm", "reasons")),
}


def application_check(application: Application) -> None:
    """The requirements of the procedure, checked when the application is registered or scheduled."""
    PROCEDURES[application.kind].check(application)


@receiver(ballot_decided, dispatch_uid="decisions.applications.apply")
@in_commission_language
def application_decided(sender: Any, *, ballot: Ballot, agreement: Agreement | None, actor: Any, **kwargs: Any) -> None:
    """Carry out what the adopted agreement decides; a rejection is recorded either way (Dir. 002).

    The procedure on the ballot is found by the ballot itself, or, for a decision by consensus of a
    group meeting (which has no vote to open), by the agenda item it was decided on.
    """
    pending = Application.objects.select_for_update()
    if ballot.method == Ballot.Method.CONSENSUS:
        application = pending.filter(agenda_item=ballot.agenda_item_id, ballot__isnull=True).first()
    else:
        application = pending.filter(ballot=ballot).first()
    if application is None:
        return
    application.ballot = ballot
    application.decided_on = session_day(ballot.session)
    if agreement is None:
        application.state = State.REJECTED
    else:
        decided = Decided(application=application, session=ballot.session, agreement=agreement, actor=actor)
        application.state = PROCEDURES[application.kind].apply(decided)
    application.save()


# Writes ------------------------------------------------------------------------------------------------

# What a request may carry, in the order the form shows it (each procedure asks for some of them).
APPLICATION_FIELDS = (
    "title",
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
    "reasons",
    "certificate_issued_on",
    *CSO_REGISTRY_FIELDS,
    "purpose",
    "purpose_migration_related",
)


@transaction.atomic
def application_submit(
    *, actor: Any, kind: str, backers: list[Entity] | tuple[Entity, ...] = (), **fields: Any
) -> Application:
    """Register a request received by the ST (requests go to the Presidency through the ST, Art. 7.4)."""
    access.require(
        actor,
        "application.manage",
        message=_("Las solicitudes se presentan a la Presidencia a través de la Secretaría Técnica."),
    )
    unknown = set(fields) - set(APPLICATION_FIELDS)
    if unknown:
        raise ValueError(f"Unknown application fields: {sorted(unknown)}")
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Procedimiento desconocido.")})
    fields.setdefault("received_on", timezone.localdate())
    if not fields.get("title"):
        fields["title"] = f"{Kind(kind).label}: {fields.get('name') or fields.get('entity') or ''}".strip()
    application = Application(kind=kind, submitted_by=actor, **fields)
    application.full_clean(exclude=["backers"])
    application.save()
    if backers:
        application.backers.set(backers)
    application_check(application)
    if kind == Kind.CSO_ADMISSION:
        _cso_copy_to_members(application)
    return application


@in_commission_language
def _cso_copy_to_members(application: Application) -> None:
    """Dir. 002: the ST sends a copy of the application to every member entity."""
    day = application.received_on
    # _check_cso_admission has required the certificate's date before the request was registered.
    issued = application.certificate_issued_on
    assert issued is not None
    for designation in representatives_of(day, (EntityKind.MEMBER,)):
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
    user_roles = access.require(
        actor, "application.back", message=_("Solo las entidades miembro respaldan propuestas.")
    )
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.state != State.RECEIVED:
        raise StateConflict(_("La propuesta ya está en agenda o fue decidida."), code="application_state")
    application.backers.add(*user_roles.member_entity_ids)
    return application


@transaction.atomic
def application_schedule(*, actor: Any, application: Application, session: Session) -> Application:
    """Place the request on the agenda of the next session (Art. 7.4, Dir. 002)."""
    access.require(actor, "application.manage", message=_("La Secretaría Técnica propone la agenda."))
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.state != State.RECEIVED:
        raise StateConflict(_("La solicitud ya está en agenda o fue decidida."), code="application_state")
    application_check(application)
    if PROCEDURES[application.kind].by_group:
        # _check_subgroup_lead has required the subgroup of a subgroup-lead request.
        assert application.subgroup is not None
        if session.kind != Session.Kind.GROUP or session.group_id != application.subgroup.group_id:
            raise RuleViolation(
                _("El responsable de un subgrupo lo aprueba el grupo de trabajo en su reunión"),
                rule=rule("group.decision_majority", on=session_day(session)),
            )
    elif not session.is_plenary:
        raise ValidationError(_("Este procedimiento lo decide el Pleno."))
    if session.state in (Session.State.HELD, Session.State.CANCELLED, Session.State.POSTPONED):
        raise StateConflict(_("La sesión ya se realizó o fue cancelada."), code="session_state")
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
    application.state = State.SCHEDULED
    application.save()
    return application


def application_motion_text(application: Application) -> str:
    label = Kind(application.kind).label
    who = application.name or (application.entity.name if application.entity is not None else "")
    return _("Aprobar: %(what)s — %(who)s") % {"what": label, "who": who}


@transaction.atomic
def application_open_ballot(*, actor: Any, application: Application, text: str = "") -> Ballot:
    """Put the request to the vote, with the threshold of its kind of decision (R11)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.agenda_item is None:
        raise StateConflict(_("Primero ponga la solicitud en la agenda de una sesión."), code="application_state")
    if application.ballot is not None and application.ballot.state != Ballot.State.CLOSED:
        raise StateConflict(_("Ya hay una votación abierta sobre esta solicitud."), code="ballot_open")
    kind = DecisionKind.objects.get(code=PROCEDURES[application.kind].decision_kind)
    ballot = ballot_open(
        actor=actor,
        agenda_item=application.agenda_item,
        text=text or application_motion_text(application),
        kind=kind,
    )
    application.ballot = ballot
    application.state = State.SCHEDULED
    application.save(update_fields=["ballot", "state"])
    return ballot


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
    access.require(actor, "application.manage")
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.kind not in (Kind.COOPERATION_AGENCY, Kind.CSO_ADMISSION):
        raise ValidationError(_("Solo las agencias y las instituciones invitadas aceptan una invitación."))
    if application.state != State.INVITED:
        raise StateConflict(
            _("La solicitud no tiene una invitación pendiente de aceptación."), code="application_state"
        )
    is_cso = application.kind == Kind.CSO_ADMISSION
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
        # The Registry entry takes the fields the application carries (Dir. 002 §4.2.3, defined once).
        registry = {name: getattr(application, name) for name in CSO_REGISTRY_FIELDS}
        registry["registry_office"] = registry["registry_office"] or "SUNARP"
        members_services.cso_register(
            actor=actor,
            entity=entity,
            registered_on=accepted_on,
            admitted_on=application.decided_on,
            admitted_at=reference,
            **registry,
        )
    application.entity = entity
    application.accepted_on = accepted_on
    application.state = State.COMPLETED
    application.save()
    return application


@transaction.atomic
def application_set_decree(
    *, actor: Any, application: Application, decree_state: str, reference: str = ""
) -> Application:
    """Track the decreto supremo that formalises a new member (Art. 7.4)."""
    access.require(actor, "application.manage")
    application = Application.objects.select_for_update().get(pk=application.pk)
    admitted = application.state in (State.APPROVED, State.COMPLETED)
    if application.kind != Kind.MEMBER_ADMISSION or not admitted:
        raise StateConflict(_("El decreto supremo solo se tramita para miembros admitidos."), code="application_state")
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
        application.state = State.COMPLETED
        Membership.objects.filter(entity=application.entity_id, end__isnull=True).update(legal_basis=reference.strip())
    application.save()
    return application
