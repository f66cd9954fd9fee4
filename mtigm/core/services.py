"""Write helpers every app's services share."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import models

ModelT = TypeVar("ModelT", bound=models.Model)


def clean_text(model: type[models.Model], name: str, value: Any, *, strip: bool = True) -> str:
    """``value`` for the text field ``name`` of ``model``, trimmed, or a ValidationError naming the
    field. Model fields, unlike form fields, let a NUL character through (PostgreSQL refuses it:
    a 500) and do not hold a TextField to its max_length; the texts services take from a request
    without a form pass through here."""
    text = str(value or "")
    text = text.strip() if strip else text
    field = model._meta.get_field(name)
    validators: list[Callable[[Any], None]] = [ProhibitNullCharactersValidator()]
    max_length = getattr(field, "max_length", None)
    if max_length:
        validators.append(MaxLengthValidator(max_length))
    errors: list[ValidationError] = []
    for validator in validators:
        try:
            validator(text)
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError({name: errors})
    return text


def model_update(
    *,
    instance: ModelT,
    fields: Iterable[str],
    data: dict[str, Any],
    strip: bool = False,
    check: Callable[[ModelT], None] | None = None,
    validate_unique: bool = True,
    validate_constraints: bool = True,
) -> tuple[ModelT, bool]:
    """Set the ``fields`` of ``instance`` that ``data`` carries, validate and save them.

    A key of ``data`` that is not one of ``fields`` is a programming error (a caller passing what
    the service never meant to change), so it raises ``ValueError`` instead of being ignored.
    ``strip`` trims text values; ``check`` runs the service's own rules on the changed instance
    before the model's validation. Nothing is written when nothing changed; a new instance is
    inserted. Returns the instance and whether it changed.
    """
    allowed = list(fields)
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValueError(f"Unknown fields for {type(instance).__name__}: {sorted(unknown)}")
    changed = False
    for name in allowed:
        if name not in data:
            continue
        value = data[name]
        if isinstance(value, str) and isinstance(instance._meta.get_field(name), models.CharField | models.TextField):
            value = clean_text(type(instance), name, value, strip=strip)
        if _current(instance, name) != _comparable(value):
            setattr(instance, name, value)
            changed = True
    adding = instance._state.adding
    if not (changed or adding):
        return instance, False
    if check is not None:
        check(instance)
    instance.full_clean(validate_unique=validate_unique, validate_constraints=validate_constraints)
    if adding:
        instance.save()
    else:
        # Timestamps kept by the database layer (auto_now) are written with the fields they stamp.
        stamped = [f.name for f in instance._meta.concrete_fields if getattr(f, "auto_now", False)]
        instance.save(update_fields=[*dict.fromkeys([*allowed, *stamped])])
    return instance, True


def _current(instance: models.Model, name: str) -> Any:
    """The field's value as stored; a relation by its key, so an unset one reads as None."""
    field = instance._meta.get_field(name)
    if field.many_to_one or field.one_to_one:
        return getattr(instance, field.attname)  # type: ignore[union-attr]
    return getattr(instance, name)


def _comparable(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value
