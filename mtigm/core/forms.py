"""Form helpers every app's pages share."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models


def model_choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's model choice field called ``name`` (``form.fields`` only knows it is some field)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


def model_text(model: type[models.Model], name: str, **kwargs: Any) -> forms.CharField:
    """A form field for a text the model keeps in ``name``, bounded as the model bounds it."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return forms.CharField(max_length=field.max_length, **kwargs)


def formfield_for(field: Any, **kwargs: Any) -> Any:
    """The form field for a model field, with web addresses typed without a scheme read as https
    (Django 6's default, so forms behave the same before and after the upgrade)."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class ModelForm(forms.ModelForm):
    """The project's model form: model fields become form fields through ``formfield_for``.
    Subclasses declare ``class Meta(ModelForm.Meta)`` so they inherit the callback."""

    class Meta:
        formfield_callback = formfield_for
