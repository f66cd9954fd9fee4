"""Form helpers every app's pages share."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

# The values of <input type="date">, "datetime-local" and "time" are ISO whatever the page's language
# (HTML Living Standard, "valid date string"): a value in the locale's format ("01/12/2026") leaves
# the browser's field empty. Forms send the same formats back, which the fields always accept.
ISO_DATE = "%Y-%m-%d"
ISO_DATETIME = "%Y-%m-%dT%H:%M"
ISO_TIME = "%H:%M"
ISO_FORMATS = {"date": ISO_DATE, "datetime-local": ISO_DATETIME, "time": ISO_TIME}


class DateInput(forms.DateInput):
    """A browser date picker whose value is written in ISO, so a prefilled date shows."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format=format or ISO_DATE)


class DateTimeInput(forms.DateTimeInput):
    """A browser date-and-time picker (local time) whose value is written in ISO."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format=format or ISO_DATETIME)


class TimeInput(forms.TimeInput):
    """A browser time picker whose value is written as HH:MM."""

    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format=format or ISO_TIME)


def iso_widget(widget: Any) -> Any:
    """``widget`` (a class or an instance) made to write ISO values when the browser expects them.

    Date widgets declared as ``forms.DateInput(attrs={"type": "date"})`` or with ``input_type =
    "date"`` but no format would write the locale's format; this gives them the ISO one and leaves
    every other widget as it is.
    """
    if isinstance(widget, type):
        if not issubclass(widget, forms.widgets.DateTimeBaseInput):
            return widget
        widget = widget()
    if isinstance(widget, forms.widgets.DateTimeBaseInput) and not isinstance(
        widget, (DateInput, DateTimeInput, TimeInput)
    ):
        input_type = widget.attrs.get("type", widget.input_type)
        if input_type in ISO_FORMATS:
            widget.format = ISO_FORMATS[input_type]
    return widget


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
    (Django 6's default, so forms behave the same before and after the upgrade), and browser date
    pickers given by ``Meta.widgets`` prefilled in ISO (``iso_widget``)."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    if "widget" in kwargs:
        kwargs["widget"] = iso_widget(kwargs["widget"])
    return field.formfield(**kwargs)


class ModelForm(forms.ModelForm):
    """The project's model form: model fields become form fields through ``formfield_for``.
    Subclasses declare ``class Meta(ModelForm.Meta)`` so they inherit the callback."""

    class Meta:
        formfield_callback = formfield_for
