"""REST API of the Compact's indicators: the same access helpers, selectors and services as the
pages (compact.indicators). Lists are paginated and filtered with django-filter; the values also
as CSV (``csv/``), the same file as the page's."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from members.models import Entity
from mtigm.core import access
from mtigm.core.api import model_text

from . import indicators
from .indicators import access_indicator, access_indicator_value
from .models import Indicator, IndicatorValue, Objective, ReferenceItem

# --- indicators ---------------------------------------------------------------------------------


class IndicatorSerializer(serializers.ModelSerializer):
    objective: serializers.SlugRelatedField[Objective] = serializers.SlugRelatedField(
        slug_field="number", read_only=True
    )
    sdg_indicator: serializers.SlugRelatedField[ReferenceItem] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    responsible_entity_acronym = serializers.CharField(source="responsible_entity.acronym", read_only=True)
    disaggregation = serializers.ListField(child=serializers.ChoiceField(choices=Indicator.Disaggregation.choices))
    latest_year = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("Año del último valor validado.")
    )
    latest_value = serializers.DecimalField(
        max_digits=16, decimal_places=2, read_only=True, allow_null=True, help_text=_("Último valor validado.")
    )

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "objective",
            "sdg_indicator",
            "unit",
            "baseline_value",
            "baseline_year",
            "target_value",
            "target_year",
            "source",
            "disaggregation",
            "responsible_entity",
            "responsible_entity_acronym",
            "description",
            "active",
            "latest_year",
            "latest_value",
        ]
        read_only_fields = fields


class IndicatorInput(serializers.Serializer):
    name = model_text(Indicator, "name")
    code = model_text(Indicator, "code", required=False, allow_blank=True)
    objective = serializers.SlugRelatedField(
        slug_field="number", queryset=Objective.objects.all(), required=False, allow_null=True
    )
    sdg_indicator = serializers.SlugRelatedField(
        slug_field="code",
        queryset=ReferenceItem.objects.filter(kind=ReferenceItem.Kind.SDG_INDICATOR),
        required=False,
        allow_null=True,
        help_text=_("Código del indicador ODS, p. ej. 10.7.2."),
    )
    unit = model_text(Indicator, "unit")
    baseline_value = serializers.DecimalField(max_digits=16, decimal_places=2, required=False, allow_null=True)
    baseline_year = serializers.IntegerField(
        min_value=indicators.MIN_YEAR, max_value=indicators.MAX_YEAR, required=False, allow_null=True
    )
    target_value = serializers.DecimalField(max_digits=16, decimal_places=2, required=False, allow_null=True)
    target_year = serializers.IntegerField(
        min_value=indicators.MIN_YEAR, max_value=indicators.MAX_YEAR, required=False, allow_null=True
    )
    source = model_text(Indicator, "source", required=False, allow_blank=True)  # type: ignore[assignment]  # the field "source", not Field.source
    disaggregation = serializers.ListField(
        child=serializers.ChoiceField(choices=Indicator.Disaggregation.choices), required=False
    )
    responsible_entity = serializers.PrimaryKeyRelatedField(queryset=Entity.objects.all())
    description = model_text(Indicator, "description", required=False, allow_blank=True)
    active = serializers.BooleanField(required=False)


class IndicatorPatchInput(IndicatorInput):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, partial=True, **kwargs)


class IndicatorFilter(django_filters.FilterSet):
    objective = django_filters.NumberFilter(field_name="objective__number")
    sdg_indicator = django_filters.CharFilter(field_name="sdg_indicator__code")
    entity = django_filters.NumberFilter(field_name="responsible_entity_id")
    active = django_filters.BooleanFilter()

    class Meta:
        model = Indicator
        fields = ["objective", "sdg_indicator", "entity", "active"]


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """Indicators of the Compact: the ST defines and edits them; each with its latest validated value."""

    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    queryset = Indicator.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Indicator]:
        return indicators.indicators_visible(access.request_roles(self.request))

    def _out(self, pk: int) -> Any:
        return IndicatorSerializer(self.get_queryset().get(pk=pk)).data

    @extend_schema(request=IndicatorInput, responses={201: IndicatorSerializer})
    def create(self, request: Request) -> Response:
        data = IndicatorInput(data=request.data)
        data.is_valid(raise_exception=True)
        indicator = indicators.indicator_create(actor=request.user, **data.validated_data)
        return Response(self._out(indicator.pk), status=201)

    @extend_schema(request=IndicatorPatchInput, responses=IndicatorSerializer)
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        indicator = access_indicator(request.user, pk, action="indicator.define")
        data = IndicatorPatchInput(data=request.data)
        data.is_valid(raise_exception=True)
        indicators.indicator_update(actor=request.user, indicator=indicator, **data.validated_data)
        return Response(self._out(indicator.pk))


# --- values -------------------------------------------------------------------------------------


class IndicatorValueSerializer(serializers.ModelSerializer):
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    entity_acronym = serializers.CharField(source="indicator.responsible_entity.acronym", read_only=True)
    disaggregated = serializers.JSONField(read_only=True)
    evidence = serializers.SerializerMethodField(
        help_text=_("Dirección de descarga del sustento (sesión iniciada), o nulo.")
    )

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "indicator",
            "indicator_name",
            "entity_acronym",
            "year",
            "value",
            "disaggregated",
            "note",
            "evidence",
            "state",
            "observations",
            "submitted_at",
            "validated_at",
        ]
        read_only_fields = fields

    def get_evidence(self, value: IndicatorValue) -> str | None:
        return reverse("compact:indicator-evidence", args=[value.pk]) if value.evidence else None


class ValueInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=indicators.MIN_YEAR, max_value=indicators.MAX_YEAR)
    value = serializers.DecimalField(max_digits=16, decimal_places=2)
    disaggregated = serializers.JSONField(
        required=False, allow_null=True, help_text=_('Por ejemplo {"sex": {"mujeres": 10, "hombres": 12}}.')
    )
    note = model_text(IndicatorValue, "note", required=False, allow_blank=True, default="")


class ValueCreateInput(ValueInput):
    indicator = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.all())


class ValuePatchInput(ValueInput):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, partial=True, **kwargs)


class EvidenceInput(serializers.Serializer):
    evidence = serializers.FileField()


class ObservationsInput(serializers.Serializer):
    observations = model_text(IndicatorValue, "observations", allow_blank=True, default="")


class IndicatorValueFilter(django_filters.FilterSet):
    indicator = django_filters.NumberFilter(field_name="indicator_id")
    objective = django_filters.NumberFilter(field_name="indicator__objective__number")
    entity = django_filters.NumberFilter(field_name="indicator__responsible_entity_id")
    year = django_filters.NumberFilter()
    state = django_filters.ChoiceFilter(choices=IndicatorValue.State.choices)

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "objective", "entity", "year", "state"]


class IndicatorValueViewSet(viewsets.ReadOnlyModelViewSet):
    """Yearly values of the indicators: the responsible entity's representatives enter and submit
    them; the ST validates or returns them with observations. Drafts are seen only by them."""

    serializer_class = IndicatorValueSerializer
    filterset_class = IndicatorValueFilter
    queryset = IndicatorValue.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[IndicatorValue]:
        return indicators.values_visible(access.request_roles(self.request))

    def _out(self, pk: int) -> Any:
        return IndicatorValueSerializer(access_indicator_value(self.request.user, pk)).data

    @extend_schema(request=ValueCreateInput, responses={201: IndicatorValueSerializer})
    def create(self, request: Request) -> Response:
        """Enter the value of a year (or correct it while a draft or returned)."""
        data = ValueCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        indicator = access_indicator(request.user, values.pop("indicator").pk)
        row = indicators.indicator_value_save(actor=request.user, indicator=indicator, **values)
        return Response(self._out(row.pk), status=201)

    @extend_schema(request=ValuePatchInput, responses=IndicatorValueSerializer)
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        row = access_indicator_value(request.user, pk, action="indicator_value.write")
        data = ValuePatchInput(data=request.data)
        data.is_valid(raise_exception=True)
        indicators.indicator_value_update(actor=request.user, indicator_value=row, **data.validated_data)
        return Response(self._out(row.pk))

    @extend_schema(request=None, responses=IndicatorValueSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        row = access_indicator_value(request.user, pk, action="indicator_value.write")
        indicators.indicator_value_submit(actor=request.user, indicator_value=row)
        return Response(self._out(row.pk))

    @extend_schema(request={"multipart/form-data": EvidenceInput}, responses=IndicatorValueSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def evidence(self, request: Request, pk: Any = None) -> Response:
        """Attach (or replace) the evidence of a draft or returned value (PDF, ODT, DOCX, ODS, XLSX, PNG or JPEG)."""
        row = access_indicator_value(request.user, pk, action="indicator_value.write")
        data = EvidenceInput(data=request.data)
        data.is_valid(raise_exception=True)
        indicators.indicator_value_update(actor=request.user, indicator_value=row, **data.validated_data)
        return Response(self._out(row.pk))

    @extend_schema(request=ObservationsInput, responses=IndicatorValueSerializer)
    @action(detail=True, methods=["post"])
    def validate(self, request: Request, pk: Any = None) -> Response:
        row = access_indicator_value(request.user, pk, action="indicator_value.validate")
        data = ObservationsInput(data=request.data)
        data.is_valid(raise_exception=True)
        indicators.indicator_value_validate(actor=request.user, indicator_value=row, **data.validated_data)
        return Response(self._out(row.pk))

    @extend_schema(request=ObservationsInput, responses=IndicatorValueSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_value(self, request: Request, pk: Any = None) -> Response:
        """Return a submitted value to the responsible entity; the observations are required."""
        row = access_indicator_value(request.user, pk, action="indicator_value.validate")
        data = ObservationsInput(data=request.data)
        data.is_valid(raise_exception=True)
        indicators.indicator_value_return(actor=request.user, indicator_value=row, **data.validated_data)
        return Response(self._out(row.pk))

    @extend_schema(responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description=_("Valores en CSV."))})
    @action(detail=False, pagination_class=None)
    def csv(self, request: Request) -> HttpResponse:
        """The values the user may see (filtered as the list), one row each, as CSV."""
        from .indicator_views import values_csv_response

        return values_csv_response(request, self.filter_queryset(self.get_queryset()))
