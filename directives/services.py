"""Writes of the directives app. Each service checks the actor's roles itself, so the UI, the API
and the admin behave alike."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from mtigm.core import access

from .calendar import national_holiday_name
from .models import NonWorkingDay, Norm, Rule
from .rules import UnknownRule, clear_cache, rule

NUMERIC_UNITS = {
    Rule.Unit.BUSINESS_DAYS,
    Rule.Unit.CALENDAR_DAYS,
    Rule.Unit.MONTHS,
    Rule.Unit.MINUTES,
    Rule.Unit.ENTITIES,
    Rule.Unit.SESSIONS,
    Rule.Unit.PAGES,
}


def _check_value(value: Any, previous: Rule) -> Any:
    """A new version keeps the shape of the old one: a whole number, or the same set of keys."""
    if previous.unit in NUMERIC_UNITS:
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValidationError({"value": _("El valor debe ser un número entero no negativo.")})
        return value
    if isinstance(previous.value, dict):
        if not isinstance(value, dict) or set(value) != set(previous.value):
            raise ValidationError(
                {
                    "value": _("El valor debe tener los mismos campos que la versión anterior: %(keys)s.")
                    % {"keys": ", ".join(sorted(previous.value))}
                }
            )
        return value
    if isinstance(previous.value, bool) and not isinstance(value, bool):
        raise ValidationError({"value": _("El valor debe ser sí o no.")})
    return value


@transaction.atomic
def rule_version_create(
    *,
    actor: Any,
    key: str,
    value: Any,
    valid_from: datetime.date,
    norm: Norm | None,
    article: str,
) -> Rule:
    """Record a new version of rule ``key`` in force from ``valid_from``.

    The version in force until then is closed the day before; no earlier version is edited in
    any other way, so the rule a past decision applied stays on record with its own citation.
    """
    access.require(
        actor, "rule.change", message=_("Solo la Secretaría Técnica puede registrar una nueva versión de una regla.")
    )
    versions = list(Rule.objects.select_for_update().filter(key=key).order_by("valid_from"))
    if not versions:
        raise ValidationError({"key": _("No existe la regla «%(key)s».") % {"key": key}})
    latest = versions[-1]
    if valid_from <= latest.valid_from:
        raise ValidationError(
            {
                "valid_from": _("La nueva versión debe regir después del %(date)s, inicio de la versión vigente.")
                % {"date": latest.valid_from.strftime("%d/%m/%Y")}
            }
        )
    if latest.valid_to is not None and latest.valid_to < valid_from - datetime.timedelta(days=1):
        raise ValidationError(
            {
                "valid_from": _("La regla dejó de regir el %(date)s; la nueva versión debe empezar el día siguiente.")
                % {"date": latest.valid_to.strftime("%d/%m/%Y")}
            }
        )
    if norm is None or not article.strip():
        raise ValidationError({"article": _("Toda regla cita la norma y el artículo de donde viene.")})
    value = _check_value(value, latest)
    latest.valid_to = valid_from - datetime.timedelta(days=1)
    latest.save(update_fields=["valid_to"])
    try:
        with transaction.atomic():
            created = Rule.objects.create(
                key=key,
                name=latest.name,
                description=latest.description,
                value=value,
                unit=latest.unit,
                norm=norm,
                article=article.strip(),
                valid_from=valid_from,
            )
    except IntegrityError as exc:
        raise ValidationError(_("Ya existe una versión de esta regla que rige desde esa fecha.")) from exc
    transaction.on_commit(clear_cache)
    return created


def directive_offset(norm: Norm, approved_on: datetime.date):
    """The in-force offset rule for ``norm``: its own clause if registered, else the general one."""
    try:
        return rule(f"directive.in_force_offset_days.{norm.code}", on=approved_on)
    except UnknownRule:
        return rule("directive.in_force_offset_days", on=approved_on)


@transaction.atomic
def directive_approve(
    *,
    actor: Any,
    norm: Norm,
    approved_on: datetime.date,
    agreement_reference: str,
    skip_permission_checks: bool = False,
) -> Norm:
    """Record the Plenary's approval of a directive: in force from the day after (R24).

    ``skip_permission_checks`` is for the adopted agreement itself carrying out its decision
    (``decisions.applications``): the Plenary decided, whoever closed the vote.
    """
    if not skip_permission_checks:
        access.require(
            actor, "norm.approve", message=_("Solo la Secretaría Técnica registra la aprobación de una directiva.")
        )
    norm = Norm.objects.select_for_update().get(pk=norm.pk)
    if norm.kind != Norm.Kind.DIRECTIVE:
        raise ValidationError(_("Solo las directivas se aprueban por acuerdo del Pleno."))
    if norm.status == Norm.Status.IN_FORCE and norm.approved_on:
        raise ValidationError(
            _("La directiva ya fue aprobada el %(date)s.") % {"date": norm.approved_on.strftime("%d/%m/%Y")}
        )
    if not agreement_reference.strip():
        raise ValidationError({"agreement_reference": _("Indique el acuerdo del Pleno que aprobó la directiva.")})
    offset = directive_offset(norm, approved_on)
    norm.approved_on = approved_on
    norm.issued_on = norm.issued_on or approved_on
    norm.agreement_reference = agreement_reference.strip()
    norm.approved_by = norm.approved_by or _("Pleno de la MTIGM")
    norm.in_force_from = approved_on + datetime.timedelta(days=int(offset.value))
    norm.status = Norm.Status.IN_FORCE
    norm.save()
    return norm


@transaction.atomic
def non_working_day_create(*, actor: Any, date: datetime.date, reason: str, legal_basis: str = "") -> NonWorkingDay:
    """Record a day declared non-working for the public sector (it stops counting as a business day)."""
    access.require(
        actor, "non_working_day.change", message=_("Solo la Secretaría Técnica registra días no laborables.")
    )
    if not reason.strip():
        raise ValidationError({"reason": _("Indique el motivo del día no laborable.")})
    if date.weekday() >= 5:
        raise ValidationError({"date": _("Los sábados y domingos ya no son días hábiles.")})
    holiday = national_holiday_name(date)
    if holiday:
        raise ValidationError({"date": _("Ese día ya es feriado nacional: %(name)s.") % {"name": holiday}})
    if NonWorkingDay.objects.filter(date=date).exists():
        raise ValidationError({"date": _("Ese día ya está registrado como no laborable.")})
    try:
        with transaction.atomic():
            return NonWorkingDay.objects.create(date=date, reason=reason.strip(), legal_basis=legal_basis.strip())
    except IntegrityError as exc:
        raise ValidationError({"date": _("Ese día ya está registrado como no laborable.")}) from exc


@transaction.atomic
def non_working_day_delete(*, actor: Any, day: NonWorkingDay) -> None:
    access.require(
        actor, "non_working_day.change", day, message=_("Solo la Secretaría Técnica registra días no laborables.")
    )
    NonWorkingDay.objects.filter(pk=day.pk).delete()
