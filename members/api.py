"""REST API of the registry (/api/v1/): thin viewsets over the selectors and services.

Reads are open to any user with a current commission role (API clients included); writes
(designations) go through the same services as the staff pages, which check the permission.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from mtigm.core.api import IsCommissionUser, IsSecretariatOrReadOnly

from . import selectors, services
from .filters import DesignationApiFilter, EntityApiFilter
from .models import (
    CsoRegistration,
    Designation,
    Entity,
    GroupCoordinator,
    Membership,
    Person,
    Subgroup,
    SubgroupLead,
    SupportCommission,
    WorkingGroup,
)


def query_day(request: Any, name: str = "on") -> datetime.date:
    raw = request.query_params.get(name)
    if not raw:
        return timezone.localdate()
    try:
        day = parse_date(raw)
    except ValueError:
        day = None
    if day is None:
        raise ApiValidationError({name: ["Use el formato AAAA-MM-DD."]})
    return day


ON_PARAMETER = OpenApiParameter(
    "on", OpenApiTypes.DATE, description="Fecha de consulta (AAAA-MM-DD); por defecto, hoy en Lima."
)


# Serializers ---------------------------------------------------------------------------------------


class PersonSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Person
        fields = ["id", "full_name", "first_name", "last_name", "honorific", "position", "email"]


class RepresentativeSerializer(serializers.ModelSerializer):
    person = PersonSerializer(read_only=True)

    class Meta:
        model = Designation
        fields = ["id", "role", "person", "start", "resolution_number"]


def representatives_data(designations: list[Designation]) -> list[dict[str, Any]]:
    """``RepresentativeSerializer(designations, many=True).data``, spelled out.

    ``many=True`` makes DRF build exactly this ListSerializer, but the stubs type the call as a single
    RepresentativeSerializer (whose ``data`` is one dict), so the list is built explicitly.
    """
    return serializers.ListSerializer(designations, child=RepresentativeSerializer()).data


class MembershipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Membership
        fields = ["kind", "start", "end", "admitted_at", "admitting_agreement", "legal_basis", "end_reason"]


class EntitySerializer(serializers.ModelSerializer):
    support_commission: serializers.SlugRelatedField[SupportCommission] = serializers.SlugRelatedField(
        slug_field="kind", read_only=True
    )
    memberships = MembershipSerializer(many=True, read_only=True)
    representatives = serializers.SerializerMethodField()

    class Meta:
        model = Entity
        fields = [
            "id",
            "kind",
            "acronym",
            "name",
            "former_names",
            "support_commission",
            "website",
            "email",
            "memberships",
            "representatives",
        ]

    @extend_schema_field(RepresentativeSerializer(many=True))
    def get_representatives(self, entity: Entity) -> list[dict[str, Any]]:
        """Titular and alternate in office on the requested day (prefetched by the selector)."""
        return representatives_data(getattr(entity, "current_designations", []))


class DesignationSerializer(serializers.ModelSerializer):
    entity: serializers.SlugRelatedField[Entity] = serializers.SlugRelatedField(slug_field="acronym", read_only=True)
    entity_id = serializers.IntegerField(read_only=True)
    person = PersonSerializer(read_only=True)
    replaced_by: serializers.PrimaryKeyRelatedField[Designation] = serializers.PrimaryKeyRelatedField(read_only=True)
    warnings = serializers.SerializerMethodField()

    class Meta:
        model = Designation
        fields = [
            "id",
            "entity",
            "entity_id",
            "role",
            "person",
            "resolution_number",
            "resolution_date",
            "notified_on",
            "start",
            "end",
            "replaced_by",
            "warnings",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_warnings(self, designation: Designation) -> list[str]:
        warnings = getattr(designation, "warnings", None)
        if warnings is not None:
            return warnings
        warning = services.notice_warning(
            resolution_date=designation.resolution_date, notified_on=designation.notified_on
        )
        return [warning] if warning else []


class DesignationWriteSerializer(serializers.Serializer):
    """Input of a new designation or a replacement: an existing person, or the data of a new one."""

    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), required=False)
    first_name = serializers.CharField(required=False, max_length=150)
    last_name = serializers.CharField(required=False, max_length=150)
    email = serializers.EmailField(required=False)
    position = serializers.CharField(required=False, max_length=200)
    start = serializers.DateField()
    resolution_number = serializers.CharField(required=False, allow_blank=True, default="")
    resolution_date = serializers.DateField(required=False, allow_null=True, default=None)
    notified_on = serializers.DateField(required=False, allow_null=True, default=None)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("person") and not (attrs.get("first_name") and attrs.get("last_name")):
            raise serializers.ValidationError("Indique «person» o bien «first_name» y «last_name».")
        return attrs

    def person_for(self, actor: Any) -> Person:
        data = self.validated_data
        if data.get("person"):
            return data["person"]
        return services.person_create(
            actor=actor,
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data.get("email", ""),
            position=data.get("position", ""),
        )


class DesignationCreateSerializer(DesignationWriteSerializer):
    entity = serializers.PrimaryKeyRelatedField(queryset=Entity.objects.all())
    role = serializers.ChoiceField(choices=Designation.Role.choices)


class CoordinatorSerializer(serializers.ModelSerializer):
    entity: serializers.SlugRelatedField[Entity] = serializers.SlugRelatedField(slug_field="acronym", read_only=True)

    class Meta:
        model = GroupCoordinator
        fields = ["entity", "approved_by", "approved_on", "approval_reference", "start", "end"]


class LeadSerializer(serializers.ModelSerializer):
    entity: serializers.SlugRelatedField[Entity] = serializers.SlugRelatedField(slug_field="acronym", read_only=True)

    class Meta:
        model = SubgroupLead
        fields = ["entity", "approved_by", "approved_on", "approval_reference", "start", "end"]


class SubgroupSerializer(serializers.ModelSerializer):
    group: serializers.SlugRelatedField[WorkingGroup] = serializers.SlugRelatedField(
        slug_field="number", read_only=True
    )
    leads = LeadSerializer(many=True, read_only=True)
    current_lead = serializers.SerializerMethodField()
    members = serializers.SerializerMethodField()

    class Meta:
        model = Subgroup
        fields = ["id", "group", "code", "name", "created_on", "created_by", "current_lead", "leads", "members"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_current_lead(self, subgroup: Subgroup) -> str | None:
        leads = getattr(subgroup, "current_leads", [])
        return leads[0].entity.acronym if leads else None

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_members(self, subgroup: Subgroup) -> list[str]:
        return [m.entity.acronym for m in getattr(subgroup, "current_members", [])]


class GroupSubgroupSerializer(serializers.ModelSerializer):
    current_lead = serializers.SerializerMethodField()

    class Meta:
        model = Subgroup
        fields = ["id", "code", "name", "current_lead"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_current_lead(self, subgroup: Subgroup) -> str | None:
        leads = getattr(subgroup, "current_leads", [])
        return leads[0].entity.acronym if leads else None


class WorkingGroupSerializer(serializers.ModelSerializer):
    coordinators = CoordinatorSerializer(many=True, read_only=True)
    current_coordinator = serializers.SerializerMethodField()
    members = serializers.SerializerMethodField()
    subgroups = GroupSubgroupSerializer(many=True, read_only=True)

    class Meta:
        model = WorkingGroup
        fields = [
            "id",
            "number",
            "name",
            "description",
            "created_on",
            "created_by",
            "current_coordinator",
            "coordinators",
            "members",
            "subgroups",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_current_coordinator(self, group: WorkingGroup) -> str | None:
        current = getattr(group, "current_coordinators", [])
        return current[0].entity.acronym if current else None

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_members(self, group: WorkingGroup) -> list[str]:
        return [m.entity.acronym for m in getattr(group, "current_members", [])]


class CsoRegistrationSerializer(serializers.ModelSerializer):
    """One Registry entry with the fields of Dir. 002 §4.2.3 (a–k)."""

    name = serializers.CharField(source="entity.name", read_only=True)
    acronym = serializers.CharField(source="entity.acronym", read_only=True)
    representatives = serializers.SerializerMethodField()
    missing_fields = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = CsoRegistration
        fields = [
            "id",
            "name",
            "acronym",
            "representatives",
            "admitted_on",
            "admitted_at",
            "registry_entry_number",
            "registry_office",
            "legal_representative",
            "legal_representative_email",
            "legal_representative_phone",
            "website",
            "address",
            "phones",
            "main_activity",
            "other_data",
            "registered_on",
            "missing_fields",
        ]

    @extend_schema_field(RepresentativeSerializer(many=True))
    def get_representatives(self, registration: CsoRegistration) -> list[dict[str, Any]]:
        return representatives_data(getattr(registration.entity, "current_designations", []))


class CompositionEntitySerializer(serializers.ModelSerializer):
    representatives = serializers.SerializerMethodField()

    class Meta:
        model = Entity
        fields = ["id", "acronym", "name", "representatives"]

    @extend_schema_field(RepresentativeSerializer(many=True))
    def get_representatives(self, entity: Entity) -> list[dict[str, Any]]:
        return representatives_data(getattr(entity, "current_designations", []))


class CompositionSerializer(serializers.Serializer):
    on = serializers.DateField(source="day")
    member_count = serializers.IntegerField()
    members = CompositionEntitySerializer(many=True)
    observers = CompositionEntitySerializer(many=True)
    agencies = CompositionEntitySerializer(many=True)
    csos = CompositionEntitySerializer(many=True)


# Views -------------------------------------------------------------------------------------------------


@extend_schema(parameters=[ON_PARAMETER])
class EntityViewSet(viewsets.ReadOnlyModelViewSet):
    """Entities of the registry; ``?on=`` gives the representatives (and, with ``kind``, the capacity) of that day."""

    serializer_class = EntitySerializer
    permission_classes = [IsCommissionUser]
    filterset_class = EntityApiFilter

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return Entity.objects.none()
        return selectors.entity_list(day=query_day(self.request))


@extend_schema(parameters=[ON_PARAMETER])
class DesignationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Designations of representatives (Art. 7.5); the Secretaría Técnica creates and replaces them."""

    serializer_class = DesignationSerializer
    permission_classes = [IsSecretariatOrReadOnly]
    filterset_class = DesignationApiFilter

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.designation_list()

    @extend_schema(request=DesignationCreateSerializer, responses={201: DesignationSerializer})
    def create(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        data = DesignationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        designation = services.designation_create(
            actor=request.user,
            entity=values["entity"],
            person=data.person_for(request.user),
            role=values["role"],
            start=values["start"],
            resolution_number=values["resolution_number"],
            resolution_date=values["resolution_date"],
            notified_on=values["notified_on"],
        )
        return Response(DesignationSerializer(designation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DesignationWriteSerializer, responses={201: DesignationSerializer})
    @action(detail=True, methods=["post"])
    def replace(self, request, pk=None):  # type: ignore[no-untyped-def]
        """Designate the successor of this designation (Art. 7.6): it ends the day before ``start``."""
        previous = self.get_object()
        data = DesignationWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        successor = services.designation_replace(
            actor=request.user,
            designation=previous,
            person=data.person_for(request.user),
            start=values["start"],
            resolution_number=values["resolution_number"],
            resolution_date=values["resolution_date"],
            notified_on=values["notified_on"],
        )
        return Response(DesignationSerializer(successor).data, status=status.HTTP_201_CREATED)


@extend_schema(parameters=[ON_PARAMETER])
class WorkingGroupViewSet(viewsets.ReadOnlyModelViewSet):
    """Working groups with coordination history, members and subgroups (Art. 20)."""

    serializer_class = WorkingGroupSerializer
    permission_classes = [IsCommissionUser]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return WorkingGroup.objects.none()
        return selectors.groups_with_structure(query_day(self.request))


@extend_schema(parameters=[ON_PARAMETER])
class SubgroupViewSet(viewsets.ReadOnlyModelViewSet):
    """Subgroups with their leads (approved by the group, Art. 21)."""

    serializer_class = SubgroupSerializer
    permission_classes = [IsCommissionUser]
    filterset_fields = ["group"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return Subgroup.objects.none()
        return selectors.subgroup_list(query_day(self.request))


@extend_schema(parameters=[ON_PARAMETER])
class CsoRegistryViewSet(viewsets.ReadOnlyModelViewSet):
    """The Registry of civil-society institutions (Dir. 002 §4.2.3)."""

    serializer_class = CsoRegistrationSerializer
    permission_classes = [IsCommissionUser]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return CsoRegistration.objects.none()
        return selectors.cso_registry(query_day(self.request)).order_by("entity__name")


class CompositionView(APIView):
    """Who made up the commission on a date: members, observers and support commissions."""

    permission_classes = [IsCommissionUser]

    @extend_schema(parameters=[ON_PARAMETER], responses=CompositionSerializer)
    def get(self, request):  # type: ignore[no-untyped-def]
        return Response(CompositionSerializer(selectors.composition_on(query_day(request))).data)
