"""REST API of the procedures that end in a vote: admissions, agencies, CSOs, groups, coordinators, directives."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from members.models import Designation, Entity, Person
from mtigm.core import access
from mtigm.core.api import PrivateFieldsMixin, SlugRelatedField, model_text
from sessions.models import Session

from ..ballots.api import BallotSerializer
from ..models import Application
from . import selectors, services
from .access import access_application


class ApplicationSerializer(PrivateFieldsMixin, serializers.ModelSerializer):
    backers = SlugRelatedField(slug_field="acronym", many=True, queryset=Entity.objects.all(), required=False)
    entity = serializers.PrimaryKeyRelatedField(queryset=Entity.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "kind",
            "state",
            *services.APPLICATION_FIELDS,
            "backers",
            "agenda_item",
            "ballot",
            "decided_on",
            "decree_state",
            "decree_reference",
            "invitation_sent_on",
            "accepted_on",
        ]
        read_only_fields = [
            "state",
            "agenda_item",
            "ballot",
            "decided_on",
            "decree_state",
            "decree_reference",
            "invitation_sent_on",
            "accepted_on",
        ]
        extra_kwargs = {"title": {"required": False}, "received_on": {"required": False}}


class ScheduleSerializer(serializers.Serializer):
    session = serializers.PrimaryKeyRelatedField(queryset=Session.objects.all())


class DesignatedRepresentativeSerializer(serializers.Serializer):
    first_name = model_text(Person, "first_name")
    last_name = model_text(Person, "last_name")
    email = serializers.EmailField(
        required=False, allow_blank=True, max_length=Person._meta.get_field("email").max_length
    )
    phone = model_text(Person, "phone", required=False, allow_blank=True)
    position = model_text(Person, "position", required=False, allow_blank=True)
    resolution_number = model_text(Designation, "resolution_number", required=False, allow_blank=True)


class AcceptSerializer(serializers.Serializer):
    accepted_on = serializers.DateField()
    titular = DesignatedRepresentativeSerializer()
    alternate = DesignatedRepresentativeSerializer()


class DecreeSerializer(serializers.Serializer):
    decree_state = serializers.ChoiceField(choices=["pending", "in_process", "issued"])
    reference = model_text(Application, "decree_reference", required=False, allow_blank=True)


class ApplicationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Application.Kind.choices)
    state = django_filters.ChoiceFilter(choices=Application.State.choices)

    class Meta:
        model = Application
        fields = ["kind", "state"]


class ApplicationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Requests that end in a vote: admissions, agencies, CSOs, groups, coordinators, directives."""

    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilter

    def get_queryset(self) -> QuerySet[Application]:
        queryset = selectors.application_list().prefetch_related("backers")
        return access.scope_visible(queryset, access.request_roles(self.request), "application")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        backers = data.pop("backers", [])
        kind = data.pop("kind")
        serializer.instance = services.application_submit(actor=self.request.user, kind=kind, backers=backers, **data)

    def _application(self, pk: Any, action: str = "application.manage") -> Application:
        return access_application(self.request.user, pk, action=action)

    def _answer(self, application: Application) -> Response:
        return Response(ApplicationSerializer(application, context=self.get_serializer_context()).data)

    @extend_schema(request=ScheduleSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def schedule(self, request: Request, pk: Any = None) -> Response:
        application = self._application(pk)
        data = ScheduleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = data.validated_data["session"]
        return self._answer(services.application_schedule(actor=request.user, application=application, session=session))

    @extend_schema(request=None, responses={201: BallotSerializer})
    @action(detail=True, methods=["post"], url_path="open-ballot")
    def open_ballot(self, request: Request, pk: Any = None) -> Response:
        application = self._application(pk, "ballot.run")
        ballot = services.application_open_ballot(actor=request.user, application=application)
        return Response(BallotSerializer(ballot).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def back(self, request: Request, pk: Any = None) -> Response:
        application = self._application(pk, "application.back")
        return self._answer(services.application_back(actor=request.user, application=application))

    @extend_schema(request=AcceptSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: Any = None) -> Response:
        application = self._application(pk)
        data = AcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(
            services.application_accept(actor=request.user, application=application, **data.validated_data)
        )

    @extend_schema(request=DecreeSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def decree(self, request: Request, pk: Any = None) -> Response:
        application = self._application(pk)
        data = DecreeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(
            services.application_set_decree(actor=request.user, application=application, **data.validated_data)
        )
