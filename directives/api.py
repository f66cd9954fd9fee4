"""REST API of the directives app: norms, rules, non-working days and business-day counts."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from mtigm.core.api import IsCommissionUser, IsSecretariatOrReadOnly

from . import selectors, services
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

    permission_classes = [IsCommissionUser]
    lookup_field = "code"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if self.action == "list":
            return Norm.objects.order_by("issued_on", "code")
        return Norm.objects.prefetch_related("articles")

    def get_serializer_class(self):  # type: ignore[no-untyped-def]
        return NormSerializer if self.action == "list" else NormDetailSerializer

    @extend_schema(responses=ArticleSerializer(many=True))
    @action(detail=True)
    def articles(self, request, code=None):  # type: ignore[no-untyped-def]
        norm = selectors.access_norm(code)
        return Response(ArticleSerializer(norm.articles.all(), many=True).data)


class RuleListView(APIView):
    """The version of every rule in force on a date (today by default), with its citation."""

    permission_classes = [IsCommissionUser]

    @extend_schema(
        parameters=[OpenApiParameter("on", OpenApiTypes.DATE, description="Fecha (AAAA-MM-DD); hoy por defecto.")],
        responses=RuleSerializer(many=True),
    )
    def get(self, request):  # type: ignore[no-untyped-def]
        day = _date_param(request, "on", default=timezone.localdate())
        return Response(RuleSerializer(selectors.rules_on(day), many=True).data)


class NonWorkingDayViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Non-working days recorded by the ST (national holidays are in /business-days/)."""

    permission_classes = [IsSecretariatOrReadOnly]
    serializer_class = NonWorkingDaySerializer
    queryset = NonWorkingDay.objects.order_by("date")

    def create(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
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


class BusinessDaysSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    business_days = serializers.IntegerField(help_text="Días hábiles estrictamente entre start y end.")
    non_business_days = NonBusinessDaySerializer(many=True)


class BusinessDaysView(APIView):
    """Count the business days strictly between two dates (neither counted), as Art. 11 requires."""

    permission_classes = [IsCommissionUser]
    MAX_SPAN = datetime.timedelta(days=3660)

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, required=True),
            OpenApiParameter("end", OpenApiTypes.DATE, required=True),
        ],
        responses=BusinessDaysSerializer,
    )
    def get(self, request):  # type: ignore[no-untyped-def]
        start = _date_param(request, "start")
        end = _date_param(request, "end")
        if end < start:
            raise serializers.ValidationError({"end": "La fecha final no puede ser anterior a la inicial."})
        if end - start > self.MAX_SPAN:
            raise serializers.ValidationError({"end": "El rango no puede exceder diez años."})
        data = {
            "start": start,
            "end": end,
            "business_days": business_days_between(start, end),
            "non_business_days": [vars(day) for day in non_business_days_between(start, end)],
        }
        return Response(BusinessDaysSerializer(data).data)


def _date_param(request, name: str, default: datetime.date | None = None) -> datetime.date:  # type: ignore[no-untyped-def]
    raw = request.query_params.get(name)
    if not raw:
        if default is None:
            raise serializers.ValidationError({name: "Este parámetro es obligatorio (AAAA-MM-DD)."})
        return default
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError as exc:
        raise serializers.ValidationError({name: "Fecha inválida; use AAAA-MM-DD."}) from exc
