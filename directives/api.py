"""REST API of the directives app: norms, rules, non-working days and business-day counts; the ST's
drafts of directives and the rule versions they change, pending until the Plenary approves them (R24).

Who may call each operation is the access matrix's (``mtigm.core.access``); lists filter through
FilterSets and query parameters through serializers, so a bad value is a 400 naming it.
"""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import QueryDict
from django.shortcuts import get_object_or_404
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
from .models import Article, NonWorkingDay, Norm, PendingRuleVersion, Rule


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


RULE_STATUSES = [
    ("in_force", _("En vigor: versiones que rigen en la fecha pedida")),
    ("pending", _("Pendientes de aprobación: valores que fijan proyectos de directiva")),
]


class RuleSerializer(serializers.ModelSerializer):
    """A rule version in force, or a pending one (``status``): a pending version has no dates yet,
    and its ``norm`` and ``citation`` are the draft directive's."""

    citation = serializers.CharField(read_only=True)
    norm: serializers.SlugRelatedField[Norm] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    value_text = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()

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
            "status",
        ]

    def get_value_text(self, obj: Rule | PendingRuleVersion) -> str:
        return describe(obj.value, obj.unit)

    def get_status(self, obj: Rule | PendingRuleVersion) -> str:
        return obj.status if isinstance(obj, PendingRuleVersion) else "in_force"


class PendingRuleVersionSerializer(serializers.ModelSerializer):
    """A rule version a directive proposes: pending while the directive is a draft; once approved,
    ``status`` is ``in_force`` and ``valid_from`` the day the directive came into force."""

    key = serializers.CharField(max_length=100)
    value = serializers.JSONField()
    name = serializers.CharField(read_only=True)
    unit = serializers.CharField(read_only=True)
    value_text = serializers.SerializerMethodField()
    citation = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    valid_from = serializers.DateField(read_only=True, allow_null=True)
    norm: serializers.SlugRelatedField[Norm] = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = PendingRuleVersion
        fields = [
            "id",
            "norm",
            "key",
            "name",
            "value",
            "value_text",
            "unit",
            "article",
            "citation",
            "status",
            "valid_from",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def get_value_text(self, obj: PendingRuleVersion) -> str:
        return describe(obj.value, obj.unit) if obj.current_rule else str(obj.value)


class PendingRuleVersionChangeSerializer(serializers.Serializer):
    value = serializers.JSONField()
    article = serializers.CharField(max_length=60)


class DirectiveDraftSerializer(serializers.Serializer):
    """A new draft directive (the code defaults to the number, made a slug)."""

    number = serializers.CharField(max_length=80)
    title = serializers.CharField(max_length=300)
    short_name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    code = serializers.SlugField(max_length=60, required=False, allow_blank=True, default="")
    text = serializers.CharField(required=False, allow_blank=True, default="")
    amends = serializers.SlugRelatedField(
        slug_field="code", queryset=Norm.objects.all(), required=False, allow_null=True, default=None
    )


class NonWorkingDaySerializer(serializers.ModelSerializer):
    class Meta:
        model = NonWorkingDay
        fields = ["id", "date", "reason", "legal_basis"]
        # Uniqueness is checked by the service, which answers with a clearer message.
        extra_kwargs: dict[str, dict[str, Any]] = {"date": {"validators": []}}


class NormViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Norms of the MTIGM; the detail includes the full text and its articles or sections. The ST
    drafts directives here (``POST``) and the rule versions they change (``pending-rules``)."""

    lookup_field = "code"

    def get_queryset(self) -> QuerySet[Norm]:
        queryset = Norm.objects.order_by("issued_on", "code")
        if self.action != "list":
            queryset = queryset.prefetch_related("articles")
        return access.scope_visible(queryset, access.request_roles(self.request), "norm")

    def get_serializer_class(self) -> type[serializers.Serializer]:
        if self.action == "create":
            return DirectiveDraftSerializer
        return NormSerializer if self.action == "list" else NormDetailSerializer

    @extend_schema(request=DirectiveDraftSerializer, responses={201: NormDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = DirectiveDraftSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        norm = services.directive_draft_create(actor=request.user, **query.validated_data)
        return Response(NormDetailSerializer(norm).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=ArticleSerializer(many=True))
    @action(detail=True)
    def articles(self, request: Request, code: str | None = None) -> Response:
        norm = access_norm(request.user, code or "")
        return Response(ArticleSerializer(norm.articles.all(), many=True).data)

    @extend_schema(methods=["GET"], responses=PendingRuleVersionSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=PendingRuleVersionSerializer, responses={201: PendingRuleVersionSerializer}
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="pending-rules",
        url_name="pending-rules",
        # A directive changes a handful of rules: the whole list, like /rules/.
        pagination_class=None,
        filter_backends=[],
    )
    def pending_rules(self, request: Request, code: str | None = None) -> Response:
        """The rule versions the directive changes: pending while it is a draft (the ST adds them),
        in force from the day after its approval by the Plenary."""
        norm = access_norm(request.user, code or "")
        if request.method == "POST":
            data = PendingRuleVersionSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            created = services.pending_rule_version_create(
                actor=request.user,
                norm=norm,
                key=data.validated_data["key"],
                value=data.validated_data["value"],
                article=data.validated_data["article"],
            )
            selectors.with_current_rules([created], timezone.localdate())
            return Response(PendingRuleVersionSerializer(created).data, status=status.HTTP_201_CREATED)
        versions = selectors.norm_rule_versions(norm, day=timezone.localdate())
        return Response(PendingRuleVersionSerializer(versions, many=True).data)

    @extend_schema(
        methods=["PATCH"], request=PendingRuleVersionChangeSerializer, responses=PendingRuleVersionSerializer
    )
    @extend_schema(methods=["DELETE"], responses={204: None})
    @action(
        detail=True,
        methods=["patch", "delete"],
        url_path=r"pending-rules/(?P<id>[0-9]+)",
        url_name="pending-rule",
        pagination_class=None,
        filter_backends=[],
    )
    def pending_rule(self, request: Request, code: str | None = None, id: str | None = None) -> Response:
        """Change or withdraw a pending rule version while the directive is a draft (never after)."""
        norm = access_norm(request.user, code or "")
        version = get_object_or_404(PendingRuleVersion.objects.select_related("norm"), norm=norm, pk=id)
        if request.method == "DELETE":
            services.pending_rule_version_delete(actor=request.user, version=version)
            return Response(status=status.HTTP_204_NO_CONTENT)
        # A PATCH may send only one of the two fields; the other keeps its value.
        if isinstance(request.data, QueryDict):
            sent = request.data.dict()
        else:
            sent = request.data if isinstance(request.data, dict) else {}
        data = PendingRuleVersionChangeSerializer(data={"value": version.value, "article": version.article, **sent})
        data.is_valid(raise_exception=True)
        changed = services.pending_rule_version_update(actor=request.user, version=version, **data.validated_data)
        selectors.with_current_rules([changed], timezone.localdate())
        return Response(PendingRuleVersionSerializer(changed).data)


class RuleFilter(django_filters.FilterSet):
    """``?on=AAAA-MM-DD``: the version of every rule in force that day (today when absent).
    ``?status=pending``: instead, the versions draft directives propose, not in force until approved."""

    on = django_filters.DateFilter(method="in_force_on", label=_("Fecha (AAAA-MM-DD); hoy por defecto."))
    status = django_filters.ChoiceFilter(
        choices=RULE_STATUSES,
        method="by_status",
        empty_label=None,
        label=_("«in_force» (por defecto) o «pending» (pendientes de aprobación)."),
    )

    class Meta:
        model = Rule
        fields = ["on", "status"]

    def filter_queryset(self, queryset: QuerySet[Rule]) -> QuerySet[Rule]:
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("on"):
            queryset = self.in_force_on(queryset, "on", timezone.localdate())
        return queryset

    def in_force_on(self, queryset: QuerySet[Rule], name: str, value: datetime.date) -> QuerySet[Rule]:
        return selectors.in_force(queryset, value)

    def by_status(self, queryset: QuerySet[Rule], name: str, value: str) -> QuerySet[Rule]:
        # Pending versions are another table: the view answers them (see RuleListView.list).
        return queryset


class RuleListView(generics.ListAPIView):
    """The version of every rule in force on a date (today by default), with its citation; or, with
    ``?status=pending``, the versions that draft directives propose, apart from those in force (empty
    for a caller who may not read drafts)."""

    serializer_class = RuleSerializer
    filterset_class = RuleFilter
    # A few dozen rules: the whole list, unpaginated, as clients have always read it.
    pagination_class = None

    def get_queryset(self) -> QuerySet[Rule]:
        return Rule.objects.select_related("norm").order_by("key")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Filtering first validates every parameter (a bad ?on= or ?status= is a 400 naming it).
        in_force = self.filter_queryset(self.get_queryset())
        if request.query_params.get("status") == "pending":
            # Like every list, narrowed to what the caller may see: a client without
            # ``norm.view_drafts`` (an API client) gets an empty list, not a refusal, since the
            # route itself (``norm.view``) is theirs.
            pending = selectors.pending_rule_versions(access.request_roles(request), day=timezone.localdate())
            return Response(self.get_serializer(pending, many=True).data)
        return Response(self.get_serializer(in_force, many=True).data)


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
