"""Checks every save passes, whichever form, serializer, service or script made it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


def length_guard(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    """Refuse text longer than its field allows, naming the field and the limit.

    Forms and serializers built from the models already refuse it; this is for every other path
    (a plain serializer, a form field, a value a service composes), where the database would
    otherwise answer with an error that becomes a 500 (CharField) or store a megabyte (TextField).
    """
    if raw:
        return
    errors: dict[str, list[str]] = {}
    for field in sender._meta.concrete_fields:
        limit = getattr(field, "max_length", None)
        if not limit or not isinstance(field, models.CharField | models.TextField):
            continue
        value = getattr(instance, field.attname, None)
        if isinstance(value, str) and len(value) > limit:
            errors[field.name] = [
                _("%(field)s: escriba como máximo %(limit)s caracteres (tiene %(length)s).")
                % {"field": str(field.verbose_name).capitalize(), "limit": limit, "length": len(value)}
            ]
    if errors:
        raise ValidationError(errors, code="max_length")


def connect() -> None:
    models.signals.pre_save.connect(length_guard, dispatch_uid="mtigm.guards.length")
