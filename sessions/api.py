"""REST API of the sessions app: the calendar for other systems and every action of the UI.

Each action fetches its session through the access layer (404 hidden, 403 not the caller's) and
calls the same service as the browser, so the permission checks and the rules with their citations
are the same; errors come back as 400 (rule and citation), 409 (state conflict), 403 or 404.
"""

from __future__ import annotations

import hashlib
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from members.api import AcronymField
from members.models import Entity, Person, Subgroup, WorkingGroup
from mtigm.core import access
from mtigm.core.api import UtcDateTimeFilter, model_text
from mtigm.core.models import OutboundMessage
from mtigm.core.outbox import messages_for, outbox_resend
from mtigm.core.versioned import versioned

from . import selectors, services
from .access import access_agenda_item, access_attendance, access_session, access_session_request
from .models import AbsenceNotice, AgendaItem, Attendance, ExtraordinarySessionRequest, Session, to_roman


class CalendarPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


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
        # One item serializer for the whole page: building one per session (its fields copied each
        # time) was most of the cost of a calendar page.
        child = self._agenda_item_serializer()
        return [child.to_representation(item) for item in items]

    def _agenda_item_serializer(self) -> AgendaItemSerializer:
        cache = self._page_cache()
        if "agenda_item" not in cache:
            cache["agenda_item"] = AgendaItemSerializer(context=self.context)
        return cache["agenda_item"]

    def _page_cache(self) -> dict[Any, Any]:
        # The list serializer builds one child for the page; a single session is serialised on its own.
        # Either way what is computed once lives on the outermost serializer of this answer.
        root: Any = self.parent if self.parent is not None else self
        cache = getattr(root, "_mtigm_page_cache", None)
        if cache is None:
            cache = root._mtigm_page_cache = {}
        return cache

    def _link(self, name: str, pk: int) -> str:
        """The absolute URL of route ``name`` for session ``pk``: reversed and made absolute once per
        answer, then completed with each session's id (four links a row, fifty rows a page)."""
        cache = self._page_cache()
        key = ("link", name)
        if key not in cache:
            path = reverse(name, args=[LINK_PLACEHOLDER])
            request = self.context.get("request")
            cache[key] = (request.build_absolute_uri(path) if request else path).rsplit(str(LINK_PLACEHOLDER), 1)
        prefix, suffix = cache[key]
        return f"{prefix}{pk}{suffix}"

    def get_call_pdf_url(self, obj: Session) -> str | None:
        return self._link("sessions:call-pdf", obj.pk) if obj.call_pdf else None

    def get_minutes_url(self, obj: Session) -> str | None:
        # The minutes (actas) belong to the decisions app; the link appears once a version is approved.
        if not getattr(obj, "published_minutes", None):
            return None
        return self._link("decisions:minutes", obj.pk)

    def get_url(self, obj: Session) -> str:
        return self._link("sessions:detail", obj.pk)

    def get_ics_url(self, obj: Session) -> str:
        return self._link("sessions:ics", obj.pk)


# Part of the calendar API's ETag: change it when the answer's shape changes.
CALENDAR_FORMAT = "1"
CALENDAR_CACHE_SECONDS = 300

# A session id no real URL contains twice: reversed once, then replaced by each session's id.
LINK_PLACEHOLDER = 987654321


class SessionCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Session.Kind.choices)
    extended = serializers.BooleanField(default=False)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(required=False, allow_null=True)
    place = model_text(Session, "place", required=False, allow_blank=True, default="")
    video_link = serializers.URLField(required=False, allow_blank=True, default="")
    number = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    group = serializers.PrimaryKeyRelatedField(queryset=WorkingGroup.objects.all(), required=False, allow_null=True)
    subgroup = serializers.PrimaryKeyRelatedField(queryset=Subgroup.objects.all(), required=False, allow_null=True)
    request = serializers.PrimaryKeyRelatedField(
        queryset=ExtraordinarySessionRequest.objects.all(), required=False, allow_null=True
    )


class ReasonSerializer(serializers.Serializer):
    reason = model_text(Session, "state_reason")


class RescheduleSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(required=False, allow_null=True)
    place = model_text(Session, "place", required=False, allow_blank=True, allow_null=True)
    video_link = serializers.URLField(required=False, allow_blank=True, allow_null=True)
    reason = model_text(Session, "state_reason")


class WithoutCallSerializer(serializers.Serializer):
    unanimous_agreement = serializers.BooleanField()


class AgendaInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=500)
    description = model_text(AgendaItem, "description", required=False, allow_blank=True, default="")
    presenter = AcronymField(required=False, allow_null=True)


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
    entity = AcronymField(required=False, allow_null=True)


class LeaveSerializer(serializers.Serializer):
    attendance = serializers.IntegerField()


class AbsenceInputSerializer(serializers.Serializer):
    reason = model_text(AbsenceNotice, "reason", required=False, allow_blank=True, default="")
    entity = AcronymField(required=False, allow_null=True)


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


class ResendSerializer(serializers.Serializer):
    message = serializers.IntegerField()


class BackingInputSerializer(serializers.Serializer):
    entity = AcronymField(required=False, allow_null=True)


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
    modified_since = UtcDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Session
        fields = ["start", "end", "kind", "state", "extended", "group", "modified_since"]


# Views -----------------------------------------------------------------------------------------


class SessionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The session calendar (cancelled sessions stay listed as cancelled) and the session actions."""

    serializer_class = SessionSerializer
    # Set per action (resend); ScopedRateThrottle leaves the others alone.
    throttle_scope: str | None = None
    pagination_class = CalendarPagination
    filterset_class = SessionFilter

    def get_queryset(self) -> QuerySet[Session]:
        return selectors.visible_sessions(access.request_roles(self.request)).order_by("starts_at", "pk")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The calendar, as calendar clients poll it: conditional (ETag, Last-Modified) and cached.

        One aggregate query says which version of the caller's filtered calendar this is
        (``selectors.calendar_version``); a client that has it gets 304, and a page once built is
        served from the cache until a session changes. The cache key holds everything the page
        depends on: what the caller may see (their roles that day), the filters and page asked
        for, the address the links are built on and the answer's format.
        """
        sessions = self.get_queryset()
        # Calendar clients mostly ask for pages with no filter: building the filter form for them
        # costs more than the rest of a cached answer, and filters nothing.
        if any(name in request.query_params for name in SessionFilter.base_filters):
            sessions = self.filter_queryset(sessions)
        version = selectors.calendar_version(sessions)
        user_roles = access.request_roles(request)
        fingerprint = "|".join(
            [
                CALENDAR_FORMAT,
                request.build_absolute_uri(),
                request.accepted_media_type or "",
                str(request.version or ""),
                repr(user_roles.fingerprint()),
                repr(sorted(version.items())),
            ]
        )
        etag = f'"{hashlib.sha256(fingerprint.encode()).hexdigest()[:32]}"'
        timestamp = int(version["last"].timestamp()) if version["last"] else None
        response: Any = get_conditional_response(request._request, etag=etag, last_modified=timestamp)
        if response is None:
            renderer = request.accepted_renderer
            as_json = isinstance(renderer, JSONRenderer)

            def build() -> Any:
                page = self.paginate_queryset(sessions)
                data = self.get_paginated_response(self.get_serializer(page, many=True).data).data
                # JSON is kept rendered (the bytes the client gets); the browsable API renders anew.
                if as_json:
                    return renderer.render(data, request.accepted_media_type, self.get_renderer_context())
                return data

            # A short life bounds what no session's updated_at records (an entity's new acronym).
            content = versioned(f"mtigm:calendar-api:{etag.strip(chr(34))}", build, timeout=CALENDAR_CACHE_SECONDS)
            response = HttpResponse(content, content_type=renderer.media_type) if as_json else Response(content)
        response["ETag"] = etag
        if timestamp is not None:
            response["Last-Modified"] = http_date(timestamp)
        response["Cache-Control"] = "private, no-cache"
        return response

    def _session(self, pk: Any, action: str = "view") -> Session:
        return access_session(self.request.user, pk, action=action)

    def _detail(self, session: Session, code: int = status.HTTP_200_OK) -> Response:
        session = self.get_queryset().get(pk=session.pk)
        return Response(SessionSerializer(session, context={"request": self.request}).data, status=code)

    def _manage(self, pk: Any) -> Session:
        return self._session(pk, "session.manage")

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
        return self._detail(services.session_call(actor=request.user, session=self._manage(pk)))

    @extend_schema(request=None, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request: Request, pk: Any = None) -> Response:
        """Install the session; refused without quorum (Art. 12)."""
        return self._detail(services.session_open(actor=request.user, session=self._manage(pk)))

    @extend_schema(request=None, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: Any = None) -> Response:
        return self._detail(services.session_close(actor=request.user, session=self._manage(pk)))

    @extend_schema(request=WithoutCallSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"], url_path="hold-without-call")
    def hold_without_call(self, request: Request, pk: Any = None) -> Response:
        """Art. 11: a session without a formal call, valid only with every member present and unanimous."""
        session = self._manage(pk)
        data = WithoutCallSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._detail(
            services.session_hold_without_call(actor=request.user, session=session, **data.validated_data)
        )

    @extend_schema(request=ReasonSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def postpone(self, request: Request, pk: Any = None) -> Response:
        session = self._manage(pk)
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._detail(services.session_postpone(actor=request.user, session=session, **data.validated_data))

    @extend_schema(request=ReasonSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: Any = None) -> Response:
        session = self._manage(pk)
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._detail(services.session_cancel(actor=request.user, session=session, **data.validated_data))

    @extend_schema(request=RescheduleSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def reschedule(self, request: Request, pk: Any = None) -> Response:
        session = self._manage(pk)
        data = RescheduleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._detail(services.session_reschedule(actor=request.user, session=session, **data.validated_data))

    @extend_schema(methods=["GET"], request=None, responses=FullAgendaItemSerializer(many=True))
    @extend_schema(methods=["POST"], request=AgendaInputSerializer, responses={201: FullAgendaItemSerializer})
    @action(detail=True, methods=["get", "post"])
    def agenda(self, request: Request, pk: Any = None) -> Response:
        """List the agenda, or add to it: the ST writes a draft's agenda; members propose items or,
        after the call, request its extension within the window of Art. 11."""
        if request.method == "GET":
            session = self._session(pk)
            items = session.agenda_items.select_related("presenter", "proposed_by")
            return Response(FullAgendaItemSerializer(items, many=True).data)
        session = self._session(pk, "session.agenda")
        data = AgendaInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if access.can(access.request_roles(request), "session.manage", session):
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
        session = self._manage(pk)
        data = DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = access_agenda_item(request.user, data.validated_data["item"], session=session)
        item = services.agenda_item_decide(actor=request.user, item=item, accept=data.validated_data["accept"])
        return Response(FullAgendaItemSerializer(item).data)

    @extend_schema(request=AgreementInputSerializer, responses={201: FullAgendaItemSerializer})
    @action(detail=True, methods=["post"], url_path="agenda/agreement")
    def agenda_agreement(self, request: Request, pk: Any = None) -> Response:
        """Extend the agenda on the day by a majority agreement of the session (Art. 11)."""
        session = self._manage(pk)
        data = AgreementInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.agenda_item_add_by_agreement(actor=request.user, session=session, **data.validated_data)
        return Response(FullAgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], request=None, responses=AttendanceSerializer(many=True))
    @extend_schema(methods=["POST"], request=AttendanceInputSerializer, responses={201: AttendanceSerializer})
    @action(detail=True, methods=["get", "post"])
    def attendance(self, request: Request, pk: Any = None) -> Response:
        """The attendance list; POST signs the caller in (or, for the ST, records ``person``)."""
        if request.method == "GET":
            session = self._session(pk, "proceedings.view")
            return Response(AttendanceSerializer(selectors.attendance_list(session), many=True).data)
        session = self._session(pk, "session.attendance")
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
        attendance = access_attendance(request.user, data.validated_data["attendance"], session=session)
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
        session = self._session(pk)
        data = AbsenceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        notice = services.absence_notify(actor=request.user, session=session, **data.validated_data)
        return Response({"entity": notice.entity.acronym, "on_time": notice.on_time}, status=status.HTTP_201_CREATED)

    @extend_schema(responses=QuorumSerializer)
    @action(detail=True, methods=["get"])
    def quorum(self, request: Request, pk: Any = None) -> Response:
        """Present and required member entities (Art. 12) and the tolerance after the called hour."""
        status_ = selectors.quorum_status(self._session(pk, "proceedings.view"))
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
        session = self._session(pk, "session.messages")
        return Response(MessageSerializer(messages_for(session), many=True).data)

    @extend_schema(request=ResendSerializer, responses=MessageSerializer)
    @action(detail=True, methods=["post"], url_path="messages/resend", throttle_scope="resend")
    def resend(self, request: Request, pk: Any = None) -> Response:
        session = self._session(pk, "session.messages")
        data = ResendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        message = access.fetch(
            request.user,
            "outbox_message",
            messages_for(session),
            pk=data.validated_data["message"],
            action="outbox.resend",
        )
        return Response(MessageSerializer(outbox_resend(actor=request.user, message=message)).data)


class SessionRequestFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ExtraordinarySessionRequest.Status.choices)
    extended = django_filters.BooleanFilter()

    class Meta:
        model = ExtraordinarySessionRequest
        fields = ["status", "extended"]


class SessionRequestViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Requests of member entities for an extraordinary session, and their backings (Art. 10, 27)."""

    serializer_class = SessionRequestSerializer
    filterset_class = SessionRequestFilter

    def get_queryset(self) -> QuerySet[ExtraordinarySessionRequest]:
        queryset = ExtraordinarySessionRequest.objects.prefetch_related(
            "backings__entity", "backings__designation__person"
        ).order_by("-created_at")
        return access.scope_visible(queryset, access.request_roles(self.request), "session_request")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = SessionRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = services.session_request_create(actor=request.user, **data.validated_data)
        return Response(SessionRequestSerializer(self.get_queryset().get(pk=created.pk)).data, status=201)

    @extend_schema(request=BackingInputSerializer, responses=SessionRequestSerializer)
    @action(detail=True, methods=["post"])
    def back(self, request: Request, pk: Any = None) -> Response:
        """Back the request in the name of the caller's member entity (once per entity)."""
        item = access_session_request(request.user, pk)
        data = BackingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.session_request_back(actor=request.user, request=item, entity=data.validated_data.get("entity"))
        return Response(SessionRequestSerializer(self.get_queryset().get(pk=item.pk)).data)
