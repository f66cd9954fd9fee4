"""Writes of the directives app. Each service checks the actor's roles itself, so the UI, the API
and the admin behave alike."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mtigm.core import access
from mtigm.core.errors import RuleViolation, StateConflict

from .calendar import national_holiday_name
from .models import NonWorkingDay, Norm, PendingRuleVersion, Rule
from .rules import RuleValue, UnknownRule, clear_cache, rule

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
    _check_manual_version(key, versions, norm, valid_from)
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


def _check_manual_version(key: str, versions: list[Rule], norm: Norm, valid_from: datetime.date) -> None:
    """The typed path is for norms the Plenary does not approve (the Reglamento changes by ministerial
    resolution, Complementary provision 1) and for data fixes. A directive's values come into force only
    through the directive's approval (R24), so a typed version may not cite a directive, and a rule that a
    directive governs may not be changed from a past day (nor today), which would rewrite what decisions
    already taken under it applied.
    """
    today = timezone.localdate()
    if norm.kind == Norm.Kind.DIRECTIVE:
        raise RuleViolation(
            _(
                "Los valores que fija una directiva entran en vigor con la aprobación de la directiva por el "
                "Pleno: regístrelos como reglas pendientes del proyecto de directiva"
            ),
            rule=_r24(norm, today),
            field="norm",
            code="directive_rule_by_approval",
        )
    governing = (
        Norm.objects.filter(pk__in={v.norm_id for v in versions if v.norm_id}, kind=Norm.Kind.DIRECTIVE)
        .order_by("-in_force_from")
        .first()
    )
    if governing is not None and valid_from <= today:
        raise RuleViolation(
            _(
                "La regla «%(key)s» la fija la %(norm)s: una nueva versión no puede regir desde una fecha pasada "
                "ni desde hoy; debe empezar el %(tomorrow)s o después"
            )
            % {
                "key": key,
                "norm": governing.short_name,
                "tomorrow": (today + datetime.timedelta(days=1)).strftime("%d/%m/%Y"),
            },
            rule=_r24(governing, today),
            field="valid_from",
            code="directive_rule_in_past",
        )


def _r24(norm: Norm, day: datetime.date) -> RuleValue:
    """R24's rule in the registry (directives are in force from the day after their approval)."""
    return directive_offset(norm, day)


def directive_offset(norm: Norm, approved_on: datetime.date) -> RuleValue:
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
    try:
        _pending_into_force(norm, norm.in_force_from)
    except Exception:
        # The transaction rolls back the rule versions written so far; the in-process registry must
        # not keep any of them either, should it have been read in the meantime.
        clear_cache()
        raise
    transaction.on_commit(clear_cache)
    return norm


def _pending_into_force(norm: Norm, start: datetime.date) -> None:
    """Each pending rule version of ``norm`` becomes a rule version in force from ``start`` (R24).

    Called with the norm's row locked, so no pending version is added, changed or removed meanwhile.
    """
    pending = PendingRuleVersion.objects.select_for_update().filter(norm=norm, rule__isnull=True).order_by("key")
    for version in pending:
        version.rule = _insert_version(
            key=version.key, value=version.value, norm=norm, article=version.article, start=start
        )
        version.save(update_fields=["rule", "updated_at"])


def _insert_version(*, key: str, value: Any, norm: Norm, article: str, start: datetime.date) -> Rule:
    """A new version of ``key`` from ``start``: the version in force that day closes the day before, and
    the new one runs until a later version already on record starts (if any)."""
    versions = list(Rule.objects.select_for_update().filter(key=key).order_by("valid_from"))
    if not versions:
        raise ValidationError(_("No existe la regla «%(key)s».") % {"key": key})
    clash = next((v for v in versions if v.valid_from == start), None)
    if clash is not None:
        raise StateConflict(
            _("La regla «%(key)s» ya tiene una versión que rige desde el %(date)s (%(citation)s).")
            % {"key": key, "date": start.strftime("%d/%m/%Y"), "citation": clash.citation},
            code="rule_version_exists",
        )
    earlier = [v for v in versions if v.valid_from < start]
    later = [v for v in versions if v.valid_from > start]
    template = earlier[-1] if earlier else versions[0]
    value = _check_value(value, template)
    if earlier and (earlier[-1].valid_to is None or earlier[-1].valid_to >= start):
        earlier[-1].valid_to = start - datetime.timedelta(days=1)
        earlier[-1].save(update_fields=["valid_to"])
    return Rule.objects.create(
        key=key,
        name=template.name,
        description=template.description,
        value=value,
        unit=template.unit,
        norm=norm,
        article=article,
        valid_from=start,
        valid_to=later[0].valid_from - datetime.timedelta(days=1) if later else None,
    )


# Drafts of directives and the rule versions they change ---------------------------------------------------


def _require_drafter(actor: Any) -> None:
    access.require(
        actor,
        "norm.draft",
        message=_("Solo la Secretaría Técnica prepara los proyectos de directiva y las reglas que cambian."),
    )


def _lock_draft(norm: Norm) -> Norm:
    """The norm's row, locked (approval locks it too), and refused unless it is a directive not yet approved."""
    norm = Norm.objects.select_for_update().get(pk=norm.pk)
    if norm.kind != Norm.Kind.DIRECTIVE:
        raise ValidationError(_("Solo las directivas cambian reglas con su aprobación por el Pleno."))
    if not norm.is_draft_directive:
        day = norm.approved_on or timezone.localdate()
        since = norm.in_force_from.strftime("%d/%m/%Y") if norm.in_force_from else "—"
        raise RuleViolation(
            _(
                "La %(norm)s ya fue aprobada por el Pleno y rige desde el %(date)s: sus reglas ya no cambian; "
                "un cambio requiere una nueva directiva"
            )
            % {"norm": norm.short_name, "date": since},
            rule=_r24(norm, day),
            code="directive_not_draft",
        )
    return norm


def _checked_pending(key: str, value: Any, article: str) -> tuple[Any, str]:
    latest = Rule.objects.filter(key=key).order_by("valid_from").last()
    if latest is None:
        raise ValidationError({"key": _("No existe la regla «%(key)s».") % {"key": key}})
    if not article.strip():
        raise ValidationError({"article": _("Indique el artículo de la directiva que fija el valor.")})
    return _check_value(value, latest), article.strip()


@transaction.atomic
def directive_draft_create(
    *,
    actor: Any,
    number: str,
    title: str,
    short_name: str = "",
    code: str = "",
    text: str = "",
    amends: Norm | None = None,
) -> Norm:
    """The ST drafts a new directive, or one that amends another; the Plenary approves it later (R24)."""
    _require_drafter(actor)
    if not number.strip():
        raise ValidationError({"number": _("Indique el número de la directiva.")})
    if not title.strip():
        raise ValidationError({"title": _("Indique el título de la directiva.")})
    code = slugify(code.strip() or number)[:60]
    if not code:
        raise ValidationError({"code": _("Indique un código con letras o números.")})
    if Norm.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Ya existe una norma con el código «%(code)s».") % {"code": code}})
    norm = Norm(
        code=code,
        kind=Norm.Kind.DIRECTIVE,
        number=number.strip(),
        title=title.strip(),
        short_name=(short_name.strip() or number.strip())[:120],
        text=text,
        amends=amends,
        status=Norm.Status.DRAFT,
    )
    norm.full_clean()
    try:
        with transaction.atomic():
            norm.save()
    except IntegrityError as exc:
        raise ValidationError({"code": _("Ya existe una norma con el código «%(code)s».") % {"code": code}}) from exc
    return norm


@transaction.atomic
def pending_rule_version_create(*, actor: Any, norm: Norm, key: str, value: Any, article: str) -> PendingRuleVersion:
    """A draft directive's new value for rule ``key``: pending, not in force, until the Plenary approves it."""
    _require_drafter(actor)
    norm = _lock_draft(norm)
    value, article = _checked_pending(key, value, article)
    if PendingRuleVersion.objects.filter(norm=norm, key=key).exists():
        raise ValidationError({"key": _("Esta directiva ya propone un valor para esa regla: modifíquelo.")})
    return PendingRuleVersion.objects.create(norm=norm, key=key, value=value, article=article)


@transaction.atomic
def pending_rule_version_update(
    *, actor: Any, version: PendingRuleVersion, value: Any, article: str
) -> PendingRuleVersion:
    """Change a pending version while its directive is a draft; never after approval."""
    _require_drafter(actor)
    _lock_draft(version.norm)
    version = PendingRuleVersion.objects.select_for_update().select_related("norm").get(pk=version.pk)
    value, article = _checked_pending(version.key, value, article)
    version.value = value
    version.article = article
    version.save(update_fields=["value", "article", "updated_at"])
    return version


@transaction.atomic
def pending_rule_version_delete(*, actor: Any, version: PendingRuleVersion) -> None:
    """Withdraw a pending version while its directive is a draft; never after approval."""
    _require_drafter(actor)
    _lock_draft(version.norm)
    PendingRuleVersion.objects.filter(pk=version.pk).delete()


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
