"""REST API of the sessions app: the calendar for other systems and every action of the UI.

Each action calls the same service as the browser, so the permission checks and the rules with
their citations are the same; errors come back as 400 (rule and citation) or 403.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import django_filters
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ParseError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from members.models import Entity, Person, Subgroup, WorkingGroup
from members.roles import request_roles
from mtigm.core.api import IsCommissionUser
from mtigm.core.models import OutboundMessage
from mtigm.core.outbox import messages_for, outbox_resend

from . import selectors, services
from .models import AgendaItem, Attendance, ExtraordinarySessionRequest, Session, to_roman


class CalendarPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def _body_value(request: Request, name: str) -> Any:
    """One value of the request body; a body that is not an object (a JSON list) is malformed."""
    data = request.data
    if not isinstance(data, Mapping):
        raise ParseError()
    return data.get(name)


# Serializers -----------------------------------------------------------------------------------


class AgendaItemSerializer(serializers.ModelSerializer):
    presenter: serializers.SlugRelatedField[Entity] = serializers.SlugRelatedField(slug_field="acronym", read_only=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "position", "title", "description", "presenter", "origin"]


class SessionSerializer(serializers.ModelSerializer):
    number_roman = serializers.SerializerMethodField()
    title = serializers.CharField(read_only=True)
    notice_date = serializers.DateField(source="called_on", read_only=True)
    agenda_items = serializers.SerializerMethodField()
    call_pdf_url = serializers.SerializerMethodField()
    minutes_url = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    ics_url = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = [
            "id",
            "kind",
            "extended",
            "series",
            "number",
            "number_roman",
            "title",
            "state",
            "state_reason",
            "starts_at",
            "ends_at",
            "place",
            "video_link",
            "notice_date",
            "held_without_call",
            "group",
            "subgroup",
            "sequence",
            "agenda_items",
            "call_pdf_url",
            "minutes_url",
            "url",
            "ics_url",
            "updated_at",
        ]

    def get_number_roman(self, obj: Session) -> str | None:
        return to_roman(obj.number) if obj.number else None

    @extend_schema_field(AgendaItemSerializer(many=True))
    def get_agenda_items(self, obj: Session) -> list[dict[str, Any]]:
        items = getattr(obj, "accepted_items", None)
        if items is None:
            items = obj.agenda_items.filter(status=AgendaItem.Status.ACCEPTED).select_related("presenter")
        # The stubs type Serializer(many=True) as the child serializer, whose .data is a ReturnDict; at runtime
        # many=True builds a ListSerializer whose .data is a list of dicts.
        return AgendaItemSerializer(items, many=True).data  # type: ignore[return-value]

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_call_pdf_url(self, obj: Session) -> str | None:
        return self._absolute(reverse("sessions:call-pdf", args=[obj.pk])) if obj.call_pdf else None

    def get_minutes_url(self, obj: Session) -> str | None:
        # The minutes (actas) belong to the decisions app; the link appears once a version is approved.
        if not getattr(obj, "published_minutes", None):
            return None
        return self._absolute(reverse("decisions:minutes", args=[obj.pk]))

    def get_url(self, obj: Session) -> str:
        return self._absolute(reverse("sessions:detail", args=[obj.pk]))

    def get_ics_url(self, obj: Session) -> str:
        return self._absolute(reverse("sessions:ics", args=[obj.pk]))


class SessionCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Session.Kind.choices)
    extended = serializers.BooleanField(default=False)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(required=False, allow_null=True)
    place = serializers.CharField(required=False, allow_blank=True, default="")
    video_link = serializers.URLField(required=False, allow_blank=True, default="")
    number = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    group = serializers.PrimaryKeyRelatedField(queryset=WorkingGroup.objects.all(), required=False, allow_null=True)
    subgroup = serializers.PrimaryKeyRelatedField(queryset=Subgroup.objects.all(), required=False, allow_null=True)
    request = serializers.PrimaryKeyRelatedField(
        queryset=ExtraordinarySessionRequest.objects.all(), required=False, allow_null=True
    )


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class RescheduleSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(required=False, allow_null=True)
    place = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    video_link = serializers.URLField(required=False, allow_blank=True, allow_null=True)
    reason = serializers.CharField()


class WithoutCallSerializer(serializers.Serializer):
    unanimous_agreement = serializers.BooleanField()


class AgendaInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=500)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    presenter = serializers.SlugRelatedField(
        slug_field="acronym", queryset=Entity.objects.all(), required=False, allow_null=True
    )


class AgreementInputSerializer(AgendaInputSerializer):
    votes_for = serializers.IntegerField(min_value=0)
    votes_against = serializers.IntegerField(min_value=0)
    abstentions = serializers.IntegerField(min_value=0, default=0)


class DecideSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    accept = serializers.BooleanField()


class FullAgendaItemSerializer(AgendaItemSerializer):
    proposed_by: serializers.SlugRelatedField[Entity] = serializers.SlugRelatedField(
        slug_field="acronym", read_only=True
    )

    class Meta(AgendaItemSerializer.Meta):
        fields = [*AgendaItemSerializer.Meta.fields, "status", "proposed_by", "proposed_at"]


class AttendanceSerializer(serializers.ModelSerializer):
    entity: serializers.SlugRelatedField[Entity] = serializers.SlugRelatedField(slug_field="acronym", read_only=True)
    entity_kind = serializers.CharField(source="entity.kind", read_only=True)
    person_name = serializers.CharField(source="person.__str__", read_only=True)
    role = serializers.CharField(source="designation.role", read_only=True, default=None)

    class Meta:
        model = Attendance
        fields = ["id", "person", "person_name", "entity", "entity_kind", "role", "signed_in_at", "left_at"]


class AttendanceInputSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True, help_text="Solo la ST registra a otra persona."
    )
    entity = serializers.SlugRelatedField(
        slug_field="acronym", queryset=Entity.objects.all(), required=False, allow_null=True
    )


class LeaveSerializer(serializers.Serializer):
    attendance = serializers.IntegerField()


class AbsenceInputSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    entity = serializers.SlugRelatedField(
        slug_field="acronym", queryset=Entity.objects.all(), required=False, allow_null=True
    )


class QuorumSerializer(serializers.Serializer):
    members_in_office = serializers.IntegerField()
    present = serializers.IntegerField()
    # DRF's metaclass moves declared fields out of the class namespace, so this field does not shadow
    # Field.required at runtime; the stubs see a plain class attribute that overrides a bool.
    required = serializers.IntegerField()  # type: ignore[assignment]
    has_quorum = serializers.BooleanField()
    missing = serializers.IntegerField()
    citation = serializers.CharField()
    tolerance_ends_at = serializers.DateTimeField()
    tolerance_elapsed = serializers.BooleanField()


class MessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = OutboundMessage
        fields = ["id", "kind", "recipient", "recipient_name", "subject", "status", "attempts", "last_error", "sent_at"]


class BackingSerializer(serializers.Serializer):
    entity = serializers.CharField(source="entity.acronym")
    person = serializers.CharField(source="designation.person.__str__")
    backed_at = serializers.DateTimeField()


class SessionRequestSerializer(serializers.ModelSerializer):
    backings = BackingSerializer(many=True, read_only=True)

    class Meta:
        model = ExtraordinarySessionRequest
        fields = ["id", "subject", "motive", "extended", "status", "created_at", "session", "backings"]
        read_only_fields = ["status", "created_at", "session", "backings"]


# Filters ---------------------------------------------------------------------------------------


class SessionFilter(django_filters.FilterSet):
    start = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__gte", label="Desde (fecha)")
    end = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__lte", label="Hasta (fecha)")
    kind = django_filters.ChoiceFilter(choices=Session.Kind.choices)
    state = django_filters.MultipleChoiceFilter(choices=Session.State.choices)
    extended = django_filters.BooleanFilter()
    group = django_filters.NumberFilter(field_name="group_id")
    modified_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Session
        fields = ["start", "end", "kind", "state", "extended", "group", "modified_since"]


# Views -----------------------------------------------------------------------------------------


class SessionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The session calendar (cancelled sessions stay listed as cancelled) and the session actions."""

    serializer_class = SessionSerializer
    permission_classes = [IsCommissionUser]
    pagination_class = CalendarPagination
    filterset_class = SessionFilter

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.session_list(user_roles=request_roles(self.request)).order_by("starts_at", "pk")

    def _session(self, pk: Any) -> Session:
        return services.access_session(user=self.request.user, session_id=int(pk))

    def _detail(self, session: Session, code: int = status.HTTP_200_OK) -> Response:
        session = self.get_queryset().get(pk=session.pk)
        return Response(SessionSerializer(session, context={"request": self.request}).data, status=code)

    @extend_schema(request=SessionCreateSerializer, responses={201: SessionSerializer})
    def create(self, request: Request) -> Response:
        data = SessionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = services.session_create(actor=request.user, **data.validated_data)
        return self._detail(session, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def call(self, request: Request, pk: Any = None) -> Response:
        """Call (convene) the session: checks the notice in business days (Art. 11) and e-mails everyone."""
        return self._detail(services.session_call(actor=request.user, session=self._session(pk)))

    @extend_schema(request=None, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request: Request, pk: Any = None) -> Response:
        """Install the session; refused without quorum (Art. 12)."""
        return self._detail(services.session_open(actor=request.user, session=self._session(pk)))

    @extend_schema(request=None, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: Any = None) -> Response:
        return self._detail(services.session_close(actor=request.user, session=self._session(pk)))

    @extend_schema(request=WithoutCallSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"], url_path="hold-without-call")
    def hold_without_call(self, request: Request, pk: Any = None) -> Response:
        """Art. 11: a session without a formal call, valid only with every member present and unanimous."""
        data = WithoutCallSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._detail(
            services.session_hold_without_call(actor=request.user, session=self._session(pk), **data.validated_data)
        )

    @extend_schema(request=ReasonSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def postpone(self, request: Request, pk: Any = None) -> Response:
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._detail(
            services.session_postpone(actor=request.user, session=self._session(pk), **data.validated_data)
        )

    @extend_schema(request=ReasonSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: Any = None) -> Response:
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._detail(
            services.session_cancel(actor=request.user, session=self._session(pk), **data.validated_data)
        )

    @extend_schema(request=RescheduleSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def reschedule(self, request: Request, pk: Any = None) -> Response:
        data = RescheduleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._detail(
            services.session_reschedule(actor=request.user, session=self._session(pk), **data.validated_data)
        )

    @extend_schema(methods=["GET"], request=None, responses=FullAgendaItemSerializer(many=True))
    @extend_schema(methods=["POST"], request=AgendaInputSerializer, responses={201: FullAgendaItemSerializer})
    @action(detail=True, methods=["get", "post"])
    def agenda(self, request: Request, pk: Any = None) -> Response:
        """List the agenda, or add to it: the ST writes a draft's agenda; members propose items or,
        after the call, request its extension within the window of Art. 11."""
        session = self._session(pk)
        if request.method == "GET":
            items = session.agenda_items.select_related("presenter", "proposed_by")
            return Response(FullAgendaItemSerializer(items, many=True).data)
        data = AgendaInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if services.can_manage(request_roles(request), session):
            item = services.agenda_item_add(actor=request.user, session=session, **data.validated_data)
        else:
            values = data.validated_data
            item = services.agenda_item_propose(
                actor=request.user, session=session, title=values["title"], description=values["description"]
            )
        return Response(FullAgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DecideSerializer, responses=FullAgendaItemSerializer)
    @action(detail=True, methods=["post"], url_path="agenda/decide")
    def agenda_decide(self, request: Request, pk: Any = None) -> Response:
        session = self._session(pk)
        data = DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = get_object_or_404(AgendaItem, pk=data.validated_data["item"], session=session)
        item = services.agenda_item_decide(actor=request.user, item=item, accept=data.validated_data["accept"])
        return Response(FullAgendaItemSerializer(item).data)

    @extend_schema(request=AgreementInputSerializer, responses={201: FullAgendaItemSerializer})
    @action(detail=True, methods=["post"], url_path="agenda/agreement")
    def agenda_agreement(self, request: Request, pk: Any = None) -> Response:
        """Extend the agenda on the day by a majority agreement of the session (Art. 11)."""
        data = AgreementInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.agenda_item_add_by_agreement(
            actor=request.user, session=self._session(pk), **data.validated_data
        )
        return Response(FullAgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], request=None, responses=AttendanceSerializer(many=True))
    @extend_schema(methods=["POST"], request=AttendanceInputSerializer, responses={201: AttendanceSerializer})
    @action(detail=True, methods=["get", "post"])
    def attendance(self, request: Request, pk: Any = None) -> Response:
        """The attendance list; POST signs the caller in (or, for the ST, records ``person``)."""
        session = self._session(pk)
        if request.method == "GET":
            return Response(AttendanceSerializer(selectors.attendance_list(session), many=True).data)
        data = AttendanceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person, entity = data.validated_data.get("person"), data.validated_data.get("entity")
        if person is not None and person.user_id != request.user.pk:
            attendance = services.attendance_record(actor=request.user, session=session, person=person, entity=entity)
        else:
            attendance = services.attendance_sign_in(actor=request.user, session=session, entity=entity)
        return Response(AttendanceSerializer(attendance).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LeaveSerializer, responses=AttendanceSerializer)
    @action(detail=True, methods=["post"], url_path="attendance/leave")
    def leave(self, request: Request, pk: Any = None) -> Response:
        session = self._session(pk)
        data = LeaveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        attendance = get_object_or_404(Attendance, pk=data.validated_data["attendance"], session=session)
        return Response(AttendanceSerializer(services.attendance_leave(actor=request.user, attendance=attendance)).data)

    @extend_schema(
        request=AbsenceInputSerializer,
        responses={
            201: inline_serializer(
                "AbsenceNotice", {"entity": serializers.CharField(), "on_time": serializers.BooleanField()}
            )
        },
    )
    @action(detail=True, methods=["post"])
    def absences(self, request: Request, pk: Any = None) -> Response:
        """Titular and alternate cannot attend (Art. 7.7 b); notices later than a day ahead are marked."""
        data = AbsenceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        notice = services.absence_notify(actor=request.user, session=self._session(pk), **data.validated_data)
        return Response({"entity": notice.entity.acronym, "on_time": notice.on_time}, status=status.HTTP_201_CREATED)

    @extend_schema(responses=QuorumSerializer)
    @action(detail=True, methods=["get"])
    def quorum(self, request: Request, pk: Any = None) -> Response:
        """Present and required member entities (Art. 12) and the tolerance after the called hour."""
        status_ = selectors.quorum_status(self._session(pk))
        return Response(
            QuorumSerializer(
                {
                    "members_in_office": status_.members_in_office,
                    "present": status_.present,
                    "required": status_.required,
                    "has_quorum": status_.has_quorum,
                    "missing": status_.missing,
                    "citation": status_.citation,
                    "tolerance_ends_at": status_.tolerance_ends_at,
                    "tolerance_elapsed": status_.tolerance_elapsed(),
                }
            ).data
        )

    @extend_schema(responses=MessageSerializer(many=True))
    @action(detail=True, methods=["get"])
    def messages(self, request: Request, pk: Any = None) -> Response:
        """The e-mails of the session and their state (Secretaría Técnica only)."""
        session = self._session(pk)
        services._require_secretariat(request.user)
        return Response(MessageSerializer(messages_for(session), many=True).data)

    @extend_schema(
        request=inline_serializer("Resend", {"message": serializers.IntegerField()}), responses=MessageSerializer
    )
    @action(detail=True, methods=["post"], url_path="messages/resend")
    def resend(self, request: Request, pk: Any = None) -> Response:
        session = self._session(pk)
        message = get_object_or_404(messages_for(session), pk=_body_value(request, "message"))
        return Response(MessageSerializer(outbox_resend(actor=request.user, message=message)).data)


class SessionRequestViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Requests of member entities for an extraordinary session, and their backings (Art. 10, 27)."""

    serializer_class = SessionRequestSerializer
    permission_classes = [IsCommissionUser]
    queryset = ExtraordinarySessionRequest.objects.prefetch_related("backings__entity", "backings__designation__person")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = SessionRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = services.session_request_create(actor=request.user, **data.validated_data)
        return Response(SessionRequestSerializer(self.get_queryset().get(pk=created.pk)).data, status=201)

    @extend_schema(
        request=inline_serializer("BackingInput", {"entity": serializers.CharField(required=False)}),
        responses=SessionRequestSerializer,
    )
    @action(detail=True, methods=["post"])
    def back(self, request: Request, pk: Any = None) -> Response:
        """Back the request in the name of the caller's member entity (once per entity)."""
        item = get_object_or_404(ExtraordinarySessionRequest, pk=pk)
        entity = _body_value(request, "entity")
        services.session_request_back(
            actor=request.user,
            request=item,
            entity=get_object_or_404(Entity, acronym__iexact=entity) if entity else None,
        )
        return Response(SessionRequestSerializer(self.get_queryset().get(pk=item.pk)).data)
