from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Norm


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


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
