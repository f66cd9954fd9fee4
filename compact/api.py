"""REST API of the Global Compact follow-up: the same access helpers, selectors and services as the
pages. Lists are paginated and filtered with django-filter (a bad value is a 400 naming it)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from decisions.models import Agreement
from members.models import Entity, Person
from mtigm.core import access
from mtigm.core.api import PrivateFieldsMixin, SlugRelatedField, model_text
from workplans.models import PlanLine

from . import selectors, services
from .access import access_consultation, access_contribution, access_focal_point
from .models import (
    Consultation,
    Contribution,
    ContributionDocument,
    FocalPoint,
    InformeNarrative,
    Objective,
    ReferenceItem,
    ThematicArea,
)

# --- reference data -----------------------------------------------------------------------------


class ObjectiveSerializer(serializers.ModelSerializer):
    areas: serializers.SlugRelatedField[ThematicArea] = serializers.SlugRelatedField(
        slug_field="number", many=True, read_only=True
    )

    class Meta:
        model = Objective
        fields = ["number", "title", "short_title", "areas", "source_document", "source_locator"]


class AreaSerializer(serializers.ModelSerializer):
    objectives: serializers.SlugRelatedField[Objective] = serializers.SlugRelatedField(
        slug_field="number", many=True, read_only=True
    )

    class Meta:
        model = ThematicArea
        fields = ["number", "title", "objectives", "source_document", "source_locator"]


class ReferenceItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReferenceItem
        fields = ["kind", "code", "title", "source_document", "source_locator"]


class ReferenceItemFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ReferenceItem.Kind.choices)

    class Meta:
        model = ReferenceItem
        fields = ["kind"]


class ObjectiveViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The 23 objectives of the Global Compact, with their thematic areas and source."""

    serializer_class = ObjectiveSerializer
    queryset = Objective.objects.none()

    def get_queryset(self) -> QuerySet[Objective]:
        return selectors.objectives()


class AreaViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The thematic areas of the Informe País and the objectives of each."""

    serializer_class = AreaSerializer
    queryset = ThematicArea.objects.none()

    def get_queryset(self) -> QuerySet[ThematicArea]:
        return selectors.areas()


class ReferenceItemViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Guiding principles, SDG target 10.7 and its indicators, the axes of the 2015 Lineamientos."""

    serializer_class = ReferenceItemSerializer
    filterset_class = ReferenceItemFilter
    queryset = ReferenceItem.objects.none()

    def get_queryset(self) -> QuerySet[ReferenceItem]:
        return selectors.reference_items()


# --- focal points -------------------------------------------------------------------------------


class FocalPointSerializer(PrivateFieldsMixin, serializers.ModelSerializer):
    entity_acronym = serializers.CharField(source="entity.acronym", read_only=True)
    objective: serializers.SlugRelatedField[Objective] = serializers.SlugRelatedField(
        slug_field="number", read_only=True
    )
    area: serializers.SlugRelatedField[ThematicArea] = serializers.SlugRelatedField(slug_field="number", read_only=True)

    class Meta:
        model = FocalPoint
        fields = [
            "id",
            "entity",
            "entity_acronym",
            "objective",
            "area",
            "person",
            "name",
            "position",
            "email",
            "phone",
            "start",
            "end",
            "end_reason",
        ]
        read_only_fields = fields


class FocalPointInput(serializers.Serializer):
    entity = serializers.PrimaryKeyRelatedField(queryset=Entity.objects.all())
    objective = serializers.SlugRelatedField(
        slug_field="number", queryset=Objective.objects.all(), required=False, allow_null=True
    )
    area = serializers.SlugRelatedField(
        slug_field="number", queryset=ThematicArea.objects.all(), required=False, allow_null=True
    )
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), required=False, allow_null=True)
    name = model_text(FocalPoint, "name", required=False, allow_blank=True, default="")
    position = model_text(FocalPoint, "position", required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = model_text(FocalPoint, "phone", required=False, allow_blank=True, default="")
    start = serializers.DateField()


class EndInput(serializers.Serializer):
    end = serializers.DateField()
    reason = model_text(FocalPoint, "end_reason", required=False, allow_blank=True, default="")


class FocalPointFilter(django_filters.FilterSet):
    entity = django_filters.NumberFilter(field_name="entity_id")
    objective = django_filters.NumberFilter(field_name="objective__number")
    area = django_filters.NumberFilter(field_name="area__number")
    current = django_filters.BooleanFilter(method="filter_current", label=_("Solo los vigentes hoy"))

    class Meta:
        model = FocalPoint
        fields = ["entity", "objective", "area", "current"]

    def filter_current(self, queryset: QuerySet[FocalPoint], name: str, value: bool) -> QuerySet[FocalPoint]:
        today = timezone.localdate()
        in_office = Q(start__lte=today) & (Q(end__isnull=True) | Q(end__gte=today))
        return queryset.filter(in_office) if value else queryset.exclude(in_office)


class CoverageSerializer(serializers.Serializer):
    objectives_without = serializers.ListField(child=serializers.IntegerField())
    areas_without = serializers.ListField(child=serializers.IntegerField())


class FocalPointViewSet(viewsets.ReadOnlyModelViewSet):
    """Focal points per entity; e-mail and phone are null for whoever may not see them."""

    serializer_class = FocalPointSerializer
    filterset_class = FocalPointFilter
    queryset = FocalPoint.objects.none()

    def get_queryset(self) -> QuerySet[FocalPoint]:
        return selectors.focal_points_visible(access.request_roles(self.request))

    @extend_schema(request=FocalPointInput, responses={201: FocalPointSerializer})
    def create(self, request: Request) -> Response:
        data = FocalPointInput(data=request.data)
        data.is_valid(raise_exception=True)
        point = services.focal_point_create(actor=request.user, **data.validated_data)
        return Response(self._out(point.pk), status=201)

    def _out(self, pk: int) -> Any:
        return FocalPointSerializer(access_focal_point(self.request.user, pk), context={"request": self.request}).data

    @extend_schema(request=EndInput, responses=FocalPointSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: Any = None) -> Response:
        point = access_focal_point(request.user, pk, action="focal_point.manage")
        data = EndInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.focal_point_end(actor=request.user, focal_point=point, **data.validated_data)
        return Response(self._out(point.pk))

    @extend_schema(filters=False, responses=CoverageSerializer)
    @action(detail=False, pagination_class=None, filterset_class=None)
    def coverage(self, request: Request) -> Response:
        found = selectors.coverage()
        return Response(
            {
                "objectives_without": [o.number for o in found.objectives_without],
                "areas_without": [a.number for a in found.areas_without],
            }
        )


# --- consultations ------------------------------------------------------------------------------


class ConsultationSerializer(serializers.ModelSerializer):
    objectives: serializers.SlugRelatedField[Objective] = serializers.SlugRelatedField(
        slug_field="number", many=True, read_only=True
    )
    invited: serializers.PrimaryKeyRelatedField[Entity] = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    contributions_xlsx = serializers.SerializerMethodField(
        help_text=_(
            "Dirección del XLSX de todos los aportes (acepta el token de la API); nula para quien no lee el "
            "Informe País."
        )
    )

    class Meta:
        model = Consultation
        fields = [
            "id",
            "title",
            "period_start",
            "period_end",
            "deadline",
            "objectives",
            "invited",
            "state",
            "opened_at",
            "closed_at",
            "contributions_xlsx",
        ]
        read_only_fields = fields

    def get_contributions_xlsx(self, consultation: Consultation) -> str | None:
        request = self.context.get("request")
        roles = access.request_roles(request) if request is not None else access.roles_for(None)
        if not access.can(roles, "consultation.report", consultation):
            return None
        return reverse("compact:contributions-xlsx", args=[consultation.pk])


class ConsultationInput(serializers.Serializer):
    title = model_text(Consultation, "title")
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    deadline = serializers.DateField()
    objectives = serializers.SlugRelatedField(slug_field="number", many=True, queryset=Objective.objects.all())
    invited = serializers.PrimaryKeyRelatedField(many=True, queryset=Entity.objects.all())


class ConsultationFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=Consultation.State.choices)

    class Meta:
        model = Consultation
        fields = ["state"]


class PendingEntitySerializer(serializers.ModelSerializer):
    drafts = serializers.IntegerField(read_only=True, help_text=_("Aportes en borrador o devueltos."))

    class Meta:
        model = Entity
        fields = ["id", "acronym", "name", "kind", "drafts"]


class InformeContributionSerializer(serializers.Serializer):
    entity = serializers.CharField(source="entity.acronym")
    criterion = serializers.CharField()
    title = serializers.CharField(help_text=_("Estrategia o acción (título)."))
    description = serializers.CharField()
    period = serializers.CharField()
    results = serializers.CharField()
    difficulties_challenges = serializers.CharField()


class InformeObjectiveSerializer(serializers.Serializer):
    objective = serializers.IntegerField(source="objective.number")
    title = serializers.CharField(source="objective.title")
    contributions = InformeContributionSerializer(many=True)


class InformeAreaSerializer(serializers.Serializer):
    area = serializers.IntegerField(source="area.number")
    title = serializers.CharField(source="area.title")
    narrative = serializers.SerializerMethodField()
    objectives = InformeObjectiveSerializer(many=True)

    def get_narrative(self, section: dict[str, Any]) -> str:
        return section["narrative"].text if section["narrative"] is not None else ""


class NarrativeInput(serializers.Serializer):
    area = SlugRelatedField(
        slug_field="number", queryset=ThematicArea.objects.all(), help_text=_("Número del área temática.")
    )
    text = model_text(InformeNarrative, "text", allow_blank=True)


class ConsultationViewSet(viewsets.ReadOnlyModelViewSet):
    """National consultations: the ST creates, opens (queuing the calls) and closes them."""

    serializer_class = ConsultationSerializer
    filterset_class = ConsultationFilter
    queryset = Consultation.objects.none()

    def get_queryset(self) -> QuerySet[Consultation]:
        return selectors.consultations_visible(access.request_roles(self.request)).prefetch_related(
            "objectives", "invited"
        )

    def _out(self, pk: int) -> Any:
        return ConsultationSerializer(access_consultation(self.request.user, pk)).data

    @extend_schema(request=ConsultationInput, responses={201: ConsultationSerializer})
    def create(self, request: Request) -> Response:
        data = ConsultationInput(data=request.data)
        data.is_valid(raise_exception=True)
        consultation = services.consultation_create(actor=request.user, **data.validated_data)
        return Response(self._out(consultation.pk), status=201)

    @extend_schema(request=None, responses=ConsultationSerializer)
    @action(detail=True, methods=["post"], url_path="open")
    def open(self, request: Request, pk: Any = None) -> Response:
        consultation = access_consultation(request.user, pk, action="consultation.manage")
        services.consultation_open(actor=request.user, consultation=consultation)
        return Response(self._out(consultation.pk))

    @extend_schema(request=None, responses=ConsultationSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: Any = None) -> Response:
        consultation = access_consultation(request.user, pk, action="consultation.manage")
        services.consultation_close(actor=request.user, consultation=consultation)
        return Response(self._out(consultation.pk))

    @extend_schema(filters=False, responses=InformeAreaSerializer(many=True))
    @action(detail=True, filterset_class=None, pagination_class=None)
    def informe(self, request: Request, pk: Any = None) -> Response:
        """The Informe País: per thematic area (with the ST's narrative) and objective, the accepted
        contributions (entity, strategy or action, result, challenges)."""
        consultation = access_consultation(request.user, pk, action="consultation.report")
        return Response(InformeAreaSerializer(selectors.informe_pais(consultation), many=True).data)

    @extend_schema(request=NarrativeInput, responses=InformeAreaSerializer(many=True))
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def narrative(self, request: Request, pk: Any = None) -> Response:
        """The ST writes the narrative of one thematic area (each save is a version); answers the
        Informe País as it now reads."""
        consultation = access_consultation(request.user, pk, action="consultation.manage")
        data = NarrativeInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.informe_narrative_save(actor=request.user, consultation=consultation, **data.validated_data)
        return Response(InformeAreaSerializer(selectors.informe_pais(consultation), many=True).data)

    @extend_schema(filters=False, responses=PendingEntitySerializer(many=True))
    @action(detail=True, filterset_class=None)
    def pending(self, request: Request, pk: Any = None) -> Response:
        """Invited entities that have not answered (no contribution submitted or accepted)."""
        consultation = access_consultation(request.user, pk, action="consultation.manage")
        page = self.paginate_queryset(selectors.pending_entities(consultation))
        return self.get_paginated_response(PendingEntitySerializer(page, many=True).data)


# --- contributions ------------------------------------------------------------------------------


class ContributionDocumentSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField(help_text=_("Dirección de descarga (sesión iniciada)."))

    class Meta:
        model = ContributionDocument
        fields = ["id", "title", "uploaded_at", "download"]

    def get_download(self, document: ContributionDocument) -> str:
        return reverse("compact:contribution-document", args=[document.pk])


class DocumentInput(serializers.Serializer):
    file = serializers.FileField()
    title = model_text(ContributionDocument, "title", required=False, allow_blank=True, default="")


class ContributionSerializer(serializers.ModelSerializer):
    entity_acronym = serializers.CharField(source="entity.acronym", read_only=True)
    objective: serializers.SlugRelatedField[Objective] = serializers.SlugRelatedField(
        slug_field="number", read_only=True
    )
    plan_products: serializers.PrimaryKeyRelatedField[PlanLine] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )
    documents = ContributionDocumentSerializer(many=True, read_only=True)
    agreements: serializers.PrimaryKeyRelatedField[Agreement] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )

    class Meta:
        model = Contribution
        fields = [
            "id",
            "consultation",
            "entity",
            "entity_acronym",
            "objective",
            "criterion",
            "title",
            "description",
            "period",
            "results",
            "difficulties_challenges",
            "plan_products",
            "agreements",
            "documents",
            "state",
            "observations",
            "submitted_at",
            "reviewed_at",
        ]
        read_only_fields = fields


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """A related object the request's user may see (a hidden one answers as not found)."""

    def __init__(self, *, subject: str, **kwargs: Any) -> None:
        self.subject = subject
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        request = self.context.get("request")
        roles = access.request_roles(request) if request is not None else access.roles_for(None)
        queryset = super().get_queryset()
        assert queryset is not None  # declared with a queryset
        return access.scope_visible(queryset, roles, self.subject)


class ContributionInput(serializers.Serializer):
    objective = serializers.SlugRelatedField(slug_field="number", queryset=Objective.objects.all())
    criterion = serializers.ChoiceField(choices=Contribution.Criterion.choices)
    title = model_text(Contribution, "title")
    description = model_text(Contribution, "description")
    period = model_text(Contribution, "period", required=False, allow_blank=True)
    results = model_text(Contribution, "results", required=False, allow_blank=True)
    difficulties_challenges = model_text(Contribution, "difficulties_challenges", required=False, allow_blank=True)
    plan_products = VisibleRelatedField(subject="plan_line", many=True, queryset=PlanLine.objects.all(), required=False)
    agreements = VisibleRelatedField(subject="agreement", many=True, queryset=Agreement.objects.all(), required=False)


class ContributionCreateInput(ContributionInput):
    consultation = serializers.PrimaryKeyRelatedField(queryset=Consultation.objects.all())
    entity = serializers.PrimaryKeyRelatedField(
        queryset=Entity.objects.all(),
        required=False,
        help_text=_("La entidad por la que se presenta; por defecto la única que representa."),
    )


class ContributionPatchInput(ContributionInput):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, partial=True, **kwargs)


class ReturnInput(serializers.Serializer):
    observations = model_text(Contribution, "observations", allow_blank=True, default="")


class ContributionFilter(django_filters.FilterSet):
    consultation = django_filters.NumberFilter(field_name="consultation_id")
    entity = django_filters.NumberFilter(field_name="entity_id")
    objective = django_filters.NumberFilter(field_name="objective__number")
    state = django_filters.ChoiceFilter(choices=Contribution.State.choices)
    criterion = django_filters.ChoiceFilter(choices=Contribution.Criterion.choices)

    class Meta:
        model = Contribution
        fields = ["consultation", "entity", "objective", "state", "criterion"]


class ContributionViewSet(viewsets.ReadOnlyModelViewSet):
    """Contributions: an entity's representatives write and submit their own; the ST returns
    them with observations or accepts them."""

    serializer_class = ContributionSerializer
    filterset_class = ContributionFilter
    queryset = Contribution.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Contribution]:
        return selectors.contributions_visible(access.request_roles(self.request))

    def _out(self, pk: int) -> Any:
        return ContributionSerializer(access_contribution(self.request.user, pk)).data

    @extend_schema(request=ContributionCreateInput, responses={201: ContributionSerializer})
    def create(self, request: Request) -> Response:
        data = ContributionCreateInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        consultation = access_consultation(request.user, values.pop("consultation").pk)
        contribution = services.contribution_create(actor=request.user, consultation=consultation, **values)
        return Response(self._out(contribution.pk), status=201)

    @extend_schema(request=ContributionPatchInput, responses=ContributionSerializer)
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        contribution = access_contribution(request.user, pk, action="contribution.write")
        data = ContributionPatchInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        services.contribution_update(actor=request.user, contribution=contribution, **data.validated_data)
        return Response(self._out(contribution.pk))

    @extend_schema(request=None, responses=ContributionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        contribution = access_contribution(request.user, pk, action="contribution.write")
        services.contribution_submit(actor=request.user, contribution=contribution)
        return Response(self._out(contribution.pk))

    @extend_schema(request={"multipart/form-data": DocumentInput}, responses={201: ContributionSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def documents(self, request: Request, pk: Any = None) -> Response:
        """Attach an evidence document (PDF, ODT, DOCX, ODS, XLSX, PNG or JPEG) to a draft or returned contribution."""
        contribution = access_contribution(request.user, pk, action="contribution.write")
        data = DocumentInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.contribution_attach(actor=request.user, contribution=contribution, **data.validated_data)
        return Response(self._out(contribution.pk), status=201)

    @extend_schema(request=ReturnInput, responses=ContributionSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_contribution(self, request: Request, pk: Any = None) -> Response:
        contribution = access_contribution(request.user, pk, action="contribution.review")
        data = ReturnInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.contribution_return(
            actor=request.user, contribution=contribution, observations=data.validated_data["observations"]
        )
        return Response(self._out(contribution.pk))

    @extend_schema(request=ReturnInput, responses=ContributionSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: Any = None) -> Response:
        contribution = access_contribution(request.user, pk, action="contribution.review")
        data = ReturnInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.contribution_accept(
            actor=request.user, contribution=contribution, observations=data.validated_data["observations"]
        )
        return Response(self._out(contribution.pk))
