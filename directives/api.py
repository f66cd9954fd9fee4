"""REST API of the directives app: norms, rules, non-working days and business-day counts.

Who may call each operation is the access matrix's (``mtigm.core.access``); lists filter through
FilterSets and query parameters through serializers, so a bad value is a 400 naming it.
"""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mtigm.core import access

from . import selectors, services
from .access import access_norm
from .calendar import business_days_between, non_business_days_between
from .humanize import describe
from .models import Article, NonWorkingDay, Norm, Rule


class ArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ["number", "label", "heading", "text", "position"]


class NormSerializer(serializers.ModelSerializer):
    class Meta:
        model = Norm
        fields = [
            "code",
            "kind",
            "number",
            "title",
            "short_name",
            "issued_on",
            "approved_on",
            "approved_by",
            "agreement_reference",
            "published_on",
            "in_force_from",
            "in_force_to",
            "status",
            "source_note",
        ]


class NormDetailSerializer(NormSerializer):
    articles = ArticleSerializer(many=True, read_only=True)

    class Meta(NormSerializer.Meta):
        fields = [*NormSerializer.Meta.fields, "text", "articles"]


class RuleSerializer(serializers.ModelSerializer):
    citation = serializers.CharField(read_only=True)
    norm: serializers.SlugRelatedField[Norm] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    value_text = serializers.SerializerMethodField()

    class Meta:
        model = Rule
        fields = [
            "key",
            "name",
            "description",
            "value",
            "value_text",
            "unit",
            "norm",
            "article",
            "citation",
            "valid_from",
            "valid_to",
        ]

    def get_value_text(self, obj: Rule) -> str:
        return describe(obj.value, obj.unit)


class NonWorkingDaySerializer(serializers.ModelSerializer):
    class Meta:
        model = NonWorkingDay
        fields = ["id", "date", "reason", "legal_basis"]
        # Uniqueness is checked by the service, which answers with a clearer message.
        extra_kwargs: dict[str, dict[str, Any]] = {"date": {"validators": []}}


class NormViewSet(viewsets.ReadOnlyModelViewSet):
    """Norms of the MTIGM; the detail includes the full text and its articles or sections."""

    lookup_field = "code"

    def get_queryset(self) -> QuerySet[Norm]:
        queryset = Norm.objects.order_by("issued_on", "code")
        if self.action != "list":
            queryset = queryset.prefetch_related("articles")
        return access.scope_visible(queryset, access.request_roles(self.request), "norm")

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return NormSerializer if self.action == "list" else NormDetailSerializer

    @extend_schema(responses=ArticleSerializer(many=True))
    @action(detail=True)
    def articles(self, request: Request, code: str | None = None) -> Response:
        norm = access_norm(request.user, code or "")
        return Response(ArticleSerializer(norm.articles.all(), many=True).data)


class RuleFilter(django_filters.FilterSet):
    """``?on=AAAA-MM-DD``: the version of every rule in force that day (today when absent)."""

    on = django_filters.DateFilter(method="in_force_on", label=_("Fecha (AAAA-MM-DD); hoy por defecto."))

    class Meta:
        model = Rule
        fields = ["on"]

    def filter_queryset(self, queryset: QuerySet[Rule]) -> QuerySet[Rule]:
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("on"):
            queryset = self.in_force_on(queryset, "on", timezone.localdate())
        return queryset

    def in_force_on(self, queryset: QuerySet[Rule], name: str, value: datetime.date) -> QuerySet[Rule]:
        return selectors.in_force(queryset, value)


class RuleListView(generics.ListAPIView):
    """The version of every rule in force on a date (today by default), with its citation."""

    serializer_class = RuleSerializer
    filterset_class = RuleFilter
    # A few dozen rules: the whole list, unpaginated, as clients have always read it.
    pagination_class = None

    def get_queryset(self) -> QuerySet[Rule]:
        return Rule.objects.select_related("norm").order_by("key")


class NonWorkingDayFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        field_name="date__year", label=_("Año"), min_value=1, max_value=9999, decimal_places=0
    )

    class Meta:
        model = NonWorkingDay
        fields = ["year"]


class NonWorkingDayViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Non-working days recorded by the ST (national holidays are in /business-days/)."""

    serializer_class = NonWorkingDaySerializer
    queryset = NonWorkingDay.objects.order_by("date")
    filterset_class = NonWorkingDayFilter

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        day = services.non_working_day_create(actor=request.user, **serializer.validated_data)
        return Response(self.get_serializer(day).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: NonWorkingDay) -> None:
        services.non_working_day_delete(actor=self.request.user, day=instance)


class NonBusinessDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=["weekend", "holiday", "recorded"])
    reason = serializers.CharField()


class BusinessDaysQuery(serializers.Serializer):
    """The query of /business-days/: two dates at most ten years apart."""

    MAX_SPAN = datetime.timedelta(days=3660)

    start = serializers.DateField()
    end = serializers.DateField()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": _("La fecha final no puede ser anterior a la inicial.")})
        if attrs["end"] - attrs["start"] > self.MAX_SPAN:
            raise serializers.ValidationError({"end": _("El rango no puede exceder diez años.")})
        return attrs


class BusinessDaysSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    business_days = serializers.IntegerField(help_text="Días hábiles estrictamente entre start y end.")
    non_business_days = NonBusinessDaySerializer(many=True)


class BusinessDaysView(APIView):
    """Count the business days strictly between two dates (neither counted), as Art. 11 requires."""

    @extend_schema(parameters=[BusinessDaysQuery], responses=BusinessDaysSerializer)
    def get(self, request: Request) -> Response:
        query = BusinessDaysQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        start, end = query.validated_data["start"], query.validated_data["end"]
        data = {
            "start": start,
            "end": end,
            "business_days": business_days_between(start, end),
            "non_business_days": [vars(day) for day in non_business_days_between(start, end)],
        }
        return Response(BusinessDaysSerializer(data).data)
