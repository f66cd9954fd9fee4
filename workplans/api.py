"""REST API of the work plan: the same selectors and services as the pages."""

from __future__ import annotations

from django.db.models import Prefetch
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from members.roles import request_roles

from . import selectors, services
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


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    """Approved plans are public (Art. 24: the plan is "difundido"); drafts only for the ST."""

    serializer_class = PlanSerializer
    permission_classes = [AllowAny]
    lookup_field = "year"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.plans_visible(request_roles(self.request)).prefetch_related(
            Prefetch("versions", queryset=PlanVersion.objects.order_by("number"))
        )

    @action(detail=True)
    def lines(self, request, year=None):  # type: ignore[no-untyped-def]
        plan = self.get_object()
        number = request.query_params.get("version")
        version = (
            selectors.access_version(plan, int(number), request_roles(request)) if number else plan.current_version
        )
        lines = selectors.lines_of(version) if version else PlanLine.objects.none()
        page = self.paginate_queryset(lines)
        return self.get_paginated_response(LineSerializer(page, many=True).data)

    @action(detail=True, url_path=r"diff/(?P<old>\d+)/(?P<new>\d+)")
    def diff(self, request, year=None, old=None, new=None):  # type: ignore[no-untyped-def]
        plan = self.get_object()
        roles = request_roles(request)
        changes = selectors.version_diff(
            selectors.access_version(plan, int(old), roles), selectors.access_version(plan, int(new), roles)
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


class EvaluationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EvaluationSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        plans = selectors.plans_visible(request_roles(self.request))
        return Evaluation.objects.filter(plan__in=plans).select_related("plan").order_by("plan__year", "due_date")


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
            "progress",
        ]
        read_only_fields = ["state", "coordinator_comments", "submitted_at"]


class SubgroupReportViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Leads write their subgroup's report (PATCH, then POST submit); coordinators return or accept."""

    serializer_class = SubgroupReportSerializer
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.subgroup_reports_visible(request_roles(self.request)).order_by(
            "evaluation__due_date", "subgroup__code"
        )

    def perform_update(self, serializer):  # type: ignore[no-untyped-def]
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
            actor=self.request.user, report=serializer.instance, progress=progress, **data
        )

    def _done(self, report):  # type: ignore[no-untyped-def]
        return Response(
            SubgroupReportSerializer(selectors.access_subgroup_report(request_roles(self.request), report.pk)).data
        )

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):  # type: ignore[no-untyped-def]
        return self._done(services.subgroup_report_submit(actor=request.user, report=self.get_object()))

    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):  # type: ignore[no-untyped-def]
        return self._done(
            services.subgroup_report_return(
                actor=request.user, report=self.get_object(), comments=request.data.get("comments", "")
            )
        )

    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):  # type: ignore[no-untyped-def]
        return self._done(services.subgroup_report_accept(actor=request.user, report=self.get_object()))


class GroupReportSerializer(serializers.ModelSerializer):
    group = serializers.IntegerField(source="group.number", read_only=True)
    evaluation = serializers.IntegerField(source="evaluation_id", read_only=True)

    class Meta:
        model = GroupReport
        fields = ["id", "evaluation", "group", "state", "summary", "difficulties", "corrective_measures", "filed_at"]
        read_only_fields = ["state", "filed_at"]


class GroupReportViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = GroupReportSerializer
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.group_reports_visible(request_roles(self.request)).order_by(
            "evaluation__due_date", "group__number"
        )

    def perform_update(self, serializer):  # type: ignore[no-untyped-def]
        serializer.instance = services.group_report_save(
            actor=self.request.user, report=serializer.instance, **serializer.validated_data
        )

    @action(detail=True, methods=["post"], url_path="file")
    def file_(self, request, pk=None):  # type: ignore[no-untyped-def]
        report = services.group_report_file(actor=request.user, report=self.get_object())
        return Response(GroupReportSerializer(report).data)
