"""REST API of the decisions app. Views are thin: every permission and rule check is in services."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from members.models import Entity, Person
from members.roles import request_roles
from mtigm.core.api import IsCommissionUser
from sessions.models import AgendaItem, Session

from . import selectors, services
from .models import Agreement, Application, Ballot, Choice, DecisionKind, Minutes, MinutesSignature, Vote


class VoteSerializer(serializers.ModelSerializer):
    entity: serializers.SlugRelatedField[Entity] = serializers.SlugRelatedField(slug_field="acronym", read_only=True)
    person: serializers.StringRelatedField[Person] = serializers.StringRelatedField()

    class Meta:
        model = Vote
        fields = ["entity", "person", "role", "choice", "cast_at"]


class BallotSerializer(serializers.ModelSerializer):
    kind: serializers.SlugRelatedField[DecisionKind] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    votes_cast = serializers.SerializerMethodField()
    agreement = serializers.SerializerMethodField()

    class Meta:
        model = Ballot
        fields = [
            "id",
            "session",
            "agenda_item",
            "kind",
            "text",
            "method",
            "state",
            "opened_at",
            "rule_key",
            "rule_citation",
            "votes_cast",
            "closed_at",
            "members_in_office",
            "present_count",
            "yes_count",
            "no_count",
            "abstain_count",
            "required_yes",
            "outcome",
            "casting_vote",
            "casting_role",
            "casting_at",
            "agreement",
        ]

    def get_votes_cast(self, ballot: Ballot) -> int:
        return getattr(ballot, "votes_cast", None) or ballot.votes.count()

    def get_agreement(self, ballot: Ballot) -> int | None:
        agreement = getattr(ballot, "agreement", None)
        return agreement.pk if agreement else None


class BallotOpenSerializer(serializers.Serializer):
    agenda_item = serializers.PrimaryKeyRelatedField(queryset=AgendaItem.objects.all())
    text = serializers.CharField()
    kind = serializers.SlugRelatedField(slug_field="code", queryset=DecisionKind.objects.all(), required=False)


class VoteCastSerializer(serializers.Serializer):
    choice = serializers.ChoiceField(choices=Choice.choices)
    entity = serializers.PrimaryKeyRelatedField(queryset=Entity.objects.all(), required=False)


class CastingVoteSerializer(serializers.Serializer):
    choice = serializers.ChoiceField(choices=[Choice.YES, Choice.NO])


class BallotProgressSerializer(serializers.Serializer):
    voted = serializers.IntegerField()
    eligible = serializers.IntegerField()
    state = serializers.CharField()


class BallotViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Motions put to the vote. How each entity voted is shown only once the ballot is closed."""

    permission_classes = [IsCommissionUser]
    serializer_class = BallotSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        queryset = (
            Ballot.objects.select_related("kind", "agreement")
            .annotate(votes_cast=Count("votes"))
            .order_by("-opened_at")
        )
        session = self.request.query_params.get("session")
        if session and session.isdigit():
            queryset = queryset.filter(session_id=int(session))
        return queryset

    @extend_schema(
        parameters=[OpenApiParameter("session", int, description="Filtrar por sesión")],
    )
    def list(self, request, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        return super().list(request, *args, **kwargs)

    @extend_schema(request=BallotOpenSerializer, responses={201: BallotSerializer})
    def create(self, request):  # type: ignore[no-untyped-def]
        data = BallotOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ballot = services.ballot_open(actor=request.user, **data.validated_data)
        return Response(BallotSerializer(ballot).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=VoteCastSerializer, responses={201: VoteSerializer})
    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):  # type: ignore[no-untyped-def]
        data = VoteCastSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        vote = services.vote_cast(actor=request.user, ballot=self.get_object(), **data.validated_data)
        return Response(VoteSerializer(vote).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: BallotSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):  # type: ignore[no-untyped-def]
        ballot = services.ballot_close(actor=request.user, ballot=self.get_object())
        return Response(BallotSerializer(ballot).data)

    @extend_schema(request=CastingVoteSerializer, responses={200: BallotSerializer})
    @action(detail=True, methods=["post"], url_path="casting-vote")
    def casting_vote(self, request, pk=None):  # type: ignore[no-untyped-def]
        data = CastingVoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ballot = services.ballot_cast_deciding_vote(
            actor=request.user, ballot=self.get_object(), choice=data.validated_data["choice"]
        )
        return Response(BallotSerializer(ballot).data)

    @extend_schema(responses={200: BallotProgressSerializer})
    @action(detail=True, methods=["get"])
    def progress(self, request, pk=None):  # type: ignore[no-untyped-def]
        progress = selectors.ballot_progress(self.get_object())
        return Response({"voted": progress.voted, "eligible": progress.eligible, "state": progress.state})

    @extend_schema(responses={200: VoteSerializer(many=True)})
    @action(detail=True, methods=["get"], url_path="roll-call")
    def roll_call(self, request, pk=None):  # type: ignore[no-untyped-def]
        ballot = self.get_object()
        if not ballot.is_closed:
            return Response(
                {"detail": "La votación nominal se muestra al cerrarse la votación."}, status=status.HTTP_409_CONFLICT
            )
        return Response(VoteSerializer(selectors.roll_call(ballot), many=True).data)


class AgreementSerializer(serializers.ModelSerializer):
    session_title = serializers.CharField(source="session.title", read_only=True)
    session_date = serializers.SerializerMethodField()
    owner = serializers.SlugRelatedField(slug_field="acronym", queryset=Entity.objects.all(), allow_null=True)
    reference = serializers.CharField(read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "reference",
            "session",
            "session_title",
            "session_date",
            "number",
            "text",
            "method",
            "yes_count",
            "no_count",
            "abstain_count",
            "decided_by_casting_vote",
            "owner",
            "due_date",
            "status",
            "status_note",
            "public",
            "certified_at",
        ]
        read_only_fields = [
            "session",
            "number",
            "text",
            "method",
            "yes_count",
            "no_count",
            "abstain_count",
            "decided_by_casting_vote",
            "certified_at",
        ]

    def get_session_date(self, agreement: Agreement) -> str:
        return selectors.session_day(agreement.session).isoformat()


class IsCommissionUserOrPublicRead(permissions.BasePermission):
    """Anyone reads public agreements; commission users read all and act through services."""

    def has_permission(self, request, view) -> bool:  # type: ignore[no-untyped-def]
        if request.method in permissions.SAFE_METHODS:
            return True
        return IsCommissionUser().has_permission(request, view)


class AgreementViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """Agreements and their follow-up. Anonymous clients see public agreements only."""

    permission_classes = [IsCommissionUserOrPublicRead]
    serializer_class = AgreementSerializer
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        roles = request_roles(self.request)
        queryset = selectors.agreement_list(public_only=not roles.roles)
        params = self.request.query_params
        if params.get("status") in Agreement.Status.values:
            queryset = queryset.filter(status=params["status"])
        if (params.get("session") or "").isdigit():
            queryset = queryset.filter(session_id=int(params["session"]))
        if params.get("open") == "1":
            queryset = queryset.exclude(status=Agreement.Status.DONE)
        return queryset

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=Agreement.Status.values),
            OpenApiParameter("session", int),
            OpenApiParameter("open", str, description="1: solo acuerdos no cumplidos"),
        ]
    )
    def list(self, request, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        return super().list(request, *args, **kwargs)

    def perform_update(self, serializer):  # type: ignore[no-untyped-def]
        fields = {k: v for k, v in serializer.validated_data.items() if k in services.AGREEMENT_EDITABLE}
        serializer.instance = services.agreement_update(
            actor=self.request.user, agreement=serializer.instance, **fields
        )

    @extend_schema(request=None, responses={200: AgreementSerializer})
    @action(detail=True, methods=["post"])
    def certify(self, request, pk=None):  # type: ignore[no-untyped-def]
        agreement = services.agreement_certify(actor=request.user, agreement=self.get_object())
        return Response(AgreementSerializer(agreement).data)


class SignatureSerializer(serializers.ModelSerializer):
    person: serializers.StringRelatedField[Person] = serializers.StringRelatedField()
    entity: serializers.SlugRelatedField[Entity] = serializers.SlugRelatedField(slug_field="acronym", read_only=True)

    class Meta:
        model = MinutesSignature
        fields = ["person", "entity", "capacity", "role", "signed_at", "content_hash"]


class MinutesSerializer(serializers.ModelSerializer):
    signatures = SignatureSerializer(many=True, read_only=True)
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Minutes
        fields = [
            "id",
            "session",
            "version",
            "supersedes",
            "correction_reason",
            "state",
            "content",
            "observations",
            "content_hash",
            "approved_at",
            "approved_in_session",
            "pdf_status",
            "pdf_progress",
            "pdf_url",
            "sent_at",
            "signatures",
        ]

    def get_pdf_url(self, minutes: Minutes) -> str | None:
        request = self.context.get("request")
        if not minutes.pdf or request is None:
            return None
        from django.urls import reverse

        return request.build_absolute_uri(reverse("decisions:minutes-pdf", args=[minutes.pk]))


class MinutesDraftSerializer(serializers.Serializer):
    session = serializers.PrimaryKeyRelatedField(queryset=Session.objects.all())


class MinutesUpdateSerializer(serializers.Serializer):
    summaries = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    observations = serializers.CharField(allow_blank=True, required=False)


class MinutesApproveSerializer(serializers.Serializer):
    in_session = serializers.PrimaryKeyRelatedField(queryset=Session.objects.all())


class MinutesCorrectSerializer(serializers.Serializer):
    reason = serializers.CharField()


class MinutesViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Minutes (actas): draft, approval, signatures, PDF rendering and delivery (Art. 14)."""

    permission_classes = [IsCommissionUser]
    serializer_class = MinutesSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        queryset = Minutes.objects.prefetch_related("signatures__person", "signatures__entity").order_by(
            "-session__starts_at", "-version"
        )
        session = self.request.query_params.get("session")
        if session and session.isdigit():
            queryset = queryset.filter(session_id=int(session))
        return queryset

    @extend_schema(request=MinutesDraftSerializer, responses={201: MinutesSerializer})
    def create(self, request):  # type: ignore[no-untyped-def]
        data = MinutesDraftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        minutes = services.minutes_draft(actor=request.user, session=data.validated_data["session"])
        return Response(self.get_serializer(minutes).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MinutesUpdateSerializer, responses={200: MinutesSerializer})
    def partial_update(self, request, pk=None):  # type: ignore[no-untyped-def]
        data = MinutesUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        minutes = services.minutes_update(actor=request.user, minutes=self.get_object(), **data.validated_data)
        return Response(self.get_serializer(minutes).data)

    @extend_schema(request=MinutesApproveSerializer, responses={200: MinutesSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):  # type: ignore[no-untyped-def]
        data = MinutesApproveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        minutes = services.minutes_approve(actor=request.user, minutes=self.get_object(), **data.validated_data)
        return Response(self.get_serializer(minutes).data)

    @extend_schema(request=None, responses={201: SignatureSerializer})
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):  # type: ignore[no-untyped-def]
        signature = services.minutes_sign(
            actor=request.user, minutes=self.get_object(), ip_address=request.META.get("REMOTE_ADDR")
        )
        return Response(SignatureSerializer(signature).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={202: MinutesSerializer})
    @action(detail=True, methods=["post"])
    def render(self, request, pk=None):  # type: ignore[no-untyped-def]
        minutes = services.minutes_request_pdf(actor=request.user, minutes=self.get_object())
        return Response(self.get_serializer(minutes).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=None, responses={200: inline_serializer("MinutesSent", {"queued": serializers.IntegerField()})}
    )
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):  # type: ignore[no-untyped-def]
        return Response({"queued": services.minutes_send(actor=request.user, minutes=self.get_object())})

    @extend_schema(request=MinutesCorrectSerializer, responses={201: MinutesSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):  # type: ignore[no-untyped-def]
        data = MinutesCorrectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        minutes = services.minutes_correct(actor=request.user, minutes=self.get_object(), **data.validated_data)
        return Response(self.get_serializer(minutes).data, status=status.HTTP_201_CREATED)


class ApplicationSerializer(serializers.ModelSerializer):
    backers = serializers.SlugRelatedField(
        slug_field="acronym", many=True, queryset=Entity.objects.all(), required=False
    )
    entity = serializers.PrimaryKeyRelatedField(queryset=Entity.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "kind",
            "state",
            "title",
            "reasons",
            "received_on",
            "requested_by_presidency",
            "backers",
            "name",
            "acronym",
            "entity",
            "applicant_email",
            "group",
            "subgroup",
            "support_commission",
            "norm",
            "certificate_issued_on",
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
            "purpose",
            "purpose_migration_related",
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
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True)
    position = serializers.CharField(required=False, allow_blank=True)
    resolution_number = serializers.CharField(required=False, allow_blank=True)


class AcceptSerializer(serializers.Serializer):
    accepted_on = serializers.DateField()
    titular = DesignatedRepresentativeSerializer()
    alternate = DesignatedRepresentativeSerializer()


class DecreeSerializer(serializers.Serializer):
    decree_state = serializers.ChoiceField(choices=["pending", "in_process", "issued"])
    reference = serializers.CharField(required=False, allow_blank=True)


class ApplicationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Requests that end in a vote: admissions, agencies, CSOs, groups, coordinators, directives."""

    permission_classes = [IsCommissionUser]
    serializer_class = ApplicationSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.application_list().prefetch_related("backers")

    def perform_create(self, serializer):  # type: ignore[no-untyped-def]
        data = dict(serializer.validated_data)
        backers = data.pop("backers", [])
        kind = data.pop("kind")
        serializer.instance = services.application_submit(actor=self.request.user, kind=kind, backers=backers, **data)

    @extend_schema(request=ScheduleSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def schedule(self, request, pk=None):  # type: ignore[no-untyped-def]
        data = ScheduleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = services.application_schedule(
            actor=request.user, application=self.get_object(), session=data.validated_data["session"]
        )
        return Response(ApplicationSerializer(application).data)

    @extend_schema(request=None, responses={201: BallotSerializer})
    @action(detail=True, methods=["post"], url_path="open-ballot")
    def open_ballot(self, request, pk=None):  # type: ignore[no-untyped-def]
        ballot = services.application_open_ballot(actor=request.user, application=self.get_object())
        return Response(BallotSerializer(ballot).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def back(self, request, pk=None):  # type: ignore[no-untyped-def]
        application = services.application_back(actor=request.user, application=self.get_object())
        return Response(ApplicationSerializer(application).data)

    @extend_schema(request=AcceptSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):  # type: ignore[no-untyped-def]
        data = AcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = services.application_accept(
            actor=request.user, application=self.get_object(), **data.validated_data
        )
        return Response(ApplicationSerializer(application).data)

    @extend_schema(request=DecreeSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def decree(self, request, pk=None):  # type: ignore[no-untyped-def]
        data = DecreeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = services.application_set_decree(
            actor=request.user, application=self.get_object(), **data.validated_data
        )
        return Response(ApplicationSerializer(application).data)
