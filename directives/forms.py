from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from mtigm.core.forms import DateInput

from .models import Norm


class OnDateForm(forms.Form):
    on = forms.DateField(label=_("Reglas vigentes el"), required=False, widget=DateInput())


class RuleVersionForm(forms.Form):
    value = forms.CharField(
        label=_("Nuevo valor"),
        help_text=_("Un número entero, o para fórmulas y fechas el mismo JSON de la versión anterior."),
    )
    valid_from = forms.DateField(label=_("Vigente desde"), widget=DateInput())
    norm = forms.ModelChoiceField(label=_("Norma"), queryset=Norm.objects.order_by("issued_on", "code"))
    article = forms.CharField(label=_("Artículo o numeral"), max_length=60)

    def clean_value(self):
        raw = self.cleaned_data["value"].strip()
        try:
            return json.loads(raw)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(_("Escriba un número o un JSON válido.")) from exc


def _json_value(raw: str):
    try:
        return json.loads(raw.strip())
    except json.JSONDecodeError as exc:
        raise forms.ValidationError(_("Escriba un número o un JSON válido.")) from exc


class DirectiveDraftForm(forms.Form):
    number = forms.CharField(
        label=_("Número"), max_length=80, help_text=_("Por ejemplo: Directiva N° 001-2026 ST-MTIGM.")
    )
    title = forms.CharField(label=_("Título"), max_length=300)
    short_name = forms.CharField(
        label=_("Nombre corto"), max_length=120, required=False, help_text=_("Cómo se cita; por defecto, el número.")
    )
    code = forms.SlugField(
        label=_("Código"), max_length=60, required=False, help_text=_("Para la dirección web; por defecto, el número.")
    )
    amends = forms.ModelChoiceField(
        label=_("Modifica a"),
        queryset=Norm.objects.filter(kind=Norm.Kind.DIRECTIVE, status=Norm.Status.IN_FORCE).order_by("issued_on"),
        required=False,
        help_text=_("Solo si el proyecto modifica una directiva vigente."),
    )
    text = forms.CharField(label=_("Texto"), widget=forms.Textarea(attrs={"rows": 10}), required=False)


class PendingRuleVersionForm(forms.Form):
    """A rule the draft directive changes: which rule, its new value, and the article that sets it."""

    key = forms.ChoiceField(label=_("Regla"))
    value = forms.CharField(
        label=_("Nuevo valor"),
        help_text=_("Un número entero, o para fórmulas y fechas el mismo JSON de la versión vigente."),
    )
    article = forms.CharField(label=_("Artículo de la directiva"), max_length=60, help_text=_("Por ejemplo «Art. 3»."))

    def __init__(self, *args, keys: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        key_field = self.fields["key"]
        assert isinstance(key_field, forms.ChoiceField)
        key_field.choices = keys

    def clean_value(self):
        return _json_value(self.cleaned_data["value"])


class PendingRuleChangeForm(forms.Form):
    value = forms.CharField(label=_("Nuevo valor"))
    article = forms.CharField(label=_("Artículo de la directiva"), max_length=60)

    def clean_value(self):
        return _json_value(self.cleaned_data["value"])


class NonWorkingDayForm(forms.Form):
    date = forms.DateField(label=_("Fecha"), widget=DateInput())
    reason = forms.CharField(label=_("Motivo"), max_length=200)
    legal_basis = forms.CharField(
        label=_("Base legal"), max_length=200, required=False, help_text=_("Por ejemplo: D.S. N° 123-2024-PCM.")
    )


class DeadlineForm(forms.Form):
    KINDS = [("ordinary", _("Ordinaria")), ("extraordinary", _("Extraordinaria"))]
    session_date = forms.DateField(label=_("Fecha de la sesión"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Tipo de sesión"), choices=KINDS)
