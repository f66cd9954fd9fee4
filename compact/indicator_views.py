"""Pages of the Compact's indicators: the list (the ST defines new ones there), an indicator with
its chart, values table and the forms of the responsible entity (enter, submit) and of the ST
(edit, validate, return), the progress per objective, the evidence download and the values as CSV.
Thin, as compact.views: objects through the access helpers, writes through the services."""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from members.models import Entity
from mtigm.core import access, audit
from mtigm.core.files import ProtectedFileView, file_download
from mtigm.core.forms import model_text
from mtigm.core.views import add_form_errors, attempt, plain_int

from . import indicators
from .indicators import access_indicator, access_indicator_value
from .models import Indicator, IndicatorValue, Objective, ReferenceItem
from .selectors import commission_entities


class IndicatorForm(forms.Form):
    name = model_text(Indicator, "name", label=gettext_lazy("Nombre"))
    code = model_text(Indicator, "code", label=gettext_lazy("Código"), required=False)
    objective = forms.ModelChoiceField(
        label=gettext_lazy("Objetivo del Pacto Mundial"), queryset=Objective.objects.order_by("number"), required=False
    )
    sdg_indicator = forms.ModelChoiceField(
        label=gettext_lazy("Indicador ODS (meta 10.7)"),
        queryset=ReferenceItem.objects.filter(kind=ReferenceItem.Kind.SDG_INDICATOR).order_by("position"),
        required=False,
        help_text=gettext_lazy("Indique el objetivo, el indicador ODS o ambos."),
    )
    unit = model_text(Indicator, "unit", label=gettext_lazy("Unidad de medida"))
    baseline_value = forms.DecimalField(
        label=gettext_lazy("Línea de base"), max_digits=16, decimal_places=2, required=False
    )
    baseline_year = forms.IntegerField(
        label=gettext_lazy("Año de la línea de base"),
        min_value=indicators.MIN_YEAR,
        max_value=indicators.MAX_YEAR,
        required=False,
    )
    target_value = forms.DecimalField(label=gettext_lazy("Meta"), max_digits=16, decimal_places=2, required=False)
    target_year = forms.IntegerField(
        label=gettext_lazy("Año de la meta"),
        min_value=indicators.MIN_YEAR,
        max_value=indicators.MAX_YEAR,
        required=False,
    )
    source = model_text(Indicator, "source", label=gettext_lazy("Fuente de datos"), required=False)
    disaggregation = forms.MultipleChoiceField(
        label=gettext_lazy("Desagregación"),
        choices=Indicator.Disaggregation.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    responsible_entity = forms.ModelChoiceField(
        label=gettext_lazy("Entidad responsable"), queryset=Entity.objects.none()
    )
    description = model_text(
        Indicator,
        "description",
        label=gettext_lazy("Descripción"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    active = forms.BooleanField(label=gettext_lazy("Vigente"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["responsible_entity"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = commission_entities()


class ValueForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Año"), min_value=indicators.MIN_YEAR, max_value=indicators.MAX_YEAR)
    value = forms.DecimalField(label=gettext_lazy("Valor"), max_digits=16, decimal_places=2)
    disaggregated = forms.JSONField(
        label=gettext_lazy("Valores desagregados (opcional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy('Por ejemplo: {"sex": {"mujeres": 10, "hombres": 12}}'),
    )
    note = model_text(
        IndicatorValue, "note", label=gettext_lazy("Nota"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.FileField(label=gettext_lazy("Sustento (PDF, ODT, DOCX, ODS, XLSX, PNG, JPEG)"), required=False)


def _indicator_initial(indicator: Indicator) -> dict[str, Any]:
    return {name: getattr(indicator, name) for name in indicators.INDICATOR_FIELDS}


class IndicatorListView(View):
    """The indicators with their latest validated value; the ST defines new ones here."""

    def _render(self, request: HttpRequest, form: IndicatorForm | None, status: int = 200) -> HttpResponse:
        roles = access.request_roles(request)
        rows = indicators.indicators_visible(roles)
        objective = plain_int(request.GET.get("objetivo"))
        if objective:
            rows = rows.filter(objective__number=objective)
        can_define = access.can(roles, "indicator.define")
        context = {
            "indicators": list(rows),
            "objective": objective,
            "can_define": can_define,
            "form": form or (IndicatorForm() if can_define else None),
        }
        return render(request, "compact/indicators.html", context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, None)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = IndicatorForm(request.POST)
        if form.is_valid():
            try:
                indicator = indicators.indicator_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Indicador definido."))
                return redirect("compact:indicator", pk=indicator.pk)
        return self._render(request, form, status=400)


PERMISSIONS = {
    "define": "indicator.define",
    "save": "indicator_value.write",
    "submit": "indicator_value.write",
    "validate": "indicator_value.validate",
    "return": "indicator_value.validate",
}


class IndicatorView(View):
    """An indicator: chart, values (with the data table the chart draws), and the forms of whoever may act."""

    def _render(
        self,
        request: HttpRequest,
        indicator: Indicator,
        *,
        value_form: ValueForm | None = None,
        define_form: IndicatorForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        roles = access.request_roles(request)
        values = list(indicators.values_visible(roles).filter(indicator=indicator))
        can_write = access.can(roles, "indicator_value.write", indicator, subject="indicator") and indicator.active
        context = {
            "indicator": indicator,
            "values": values,
            "chart": indicators.indicator_chart(indicator, values),
            "can_write": can_write,
            "can_validate": access.can(roles, "indicator_value.validate"),
            "can_define": access.can(roles, "indicator.define", indicator),
            "value_form": value_form or (ValueForm(initial={"year": indicators.default_year()}) if can_write else None),
            "define_form": define_form or IndicatorForm(initial=_indicator_initial(indicator)),
        }
        return render(request, "compact/indicator.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render(request, access_indicator(request.user, pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        action = request.POST.get("action", "")
        permission = PERMISSIONS.get(action)
        if permission is None:
            raise Http404
        indicator = access_indicator(request.user, pk, action=permission)
        actor = request.user
        if action == "define":
            define_form = IndicatorForm(request.POST)
            if define_form.is_valid():
                try:
                    indicators.indicator_update(actor=actor, indicator=indicator, **define_form.cleaned_data)
                except ValidationError as exc:
                    add_form_errors(define_form, exc)
                else:
                    messages.success(request, _("Indicador actualizado."))
                    return redirect("compact:indicator", pk=pk)
            return self._render(request, indicator, define_form=define_form, status=400)
        if action == "save":
            form = ValueForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    indicators.indicator_value_save(actor=actor, indicator=indicator, **form.cleaned_data)
                except ValidationError as exc:
                    add_form_errors(form, exc)
                else:
                    messages.success(request, _("Valor guardado en borrador: envíelo a la Secretaría Técnica."))
                    return redirect("compact:indicator", pk=pk)
            return self._render(request, indicator, value_form=form, status=400)
        self._act_on_value(request, indicator, action, permission)
        return redirect("compact:indicator", pk=pk)

    def _act_on_value(self, request: HttpRequest, indicator: Indicator, action: str, permission: str) -> None:
        """Submit (the responsible entity), validate or return (the ST) one value of the indicator."""
        actor = request.user
        value = access_indicator_value(actor, request.POST.get("value"), action=permission)
        if value.indicator_id != indicator.pk:
            raise Http404
        observations = request.POST.get("observations", "")
        if action == "submit":
            attempt(
                request,
                lambda: indicators.indicator_value_submit(actor=actor, indicator_value=value),
                _("Valor enviado a la Secretaría Técnica."),
            )
        elif action == "validate":
            attempt(
                request,
                lambda: indicators.indicator_value_validate(
                    actor=actor, indicator_value=value, observations=observations
                ),
                _("Valor validado."),
            )
        else:
            attempt(
                request,
                lambda: indicators.indicator_value_return(
                    actor=actor, indicator_value=value, observations=observations
                ),
                _("Valor devuelto con observaciones."),
            )


class ProgressView(View):
    """Per objective of the Compact: indicators and their latest validated value against the target,
    and the plan products and agreements linked by the accepted contributions."""

    def get(self, request: HttpRequest) -> HttpResponse:
        rows = indicators.progress(access.request_roles(request))
        return render(request, "compact/progress.html", {"rows": rows})


class IndicatorEvidenceView(ProtectedFileView):
    """Download a value's evidence: whoever may see the value (the access layer decides)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        value = access_indicator_value(request.user, pk)
        return file_download(request, value.evidence)


def values_csv_response(request: HttpRequest, rows: Any) -> HttpResponse:
    buffer = io.StringIO()
    indicators.write_values_csv(rows, buffer)
    name = "valores-indicadores-pacto-mundial.csv"
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    audit.record(audit.Kind.EXPORT, request=request, detail=name)
    return response


class IndicatorValuesCsvView(View):
    """The indicator values the user may see, one row each, as CSV."""

    def get(self, request: HttpRequest) -> HttpResponse:
        rows = indicators.values_visible(access.request_roles(request))
        indicator = plain_int(request.GET.get("indicador"))
        if indicator:
            rows = rows.filter(indicator_id=indicator)
        return values_csv_response(request, rows)
