"""REST API of the work plan: the same access helpers, selectors and services as the pages."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from mtigm.core import access
from mtigm.core.api import model_text

from . import selectors, services
from .access import access_group_report, access_plan, access_subgroup_report, access_version
from .models import Evaluation, GroupReport, Plan, PlanLine, PlanVersion, ProductProgress, SubgroupReport


class LineSerializer(serializers.ModelSerializer):
    subgroup = serializers.CharField(source="subgroup.code")
    group = serializers.IntegerField(source="subgroup.group.number")
    lead_entity = serializers.CharField(source="lead_entity.acronym")
    entities = serializers.SerializerMethodField()
    origin = serializers.IntegerField(source="origin_id", allow_null=True)

    class Meta:
        model = PlanLine
        fields = [
            "id",
            "key",
            "group",
            "subgroup",
            "lead_entity",
            "entities",
            "theme",
            "objectives",
            "activities",
            "product",
            "expected_results",
            "months",
            "origin",
        ]

    def get_entities(self, obj: PlanLine) -> list[str]:
        return [e.acronym for e in obj.entities.all()]


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanVersion
        fields = ["id", "number", "state", "based_on", "evaluation", "reason", "approved_on", "approval_agreement"]


class PlanSerializer(serializers.ModelSerializer):
    versions = VersionSerializer(many=True, read_only=True)
    current_version = serializers.IntegerField(source="current_version.number", allow_null=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "year",
            "title",
            "state",
            "approved_on",
            "approval_agreement",
            "published_on",
            "current_version",
            "versions",
        ]


class LinesQuery(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Número de versión; la vigente por defecto.")
    )


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    """Approved plans are public (Art. 24: the plan is "difundido"); drafts only for the ST."""

    serializer_class = PlanSerializer
    lookup_field = "year"

    def get_queryset(self) -> QuerySet[Plan]:
        return selectors.plans_visible(access.request_roles(self.request)).prefetch_related(
            Prefetch("versions", queryset=PlanVersion.objects.order_by("number"))
        )

    @extend_schema(parameters=[LinesQuery])
    @action(detail=True)
    def lines(self, request: Request, year: Any = None) -> Response:
        plan = access_plan(request.user, year)
        query = LinesQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        number = query.validated_data.get("version")
        version = access_version(request.user, plan, number) if number else plan.current_version
        lines = selectors.lines_of(version) if version else PlanLine.objects.none()
        page = self.paginate_queryset(lines)
        return self.get_paginated_response(LineSerializer(page, many=True).data)

    @action(detail=True, url_path=r"diff/(?P<old>\d+)/(?P<new>\d+)")
    def diff(self, request: Request, year: Any = None, old: Any = None, new: Any = None) -> Response:
        plan = access_plan(request.user, year)
        changes = selectors.version_diff(
            access_version(request.user, plan, old), access_version(request.user, plan, new)
        )
        return Response(
            [
                {
                    "key": c.key,
                    "line": c.label,
                    "kind": c.kind,
                    "fields": [{"field": f, "old": o, "new": n} for f, o, n in c.fields],
                }
                for c in changes
            ]
        )


class EvaluationSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="plan.year")

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "year",
            "period",
            "due_date",
            "due_citation",
            "state",
            "st_assessment",
            "presented_on",
            "presented_item",
        ]


class EvaluationFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="plan__year")
    period = django_filters.ChoiceFilter(choices=Evaluation.Period.choices)

    class Meta:
        model = Evaluation
        fields = ["year", "period"]


class EvaluationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EvaluationSerializer
    filterset_class = EvaluationFilter

    def get_queryset(self) -> QuerySet[Evaluation]:
        roles = access.request_roles(self.request)
        queryset = Evaluation.objects.filter(plan__in=selectors.plans_visible(roles)).select_related("plan")
        return access.scope_visible(queryset, roles, "evaluation").order_by("plan__year", "due_date")


class ProgressSerializer(serializers.ModelSerializer):
    product = serializers.CharField(source="line.product", read_only=True)
    line = serializers.IntegerField(source="line_id")

    class Meta:
        model = ProductProgress
        fields = ["line", "product", "percent", "delivered", "note", "carry_over"]


class SubgroupReportSerializer(serializers.ModelSerializer):
    subgroup = serializers.CharField(source="subgroup.code", read_only=True)
    group = serializers.IntegerField(source="subgroup.group.number", read_only=True)
    evaluation = serializers.IntegerField(source="evaluation_id", read_only=True)
    progress = ProgressSerializer(many=True, required=False)
    due_date = serializers.DateField(
        source="due",
        read_only=True,
        help_text=_(
            "Fecha de vencimiento: la registrada al enviarse por primera vez; si aún no se envió, la de la evaluación."
        ),
    )
    late = serializers.BooleanField(
        read_only=True, help_text=_("Enviado por primera vez a la coordinación después de su fecha de vencimiento.")
    )
    days_late = serializers.IntegerField(read_only=True, help_text=_("Días calendario de retraso (0 si a tiempo)."))

    class Meta:
        model = SubgroupReport
        fields = [
            "id",
            "evaluation",
            "group",
            "subgroup",
            "state",
            "objectives",
            "activities",
            "goals_products",
            "difficulties",
            "corrective_measures",
            "pending_tasks",
            "coordinator_comments",
            "submitted_at",
            "first_submitted_at",
            "due_date",
            "late",
            "days_late",
            "progress",
        ]
        read_only_fields = ["state", "coordinator_comments", "submitted_at", "first_submitted_at"]


class ReturnSerializer(serializers.Serializer):
    comments = model_text(SubgroupReport, "coordinator_comments", allow_blank=True, default="")


class SubgroupReportViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Leads write their subgroup's report (PATCH, then POST submit); coordinators return or accept."""

    serializer_class = SubgroupReportSerializer
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[SubgroupReport]:
        return selectors.subgroup_reports_visible(access.request_roles(self.request)).order_by(
            "evaluation__due_date", "subgroup__code"
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        report = serializer.instance
        assert isinstance(report, SubgroupReport)  # UpdateModelMixin always binds the fetched report.
        data = dict(serializer.validated_data)
        progress = {
            row["line_id"]: services.ProgressInput(
                percent=row.get("percent", 0),
                delivered=row.get("delivered", False),
                note=row.get("note", ""),
                carry_over=row.get("carry_over", False),
            )
            for row in data.pop("progress", [])
        }
        serializer.instance = services.subgroup_report_save(
            actor=self.request.user, report=report, progress=progress, **data
        )

    def _done(self, report: SubgroupReport) -> Response:
        return Response(SubgroupReportSerializer(access_subgroup_report(self.request.user, report.pk)).data)

    @extend_schema(request=None, responses=SubgroupReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        report = access_subgroup_report(request.user, pk, action="subgroup_report.write")
        return self._done(services.subgroup_report_submit(actor=request.user, report=report))

    @extend_schema(request=ReturnSerializer, responses=SubgroupReportSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: Any = None) -> Response:
        report = access_subgroup_report(request.user, pk, action="subgroup_report.review")
        data = ReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._done(
            services.subgroup_report_return(actor=request.user, report=report, comments=data.validated_data["comments"])
        )

    @extend_schema(request=None, responses=SubgroupReportSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: Any = None) -> Response:
        report = access_subgroup_report(request.user, pk, action="subgroup_report.review")
        return self._done(services.subgroup_report_accept(actor=request.user, report=report))


class GroupReportSerializer(serializers.ModelSerializer):
    group = serializers.IntegerField(source="group.number", read_only=True)
    evaluation = serializers.IntegerField(source="evaluation_id", read_only=True)
    due_date = serializers.DateField(
        source="due",
        read_only=True,
        help_text=_("Fecha de vencimiento: la registrada al remitirse; si aún no se remitió, la de la evaluación."),
    )
    late = serializers.BooleanField(read_only=True, help_text=_("Remitido a la ST después de su fecha de vencimiento."))
    days_late = serializers.IntegerField(read_only=True, help_text=_("Días calendario de retraso (0 si a tiempo)."))

    class Meta:
        model = GroupReport
        fields = [
            "id",
            "evaluation",
            "group",
            "state",
            "summary",
            "difficulties",
            "corrective_measures",
            "filed_at",
            "due_date",
            "late",
            "days_late",
        ]
        read_only_fields = ["state", "filed_at"]


class GroupReportViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = GroupReportSerializer
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[GroupReport]:
        return selectors.group_reports_visible(access.request_roles(self.request)).order_by(
            "evaluation__due_date", "group__number"
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        report = serializer.instance
        assert isinstance(report, GroupReport)  # UpdateModelMixin always binds the fetched report.
        serializer.instance = services.group_report_save(
            actor=self.request.user, report=report, **serializer.validated_data
        )

    @extend_schema(request=None, responses=GroupReportSerializer)
    @action(detail=True, methods=["post"], url_path="file")
    def file_(self, request: Request, pk: Any = None) -> Response:
        report = access_group_report(request.user, pk, action="group_report.write")
        report = services.group_report_file(actor=request.user, report=report)
        return Response(GroupReportSerializer(report).data)
