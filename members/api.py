"""REST API of the registry (/api/v1/): thin viewsets over the selectors and services.

Who may call each operation is the access matrix's (reads: every commission role, API clients
included; writes: the Secretaría Técnica, checked again by the services). Personal contact data is
nulled for who may not see it (``PrivateFieldsMixin``), as on the pages and in the exports.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mtigm.core import access
from mtigm.core.api import PrivateFieldsMixin, query_date

from . import selectors, services
from .access import access_designation
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

ON_PARAMETER = OpenApiParameter(
    "on", OpenApiTypes.DATE, description="Fecha de consulta (AAAA-MM-DD); por defecto, hoy en Lima."
)


# Serializers ---------------------------------------------------------------------------------------


class AcronymField(serializers.SlugRelatedField):
    """An entity named by its acronym, as people write it (case does not matter, like the registry's
    own uniqueness rule)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Entity.objects.all())
        super().__init__(slug_field="acronym", **kwargs)

    def to_internal_value(self, data: Any) -> Entity:
        if not isinstance(data, str):
            self.fail("invalid")
        entity = Entity.objects.filter(acronym__iexact=data.strip()).first()
        if entity is None:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return entity


class PersonSerializer(PrivateFieldsMixin, serializers.ModelSerializer):
    full_name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Person
        fields = ["id", "full_name", "first_name", "last_name", "honorific", "position", "email"]


class RepresentativeSerializer(serializers.ModelSerializer):
    person = PersonSerializer(read_only=True)

    class Meta:
        model = Designation
        fields = ["id", "role", "person", "start", "resolution_number"]


def representatives_data(designations: list[Designation], context: Mapping[str, Any]) -> list[dict[str, Any]]:
    """``RepresentativeSerializer(designations, many=True).data``, spelled out.

    ``many=True`` makes DRF build exactly this ListSerializer, but the stubs type the call as a single
    RepresentativeSerializer (whose ``data`` is one dict), so the list is built explicitly. The
    context carries the request, which decides who sees the representatives' contact data.
    """
    return serializers.ListSerializer(designations, child=RepresentativeSerializer(), context=context).data


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
        return representatives_data(getattr(entity, "current_designations", []), self.context)


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


class CsoRegistrationSerializer(PrivateFieldsMixin, serializers.ModelSerializer):
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
            *services.CSO_FIELDS,
            "missing_fields",
        ]

    @extend_schema_field(RepresentativeSerializer(many=True))
    def get_representatives(self, registration: CsoRegistration) -> list[dict[str, Any]]:
        return representatives_data(getattr(registration.entity, "current_designations", []), self.context)


class CompositionEntitySerializer(serializers.ModelSerializer):
    representatives = serializers.SerializerMethodField()

    class Meta:
        model = Entity
        fields = ["id", "acronym", "name", "representatives"]

    @extend_schema_field(RepresentativeSerializer(many=True))
    def get_representatives(self, entity: Entity) -> list[dict[str, Any]]:
        return representatives_data(getattr(entity, "current_designations", []), self.context)


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
    filterset_class = EntityApiFilter

    def get_queryset(self) -> QuerySet[Entity]:
        if getattr(self, "swagger_fake_view", False):
            return Entity.objects.none()
        queryset = selectors.entity_list(day=query_date(self.request))
        return access.scope_visible(queryset, access.request_roles(self.request), "entity")


@extend_schema(parameters=[ON_PARAMETER])
class DesignationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Designations of representatives (Art. 7.5); the Secretaría Técnica creates and replaces them."""

    serializer_class = DesignationSerializer
    filterset_class = DesignationApiFilter

    def get_queryset(self) -> QuerySet[Designation]:
        return access.scope_visible(selectors.designation_list(), access.request_roles(self.request), "designation")

    @extend_schema(request=DesignationCreateSerializer, responses={201: DesignationSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
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
        return Response(
            DesignationSerializer(designation, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=DesignationWriteSerializer, responses={201: DesignationSerializer})
    @action(detail=True, methods=["post"])
    def replace(self, request: Request, pk: str | None = None) -> Response:
        """Designate the successor of this designation (Art. 7.6): it ends the day before ``start``."""
        previous = access_designation(request.user, pk, action="registry.change")
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
        return Response(
            DesignationSerializer(successor, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema(parameters=[ON_PARAMETER])
class WorkingGroupViewSet(viewsets.ReadOnlyModelViewSet):
    """Working groups with coordination history, members and subgroups (Art. 20)."""

    serializer_class = WorkingGroupSerializer

    def get_queryset(self) -> QuerySet[WorkingGroup]:
        if getattr(self, "swagger_fake_view", False):
            return WorkingGroup.objects.none()
        queryset = selectors.groups_with_structure(query_date(self.request))
        return access.scope_visible(queryset, access.request_roles(self.request), "group")


class SubgroupFilter(django_filters.FilterSet):
    class Meta:
        model = Subgroup
        fields = ["group"]


@extend_schema(parameters=[ON_PARAMETER])
class SubgroupViewSet(viewsets.ReadOnlyModelViewSet):
    """Subgroups with their leads (approved by the group, Art. 21)."""

    serializer_class = SubgroupSerializer
    filterset_class = SubgroupFilter

    def get_queryset(self) -> QuerySet[Subgroup]:
        if getattr(self, "swagger_fake_view", False):
            return Subgroup.objects.none()
        queryset = selectors.subgroup_list(query_date(self.request))
        return access.scope_visible(queryset, access.request_roles(self.request), "subgroup")


@extend_schema(parameters=[ON_PARAMETER])
class CsoRegistryViewSet(viewsets.ReadOnlyModelViewSet):
    """The Registry of civil-society institutions (Dir. 002 §4.2.3)."""

    serializer_class = CsoRegistrationSerializer

    def get_queryset(self) -> QuerySet[CsoRegistration]:
        if getattr(self, "swagger_fake_view", False):
            return CsoRegistration.objects.none()
        queryset = selectors.cso_registry(query_date(self.request)).order_by("entity__name")
        return access.scope_visible(queryset, access.request_roles(self.request), "cso_registration")


class CompositionView(APIView):
    """Who made up the commission on a date: members, observers and support commissions."""

    @extend_schema(parameters=[ON_PARAMETER], responses=CompositionSerializer)
    def get(self, request: Request) -> Response:
        composition = selectors.composition_on(query_date(request))
        return Response(CompositionSerializer(composition, context={"request": request}).data)
