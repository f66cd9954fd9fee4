"""Writes to the registry. Every action asks the access layer first (``registry.change``: the
Secretaría Técnica keeps the registry, Art. 18), so the browser UI, the REST API and any script
behave alike. An adopted agreement that writes the registry itself (an admission, say) says so with
``skip_permission_checks=True``; the acting user is never swapped for another.

Each action runs in one transaction: a refused step leaves the database as it was. Overlapping
periods are refused twice: here, with a message naming the rule, and by the database constraints
(partial unique indexes everywhere, exclusion constraints on PostgreSQL) in case two requests race;
``_integrity_guard`` turns those database errors into the same kind of message.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from directives.rules import rule_or_none
from mtigm.core import access
from mtigm.core.errors import RuleViolation
from mtigm.core.services import model_update

from .models import (
    CSO_REGISTRY_FIELDS,
    ApprovingBody,
    CsoRegistration,
    Designation,
    Entity,
    EntityKind,
    GroupCoordinator,
    GroupMembership,
    Membership,
    Person,
    Subgroup,
    SubgroupLead,
    SubgroupMembership,
    WorkingGroup,
)

ONE_DAY = datetime.timedelta(days=1)
M = TypeVar("M", bound=models.Model)


# Permissions -----------------------------------------------------------------------------------


def _authorize(actor: Any, *, skip_permission_checks: bool = False) -> None:
    if not skip_permission_checks:
        access.require(
            actor, "registry.change", message=_("Solo la Secretaría Técnica puede modificar el Registro de la Mesa.")
        )


# Database errors ---------------------------------------------------------------------------------


CONSTRAINT_MESSAGES: dict[str, tuple[str | None, str]] = {
    "designation_one_current_per_role": (
        "designation.one_titular_one_alternate",
        gettext_noop(
            "La entidad ya tiene un representante de esa calidad en funciones; para designar a otro use «Reemplazar»"
        ),
    ),
    "designation_no_overlap": (
        "designation.tenure_until_replaced",
        gettext_noop(
            "Las fechas se superponen con otra designación de la misma calidad para esta entidad: cada entidad "
            "tiene un solo titular y un solo alterno a la vez, que permanecen hasta su reemplazo"
        ),
    ),
    "designation_valid_range": (None, gettext_noop("La fecha de término no puede ser anterior a la de inicio.")),
    "membership_one_open_per_entity": (
        "membership.admission",
        gettext_noop("La entidad ya tiene una membresía abierta"),
    ),
    "membership_no_overlap": (
        "membership.admission",
        gettext_noop("Las fechas se superponen con otra membresía de la entidad"),
    ),
    "membership_valid_range": (None, gettext_noop("La fecha de término no puede ser anterior a la de inicio.")),
    "entity_acronym_unique_ci": (
        None,
        gettext_noop("Ya existe una entidad con esa sigla (sin distinguir mayúsculas)."),
    ),
    "group_one_current_coordinator": (
        "group.coordinator_approval",
        gettext_noop("El grupo ya tiene una coordinación vigente"),
    ),
    "group_coordinator_no_overlap": (
        "group.coordinator_approval",
        gettext_noop("Las fechas se superponen con otra coordinación del grupo"),
    ),
    "subgroup_one_current_lead": (
        "subgroup.lead_approval",
        gettext_noop("El subgrupo ya tiene un responsable vigente"),
    ),
    "subgroup_lead_no_overlap": (
        "subgroup.lead_approval",
        gettext_noop("Las fechas se superponen con otro responsable"),
    ),
    "subgroup_unique_code_per_group": (None, gettext_noop("Ya existe un subgrupo con ese código en el grupo.")),
    "group_membership_one_open": (None, gettext_noop("La entidad ya integra el grupo.")),
    "group_membership_no_overlap": (None, gettext_noop("La entidad ya integra el grupo en esas fechas.")),
    "subgroup_membership_one_open": (None, gettext_noop("La entidad ya integra el subgrupo.")),
    "subgroup_membership_no_overlap": (None, gettext_noop("La entidad ya integra el subgrupo en esas fechas.")),
    "members_workinggroup_number_key": (None, gettext_noop("Ya existe un grupo de trabajo con ese número.")),
}


def _constraint_name(exc: IntegrityError) -> str:
    diag = getattr(getattr(exc, "__cause__", None), "diag", None)
    name = getattr(diag, "constraint_name", None)
    if name:
        return name
    text = str(exc)
    for candidate in CONSTRAINT_MESSAGES:
        if candidate in text:
            return candidate
    match = re.search(r"UNIQUE constraint failed: (\S+)", text)
    return match.group(1) if match else ""


def integrity_error_message(exc: IntegrityError) -> ValidationError:
    """The Spanish, rule-citing error for a database constraint violation."""
    name = _constraint_name(exc)
    if name.startswith("members_workinggroup") or "workinggroup.number" in name:
        name = "members_workinggroup_number_key"
    key, message = CONSTRAINT_MESSAGES.get(name, (None, ""))
    if not message:
        return ValidationError(_("Los datos contradicen el Registro: %(error)s") % {"error": exc})
    rule_value = rule_or_none(key) if key else None
    if rule_value is not None:
        return RuleViolation(_(message), rule=rule_value, code=name)
    return ValidationError(_(message), code=name)


@contextmanager
def _integrity_guard() -> Iterator[None]:
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        raise integrity_error_message(exc) from exc


def _overlaps(queryset: QuerySet[M], start: datetime.date, end: datetime.date | None) -> QuerySet[M]:
    """Rows of ``queryset`` whose [start, end] period meets [start, end] (open ends are infinite)."""
    queryset = queryset.filter(Q(end__isnull=True) | Q(end__gte=start))
    if end is not None:
        queryset = queryset.filter(start__lte=end)
    return queryset


def _check_range(start: datetime.date, end: datetime.date | None) -> None:
    if end is not None and end < start:
        raise ValidationError({"end": _("La fecha de término no puede ser anterior a la de inicio.")})


# People ------------------------------------------------------------------------------------------

PERSON_FIELDS = ("first_name", "last_name", "honorific", "position", "email", "phone", "user")


@transaction.atomic
def person_create(
    *, actor: Any, first_name: str, last_name: str, skip_permission_checks: bool = False, **fields: Any
) -> Person:
    _authorize(actor, skip_permission_checks=skip_permission_checks)
    person, _changed = model_update(
        instance=Person(),
        fields=PERSON_FIELDS,
        data={"first_name": first_name, "last_name": last_name, **fields},
        strip=True,
    )
    return person


@transaction.atomic
def person_update(*, actor: Any, person: Person, **fields: Any) -> Person:
    _authorize(actor)
    person = Person.objects.select_for_update().get(pk=person.pk)
    return model_update(instance=person, fields=PERSON_FIELDS, data=fields)[0]


# Entities and membership -------------------------------------------------------------------------

# What the registry keeps of an entity, in the order its form shows it.
ENTITY_FIELDS = (
    "kind",
    "acronym",
    "name",
    "former_names",
    "support_commission",
    "website",
    "email",
    "address",
    "phones",
    "notes",
)


def _clean_entity(entity: Entity) -> None:
    entity.acronym = entity.acronym.strip()
    support_kinds = {EntityKind.COOPERATION_AGENCY, EntityKind.CIVIL_SOCIETY}
    if entity.kind in support_kinds and entity.support_commission_id is None:
        raise ValidationError(
            {"support_commission": _("Indique la comisión de apoyo a la que se incorpora (Art. 30 del Reglamento).")}
        )
    if entity.kind not in support_kinds:
        entity.support_commission = None
    clash = Entity.objects.filter(acronym__iexact=entity.acronym).exclude(pk=entity.pk)
    if clash.exists():
        raise ValidationError({"acronym": _("Ya existe una entidad con esa sigla (sin distinguir mayúsculas).")})


@transaction.atomic
def entity_create(
    *,
    actor: Any,
    kind: str,
    name: str,
    acronym: str,
    membership_start: datetime.date | None = None,
    admitted_at: str = "",
    admitting_agreement: str = "",
    legal_basis: str = "",
    skip_permission_checks: bool = False,
    **fields: Any,
) -> Entity:
    """Register an entity; with ``membership_start`` it also opens its first membership (Art. 7.4)."""
    _authorize(actor, skip_permission_checks=skip_permission_checks)
    with _integrity_guard():
        entity, _changed = model_update(
            instance=Entity(),
            fields=ENTITY_FIELDS,
            data={"kind": kind, "name": name.strip(), "acronym": acronym, **fields},
            check=_clean_entity,
            validate_constraints=False,
        )
    if membership_start is not None:
        membership_admit(
            actor=actor,
            entity=entity,
            kind=kind,
            start=membership_start,
            admitted_at=admitted_at,
            admitting_agreement=admitting_agreement,
            legal_basis=legal_basis,
            skip_permission_checks=True,  # authorized just above, for the entity and its admission
        )
    return entity


@transaction.atomic
def entity_update(*, actor: Any, entity: Entity, **fields: Any) -> Entity:
    _authorize(actor)
    entity = Entity.objects.select_for_update().get(pk=entity.pk)
    with _integrity_guard():
        return model_update(
            instance=entity, fields=ENTITY_FIELDS, data=fields, check=_clean_entity, validate_constraints=False
        )[0]


@transaction.atomic
def membership_admit(
    *,
    actor: Any,
    entity: Entity,
    kind: str,
    start: datetime.date,
    end: datetime.date | None = None,
    admitted_at: str = "",
    admitting_agreement: str = "",
    legal_basis: str = "",
    skip_permission_checks: bool = False,
) -> Membership:
    """Record a period in which ``entity`` belongs to the commission as ``kind`` (Art. 7.4, Art. 30)."""
    _authorize(actor, skip_permission_checks=skip_permission_checks)
    _check_range(start, end)
    Entity.objects.select_for_update().get(pk=entity.pk)
    if _overlaps(Membership.objects.filter(entity=entity), start, end).exists():
        raise RuleViolation(
            _("La entidad ya pertenece a la Mesa en esas fechas; termine antes la membresía vigente"),
            rule=rule_or_none("membership.admission", on=start),
            field="start",
        )
    membership = Membership(
        entity=entity,
        kind=kind,
        start=start,
        end=end,
        admitted_at=admitted_at,
        admitting_agreement=admitting_agreement,
        legal_basis=legal_basis,
    )
    membership.full_clean(validate_constraints=False)
    with _integrity_guard():
        membership.save()
    if entity.kind != kind:
        # The entity's kind is the capacity it holds now; a former observer admitted as member, say.
        Entity.objects.filter(pk=entity.pk).update(kind=kind)
    return membership


@transaction.atomic
def membership_end(
    *, actor: Any, membership: Membership, end: datetime.date, reason: str = "", skip_permission_checks: bool = False
) -> Membership:
    """Close a membership; the entity's representatives leave office with it."""
    _authorize(actor, skip_permission_checks=skip_permission_checks)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _check_range(membership.start, end)
    membership.end = end
    membership.end_reason = reason
    with _integrity_guard():
        membership.save()
    for designation in Designation.objects.select_for_update().filter(entity=membership.entity_id, end__isnull=True):
        if designation.start <= end:
            designation.end = end
            designation.save()
    return membership


# Designations --------------------------------------------------------------------------------------


def notice_warning(*, resolution_date: datetime.date | None, notified_on: datetime.date | None) -> str | None:
    """A warning when the ST was notified later than the rule allows after the resolution (Art. 7.5).

    Late notice does not void the designation, so it is a warning shown to staff, not a refusal.
    """
    if resolution_date is None or notified_on is None:
        return None
    limit = rule_or_none("designation.notice_calendar_days", on=resolution_date)
    if limit is None:
        return None
    days = (notified_on - resolution_date).days
    if days <= int(limit.value):
        return None
    return _(
        "La designación se comunicó a la Secretaría Técnica %(days)s días después de la resolución; "
        "el plazo es de %(limit)s días calendario (%(citation)s)."
    ) % {"days": days, "limit": limit.value, "citation": limit.citation}


def _validate_designation_dates(
    *,
    entity: Entity,
    start: datetime.date,
    end: datetime.date | None,
    resolution_date: datetime.date | None,
    notified_on: datetime.date | None,
) -> None:
    _check_range(start, end)
    if resolution_date and notified_on and notified_on < resolution_date:
        raise ValidationError(
            {"notified_on": _("La comunicación a la Secretaría Técnica no puede ser anterior a la resolución.")}
        )
    if not Membership.objects.on(start).filter(entity=entity).exists():
        raise RuleViolation(
            _("%(entity)s no integra la Mesa el %(day)s: solo las entidades integrantes designan representantes")
            % {"entity": entity.acronym, "day": start.strftime("%d/%m/%Y")},
            rule=rule_or_none("designation.one_titular_one_alternate", on=start),
            field="start",
        )


def _refuse_overlap(
    *, entity: Entity, role: str, start: datetime.date, end: datetime.date | None, exclude: int | None = None
) -> None:
    clash = _overlaps(Designation.objects.filter(entity=entity, role=role), start, end)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    other = clash.select_related("person").first()
    if other is not None:
        raise RuleViolation(
            _(
                "%(entity)s ya tiene %(role)s en esas fechas (%(person)s, desde el %(start)s); cada entidad tiene un "
                "titular y un alterno a la vez. Para un sucesor use «Reemplazar»"
            )
            % {
                "entity": entity.acronym,
                "role": other.get_role_display().lower(),
                "person": other.person,
                "start": other.start.strftime("%d/%m/%Y"),
            },
            rule=rule_or_none("designation.one_titular_one_alternate", on=start),
            field="start",
        )


def _with_warnings(designation: Designation) -> Designation:
    warning = notice_warning(resolution_date=designation.resolution_date, notified_on=designation.notified_on)
    designation.warnings = [warning] if warning else []
    return designation


@transaction.atomic
def designation_create(
    *,
    actor: Any,
    entity: Entity,
    person: Person,
    role: str,
    start: datetime.date,
    end: datetime.date | None = None,
    resolution_number: str = "",
    resolution_date: datetime.date | None = None,
    notified_on: datetime.date | None = None,
) -> Designation:
    """Designate ``person`` titular or alternate of ``entity`` (Art. 7.5).

    The result carries ``warnings`` (for instance a late notice to the ST) that the UI and API show.
    """
    _authorize(actor)
    Entity.objects.select_for_update().get(pk=entity.pk)
    _validate_designation_dates(
        entity=entity, start=start, end=end, resolution_date=resolution_date, notified_on=notified_on
    )
    _refuse_overlap(entity=entity, role=role, start=start, end=end)
    designation = Designation(
        entity=entity,
        person=person,
        role=role,
        start=start,
        end=end,
        resolution_number=resolution_number.strip(),
        resolution_date=resolution_date,
        notified_on=notified_on,
    )
    designation.full_clean(validate_constraints=False)
    with _integrity_guard():
        designation.save()
    return _with_warnings(designation)


@transaction.atomic
def designation_replace(
    *,
    actor: Any,
    designation: Designation,
    person: Person,
    start: datetime.date,
    resolution_number: str = "",
    resolution_date: datetime.date | None = None,
    notified_on: datetime.date | None = None,
) -> Designation:
    """Designate the successor of ``designation`` from ``start`` (Art. 7.6).

    The predecessor stays in office until the successor is designated: its period ends the day
    before ``start`` and it points to its successor through ``replaced_by``.
    """
    _authorize(actor)
    previous = Designation.objects.select_for_update().select_related("entity").get(pk=designation.pk)
    tenure = rule_or_none("designation.tenure_until_replaced", on=start)
    if previous.replaced_by_id is not None:
        raise RuleViolation(_("Esta designación ya fue reemplazada; reemplace a la designación vigente"), rule=tenure)
    if start <= previous.start:
        raise RuleViolation(
            _("El reemplazo debe empezar después del inicio de la designación que reemplaza (%(start)s)")
            % {"start": previous.start.strftime("%d/%m/%Y")},
            rule=tenure,
            field="start",
        )
    if previous.end is not None and previous.end < start - ONE_DAY:
        raise RuleViolation(
            _("La designación anterior terminó el %(end)s; registre una designación nueva en lugar de un reemplazo")
            % {"end": previous.end.strftime("%d/%m/%Y")},
            rule=tenure,
            field="start",
        )
    entity = previous.entity
    _validate_designation_dates(
        entity=entity, start=start, end=None, resolution_date=resolution_date, notified_on=notified_on
    )
    previous.end = start - ONE_DAY
    with _integrity_guard():
        previous.save()
    # Later designations of the same role would overlap the open-ended successor.
    _refuse_overlap(entity=entity, role=previous.role, start=start, end=None, exclude=previous.pk)
    successor = Designation(
        entity=entity,
        person=person,
        role=previous.role,
        start=start,
        resolution_number=resolution_number.strip(),
        resolution_date=resolution_date,
        notified_on=notified_on,
    )
    successor.full_clean(validate_constraints=False)
    with _integrity_guard():
        successor.save()
    previous.replaced_by = successor
    previous.save()
    return _with_warnings(successor)


DESIGNATION_EDITABLE = ("person", "resolution_number", "resolution_date", "notified_on", "start", "end")


def _check_designation(designation: Designation) -> None:
    _validate_designation_dates(
        entity=designation.entity,
        start=designation.start,
        end=designation.end,
        resolution_date=designation.resolution_date,
        notified_on=designation.notified_on,
    )
    _refuse_overlap(
        entity=designation.entity,
        role=designation.role,
        start=designation.start,
        end=designation.end,
        exclude=designation.pk,
    )


@transaction.atomic
def designation_update(*, actor: Any, designation: Designation, **fields: Any) -> Designation:
    """Correct a designation's data (a mistyped date, say); successors are made with ``designation_replace``."""
    _authorize(actor)
    designation = Designation.objects.select_for_update().select_related("entity").get(pk=designation.pk)
    with _integrity_guard():
        model_update(
            instance=designation,
            fields=DESIGNATION_EDITABLE,
            data=fields,
            check=_check_designation,
            validate_constraints=False,
        )
    return _with_warnings(designation)


# Working groups and subgroups ------------------------------------------------------------------------

GROUP_FIELDS = ("number", "name", "description", "created_on", "created_by", "dissolved_on")
SUBGROUP_FIELDS = ("group", "code", "name", "created_on", "created_by", "dissolved_on")


@transaction.atomic
def group_create(
    *,
    actor: Any,
    number: int,
    name: str,
    created_on: datetime.date | None = None,
    created_by: str = "",
    description: str = "",
    skip_permission_checks: bool = False,
) -> WorkingGroup:
    """Record a working group created by the Pleno (Art. 20.1; proposed by at least the rule's number of members)."""
    _authorize(actor, skip_permission_checks=skip_permission_checks)
    data = {"number": number, "name": name, "created_on": created_on, "created_by": created_by}
    with _integrity_guard():
        group, _changed = model_update(
            instance=WorkingGroup(),
            fields=GROUP_FIELDS,
            data={**data, "description": description},
            strip=True,
            validate_unique=False,
        )
    return group


@transaction.atomic
def group_update(*, actor: Any, group: WorkingGroup, **fields: Any) -> WorkingGroup:
    _authorize(actor)
    locked = WorkingGroup.objects.select_for_update().get(pk=group.pk)
    with _integrity_guard():
        return model_update(instance=locked, fields=GROUP_FIELDS, data=fields, validate_unique=False)[0]


@transaction.atomic
def subgroup_create(
    *,
    actor: Any,
    group: WorkingGroup,
    code: str,
    name: str,
    created_on: datetime.date | None = None,
    created_by: str = "",
) -> Subgroup:
    """Record a subgroup created by the Pleno on the group's recommendation (Art. 21)."""
    _authorize(actor)
    code = code.strip()
    if Subgroup.objects.filter(group=group, code=code).exists():
        raise ValidationError({"code": _("Ya existe un subgrupo con ese código en el grupo.")})
    data = {"group": group, "code": code, "name": name, "created_on": created_on, "created_by": created_by}
    with _integrity_guard():
        subgroup, _changed = model_update(
            instance=Subgroup(), fields=SUBGROUP_FIELDS, data=data, strip=True, validate_constraints=False
        )
    return subgroup


@transaction.atomic
def subgroup_update(*, actor: Any, subgroup: Subgroup, **fields: Any) -> Subgroup:
    _authorize(actor)
    locked = Subgroup.objects.select_for_update().get(pk=subgroup.pk)
    with _integrity_guard():
        return model_update(instance=locked, fields=SUBGROUP_FIELDS, data=fields, validate_constraints=False)[0]


# Coordinators, leads and the entities of groups and subgroups -------------------------------------------
# A group's coordinator (approved by the Pleno, Art. 20.2) and a subgroup's lead (approved by its
# group, Art. 21) are the same kind of record: an entity assigned to a unit for a period, the
# previous one ending the day before, and no two periods overlapping. One implementation serves both.


@dataclass(frozen=True)
class Assignment:
    model: type[GroupCoordinator] | type[SubgroupLead]
    unit_field: str  # "group" or "subgroup"
    unit_model: type[WorkingGroup] | type[Subgroup]
    member_model: type[GroupMembership] | type[SubgroupMembership]
    approved_by: str
    rule_key: str
    # A coordinator's entity must be a member entity; a lead's, any entity of the commission.
    entity_kinds: tuple[str, ...]
    not_in_office: Promise
    before_approval: Promise
    not_after_current: Promise
    overlap: Promise
    already_member: Promise


COORDINATION = Assignment(
    model=GroupCoordinator,
    unit_field="group",
    unit_model=WorkingGroup,
    member_model=GroupMembership,
    approved_by=ApprovingBody.PLENARY,
    rule_key="group.coordinator_approval",
    entity_kinds=(EntityKind.MEMBER,),
    not_in_office=gettext_lazy("%(entity)s no es entidad miembro el %(day)s."),
    before_approval=gettext_lazy("La coordinación no puede empezar antes de su aprobación por el Pleno"),
    not_after_current=gettext_lazy("La nueva coordinación debe empezar después de la vigente (%(start)s)"),
    overlap=gettext_lazy("Las fechas se superponen con otra coordinación del grupo"),
    already_member=gettext_lazy("La entidad ya integra el grupo."),
)
LEADERSHIP = Assignment(
    model=SubgroupLead,
    unit_field="subgroup",
    unit_model=Subgroup,
    member_model=SubgroupMembership,
    approved_by=ApprovingBody.GROUP,
    rule_key="subgroup.lead_approval",
    entity_kinds=tuple(EntityKind.values),
    not_in_office=gettext_lazy("%(entity)s no integra la Mesa en esa fecha."),
    before_approval=gettext_lazy("El responsable no puede empezar antes de su aprobación por el grupo"),
    not_after_current=gettext_lazy("El nuevo responsable debe empezar después del vigente (%(start)s)"),
    overlap=gettext_lazy("Las fechas se superponen con otro responsable"),
    already_member=gettext_lazy("La entidad ya integra el subgrupo."),
)


def _assign(
    kind: Assignment,
    *,
    unit: WorkingGroup | Subgroup,
    entity: Entity,
    start: datetime.date,
    approved_on: datetime.date | None,
    approval_reference: str,
) -> GroupCoordinator | SubgroupLead:
    approval = rule_or_none(kind.rule_key, on=start)
    kind.unit_model.objects.select_for_update().get(pk=unit.pk)
    if not Membership.objects.on(start).filter(entity=entity, kind__in=kind.entity_kinds).exists():
        raise ValidationError(
            {"entity": str(kind.not_in_office) % {"entity": entity, "day": start.strftime("%d/%m/%Y")}}
        )
    if approved_on and approved_on > start:
        raise RuleViolation(str(kind.before_approval), rule=approval, field="start")
    assignments = kind.model.objects.filter(**{kind.unit_field: unit})
    current = assignments.filter(end__isnull=True).first()
    if current is not None:
        if start <= current.start:
            raise RuleViolation(
                str(kind.not_after_current) % {"start": current.start.strftime("%d/%m/%Y")},
                rule=approval,
                field="start",
            )
        current.end = start - ONE_DAY
        current.save()
    if _overlaps(assignments, start, None).exists():
        raise RuleViolation(str(kind.overlap), rule=approval, field="start")
    assigned = kind.model(
        entity=entity,
        start=start,
        approved_by=kind.approved_by,
        approved_on=approved_on,
        approval_reference=approval_reference,
        **{kind.unit_field: unit},
    )
    with _integrity_guard():
        assigned.save()
    if not kind.member_model.objects.on(start).filter(entity=entity, **{kind.unit_field: unit}).exists():
        _member_add(kind, unit=unit, entity=entity, start=start)
    return assigned


def _member_add(
    kind: Assignment, *, unit: WorkingGroup | Subgroup, entity: Entity, start: datetime.date
) -> GroupMembership | SubgroupMembership:
    members = kind.member_model.objects.filter(entity=entity, **{kind.unit_field: unit})
    if _overlaps(members, start, None).exists():
        raise ValidationError({"entity": str(kind.already_member)})
    with _integrity_guard():
        return kind.member_model.objects.create(entity=entity, start=start, **{kind.unit_field: unit})


@transaction.atomic
def group_coordinator_assign(
    *,
    actor: Any,
    group: WorkingGroup,
    entity: Entity,
    start: datetime.date,
    approved_on: datetime.date | None = None,
    approval_reference: str = "",
    skip_permission_checks: bool = False,
) -> GroupCoordinator:
    """The Pleno approves the entity that coordinates a group (Art. 20.2); the previous one ends the day before."""
    _authorize(actor, skip_permission_checks=skip_permission_checks)
    assigned = _assign(
        COORDINATION,
        unit=group,
        entity=entity,
        start=start,
        approved_on=approved_on,
        approval_reference=approval_reference,
    )
    assert isinstance(assigned, GroupCoordinator)
    return assigned


@transaction.atomic
def subgroup_lead_assign(
    *,
    actor: Any,
    subgroup: Subgroup,
    entity: Entity,
    start: datetime.date,
    approved_on: datetime.date | None = None,
    approval_reference: str = "",
    skip_permission_checks: bool = False,
) -> SubgroupLead:
    """The group approves the entity that leads a subgroup (Art. 21); the previous lead ends the day before."""
    _authorize(actor, skip_permission_checks=skip_permission_checks)
    assigned = _assign(
        LEADERSHIP,
        unit=subgroup,
        entity=entity,
        start=start,
        approved_on=approved_on,
        approval_reference=approval_reference,
    )
    assert isinstance(assigned, SubgroupLead)
    return assigned


@transaction.atomic
def group_member_add(*, actor: Any, group: WorkingGroup, entity: Entity, start: datetime.date) -> GroupMembership:
    _authorize(actor)
    added = _member_add(COORDINATION, unit=group, entity=entity, start=start)
    assert isinstance(added, GroupMembership)
    return added


@transaction.atomic
def group_member_end(*, actor: Any, membership: GroupMembership, end: datetime.date) -> GroupMembership:
    _authorize(actor)
    membership = GroupMembership.objects.select_for_update().get(pk=membership.pk)
    _check_range(membership.start, end)
    membership.end = end
    with _integrity_guard():
        membership.save()
    return membership


@transaction.atomic
def subgroup_member_add(*, actor: Any, subgroup: Subgroup, entity: Entity, start: datetime.date) -> SubgroupMembership:
    _authorize(actor)
    added = _member_add(LEADERSHIP, unit=subgroup, entity=entity, start=start)
    assert isinstance(added, SubgroupMembership)
    return added


# Civil-society Registry (Dir. 002 §4.2) -----------------------------------------------------------

# What a Registry entry records beyond the entity: the date and session of admission (c), the fields
# an application already carries (d-k, defined once on ``CsoRegistryFields``), and the entry's date.
CSO_FIELDS = ("admitted_on", "admitted_at", *CSO_REGISTRY_FIELDS, "registered_on")


def _check_cso_complete(registration: CsoRegistration) -> None:
    missing = registration.missing_fields
    if missing:
        raise RuleViolation(
            _("Faltan datos obligatorios del Registro: %(fields)s") % {"fields": ", ".join(missing)},
            rule=rule_or_none("cso.registry_fields", on=registration.registered_on),
        )


@transaction.atomic
def cso_register(*, actor: Any, entity: Entity, registered_on: datetime.date, **fields: Any) -> CsoRegistration:
    """Write an admitted CSO into the Registry once its titular and alternate are designated (Dir. 002 §4.2.2–4.2.3)."""
    _authorize(actor)
    registry_rule = rule_or_none("cso.registry_fields", on=registered_on)
    entity = Entity.objects.select_for_update().get(pk=entity.pk)
    if entity.kind != EntityKind.CIVIL_SOCIETY:
        raise RuleViolation(_("Solo se inscriben instituciones de la sociedad civil"), rule=registry_rule)
    if CsoRegistration.objects.filter(entity=entity).exists():
        raise ValidationError(_("La institución ya está inscrita en el Registro."))
    roles = set(Designation.objects.on(registered_on).filter(entity=entity).values_list("role", flat=True))
    if roles != {Designation.Role.TITULAR, Designation.Role.ALTERNATE}:
        raise RuleViolation(
            _("La inscripción se hace una vez designados el titular y el alterno de la institución"),
            rule=registry_rule,
        )

    def check(registration: CsoRegistration) -> None:
        _check_cso_complete(registration)
        if registration.admitted_on and registration.admitted_on > registered_on:
            raise ValidationError({"registered_on": _("La inscripción no puede ser anterior a la incorporación.")})

    registration, _changed = model_update(
        instance=CsoRegistration(entity=entity),
        fields=CSO_FIELDS,
        data={**fields, "registered_on": registered_on},
        check=check,
    )
    return registration


@transaction.atomic
def cso_update(*, actor: Any, registration: CsoRegistration, **fields: Any) -> CsoRegistration:
    """Correct or complete a Registry entry (historical entries may still lack data)."""
    _authorize(actor)
    registration = CsoRegistration.objects.select_for_update().get(pk=registration.pk)
    return model_update(instance=registration, fields=CSO_FIELDS, data=fields)[0]
