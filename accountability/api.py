"""REST API of the reports to the PCM: the same access helpers, selector and service as the pages.

``/pcm-reports/`` lists the reports the user may see and (the ST) requests one for a year;
``/pcm-reports/{id}/content/`` answers the report's stored JSON, whose structure the serializers
below document (``accountability.selectors`` module docstring; schema ``SCHEMA``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from mtigm.core import access
from mtigm.core.errors import StateConflict
from mtigm.core.rendering import in_flight

from . import services
from .access import access_pcm_report
from .models import PcmReport


class PcmReportSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    step_label = serializers.CharField(read_only=True, help_text=_("El paso en curso, en el idioma de la solicitud."))
    files = serializers.SerializerMethodField(
        help_text=_("Enlaces de descarga (PDF, XLSX, JSON) cuando el informe está listo.")
    )
    content_url = serializers.SerializerMethodField()

    class Meta:
        model = PcmReport
        fields = [
            "id",
            "year",
            "status",
            "status_label",
            "progress",
            "step",
            "step_label",
            "sha256",
            "created_at",
            "finished_at",
            "files",
            "content_url",
        ]

    def get_files(self, obj: PcmReport) -> dict[str, str]:
        if obj.status != PcmReport.Status.DONE:
            return {}
        return {fmt: reverse("accountability:file", args=[obj.pk, fmt]) for fmt in ("pdf", "xlsx", "json")}

    def get_content_url(self, obj: PcmReport) -> str:
        return reverse("api:pcm-report-content", args=[obj.pk])


class PcmReportInput(serializers.Serializer):
    year = serializers.IntegerField(help_text=_("Año del informe (desde 2011, año del D.S. N° 067-2011-PCM)."))

    def validate_year(self, value: int) -> int:
        try:
            return services.check_year(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict.get("year", exc.messages)) from None


# The stored JSON (documentation of the content endpoint) ------------------------------------------


class NormOut(serializers.Serializer):
    code = serializers.CharField()
    number = serializers.CharField()
    title = serializers.CharField()
    short_name = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    published_on = serializers.DateField(allow_null=True)
    in_force_from = serializers.DateField(allow_null=True)


class RepresentativeOut(serializers.Serializer):
    name = serializers.CharField()
    position = serializers.CharField()
    entity = serializers.CharField()
    role = serializers.CharField(help_text=_("«titular» o «alternate»."))
    role_label = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)
    resolution_number = serializers.CharField()
    resolution_date = serializers.DateField(allow_null=True)


class SecretariatOut(serializers.Serializer):
    name = serializers.CharField()
    position = serializers.CharField()
    function = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)


class EntityOut(serializers.Serializer):
    acronym = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField(help_text=_("«member» u «observer»."))
    kind_label = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)
    representatives = RepresentativeOut(many=True)


class ChangeOut(serializers.Serializer):
    acronym = serializers.CharField()
    name = serializers.CharField()
    kind_label = serializers.CharField()
    on = serializers.DateField(allow_null=True)


class SessionOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    series = serializers.CharField()
    series_label = serializers.CharField()
    date = serializers.DateField()
    place = serializers.CharField()
    entities_present = serializers.IntegerField()
    members_present = serializers.IntegerField()


class AttendanceOut(serializers.Serializer):
    acronym = serializers.CharField()
    name = serializers.CharField()
    attended = serializers.IntegerField()
    sessions = serializers.IntegerField()
    rate = serializers.IntegerField()


class AgreementOut(serializers.Serializer):
    reference = serializers.CharField()
    session = serializers.CharField()
    date = serializers.DateField()
    number = serializers.IntegerField()
    text = serializers.CharField()
    owner = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    status_label = serializers.CharField()


class SubgroupExecutionOut(serializers.Serializer):
    code = serializers.CharField()
    theme = serializers.CharField()
    lead = serializers.CharField()
    percent = serializers.IntegerField(allow_null=True)
    products = serializers.IntegerField()
    delivered = serializers.IntegerField()


class GroupExecutionOut(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    percent = serializers.IntegerField(allow_null=True)
    products = serializers.IntegerField()
    delivered = serializers.IntegerField()
    subgroups = SubgroupExecutionOut(many=True)


class ProductOut(serializers.Serializer):
    group = serializers.IntegerField()
    subgroup = serializers.CharField()
    product = serializers.CharField()
    lead = serializers.CharField()
    delivered = serializers.BooleanField()


class PlanOut(serializers.Serializer):
    year = serializers.IntegerField()
    title = serializers.CharField()
    state_label = serializers.CharField()
    approved_on = serializers.DateField(allow_null=True)
    approval_agreement = serializers.CharField()
    version = serializers.IntegerField(allow_null=True)
    products = serializers.IntegerField()
    delivered = serializers.IntegerField()
    pending = serializers.IntegerField()
    percent = serializers.IntegerField(allow_null=True)
    latest_evaluation = serializers.CharField()
    groups = GroupExecutionOut(many=True)
    products_list = ProductOut(many=True)


class ReportRowOut(serializers.Serializer):
    period = serializers.CharField()
    period_label = serializers.CharField()
    due_date = serializers.DateField()
    state_label = serializers.CharField()
    presented_on = serializers.DateField(allow_null=True)
    subgroup_reports_sent = serializers.IntegerField()
    subgroup_reports_total = serializers.IntegerField()
    group_reports_filed = serializers.IntegerField()
    group_reports_total = serializers.IntegerField()
    late = serializers.IntegerField()


class ReportContentOut(serializers.Serializer):
    schema = serializers.CharField(help_text=_("Versión de la estructura, p. ej. «mtigm.accountability.pcm-report/1»."))
    year = serializers.IntegerField()
    generated_at = serializers.DateTimeField()
    commission = serializers.DictField(child=serializers.CharField())
    creating_norm = NormOut(allow_null=True)
    regulation = NormOut(allow_null=True)
    object = serializers.CharField(help_text=_("Texto del Art. 1 de la norma de creación."))
    presidents = RepresentativeOut(many=True)
    secretariat = SecretariatOut(many=True)
    entities = EntityOut(many=True)
    joined = ChangeOut(many=True)
    left = ChangeOut(many=True)
    designations_in_year = serializers.IntegerField()
    sessions = SessionOut(many=True)
    sessions_by_series = serializers.DictField(child=serializers.IntegerField())
    attendance = AttendanceOut(many=True)
    agreements = AgreementOut(many=True)
    agreements_by_status = serializers.DictField(child=serializers.IntegerField())
    plan = PlanOut(
        allow_null=True, help_text=_("Nulo si no hay plan del año o si no está aprobado ni publicado (Art. 24).")
    )
    plan_note = serializers.CharField(help_text=_("Por qué «plan» es nulo; vacío si el plan se incluye."))
    reports = ReportRowOut(many=True)


class PcmReportViewSet(viewsets.ReadOnlyModelViewSet):
    """The commission's annual reports to the PCM: the ST requests them; the ST, the Presidency and
    the member representatives read them."""

    serializer_class = PcmReportSerializer
    queryset = PcmReport.objects.none()
    # Set for ``create`` only (get_throttles): a request queues a render, so it counts against the
    # same per-user "render" budget as the page's form; ScopedRateThrottle leaves the reads alone.
    throttle_scope: str | None = None

    def get_throttles(self) -> list[Any]:
        self.throttle_scope = "render" if self.action == "create" else None
        return super().get_throttles()

    def get_queryset(self) -> QuerySet[PcmReport]:
        return access.scope_visible(PcmReport.objects.all(), access.request_roles(self.request), "pcm_report")

    @extend_schema(
        request=PcmReportInput,
        responses={
            202: OpenApiResponse(PcmReportSerializer, _("Informe puesto en cola para generarse.")),
            200: OpenApiResponse(PcmReportSerializer, _("Ya había un informe del año en curso de generarse.")),
        },
    )
    def create(self, request: Request) -> Response:
        data = PcmReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        year = data.validated_data["year"]
        # The service answers with the year's report still in flight, if any, instead of queueing a
        # copy; the reports in flight before the call tell which case this is (202 for a render
        # queued now, 200 for one already queued or running).
        before = set(PcmReport.objects.filter(in_flight(), year=year).values_list("pk", flat=True))
        report = services.pcm_report_request(actor=request.user, year=year)
        code = status.HTTP_200_OK if report.pk in before else status.HTTP_202_ACCEPTED
        return Response(PcmReportSerializer(access_pcm_report(request.user, report.pk)).data, status=code)

    @extend_schema(responses=ReportContentOut)
    @action(detail=True, pagination_class=None)
    def content(self, request: Request, pk: Any = None) -> Response:
        report = access_pcm_report(request.user, pk)
        if report.status != PcmReport.Status.DONE or report.content is None:
            raise StateConflict(str(_("El informe todavía no está listo.")), code="report_not_ready")
        return Response(report.content)
