"""Checks every save passes, whichever form, serializer, service or script made it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


def length_guard(
    sender: type[models.Model], instance: models.Model, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    """Refuse text longer than its field allows, naming the field and the limit.

    Forms and serializers built from the models already refuse it; this is for every other path
    (a plain serializer, a form field, a value a service composes), where the database would
    otherwise answer with an error that becomes a 500 (CharField) or store a megabyte (TextField).
    """
    # Historical records (django-simple-history) copy a row that was checked when it was saved.
    if raw or hasattr(sender, "instance_type"):
        return
    errors: dict[str, list[str]] = {}
    for field in sender._meta.concrete_fields:
        limit = getattr(field, "max_length", None)
        if not limit or not isinstance(field, models.CharField | models.TextField):
            continue
        # A save of some fields is judged on those: a row kept from before a limit existed can
        # still have its other fields saved.
        if update_fields is not None and field.name not in update_fields and field.attname not in update_fields:
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
