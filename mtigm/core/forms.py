"""Form helpers every app's pages share."""

from __future__ import annotations

from typing import Any

from django import forms


def model_choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's model choice field called ``name`` (``form.fields`` only knows it is some field)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field
