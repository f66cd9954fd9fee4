"""REST API of ballots. How each entity voted is shown only once the ballot is closed."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from members.models import Entity, Person
from mtigm.core import access
from mtigm.core.api import SlugRelatedField, model_text
from mtigm.core.errors import StateConflict
from sessions.access import access_agenda_item

from ..models import Ballot, Choice, DecisionKind, Vote
from . import selectors, services
from .access import access_ballot


class VoteSerializer(serializers.ModelSerializer):
    entity: serializers.SlugRelatedField[Entity] = serializers.SlugRelatedField(slug_field="acronym", read_only=True)
    person: serializers.StringRelatedField[Person] = serializers.StringRelatedField()

    class Meta:
        model = Vote
        fields = ["entity", "person", "role", "choice", "cast_at", "method", "reasons", "cast_by"]

    cast_by: serializers.StringRelatedField[Any] = serializers.StringRelatedField()


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
    # An id, fetched through the access layer: an item the user may not see is a 404, as anywhere.
    agenda_item = serializers.IntegerField(min_value=1)
    text = model_text(Ballot, "text")
    kind = SlugRelatedField(slug_field="code", queryset=DecisionKind.objects.all(), required=False)


class VoteCastSerializer(serializers.Serializer):
    choice = serializers.ChoiceField(choices=Choice.choices)
    entity = serializers.PrimaryKeyRelatedField(queryset=Entity.objects.all(), required=False)
    reasons = model_text(Vote, "reasons", required=False, allow_blank=True)


class RoomVoteSerializer(serializers.Serializer):
    entity = SlugRelatedField(slug_field="acronym", queryset=Entity.objects.all())
    choice = serializers.ChoiceField(choices=Choice.choices)
    reasons = model_text(Vote, "reasons", required=False, allow_blank=True)


class RoomVotesSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=[Vote.Method.ROLL_CALL, Vote.Method.SHOW_OF_HANDS])
    votes = RoomVoteSerializer(many=True, allow_empty=False)


class CastingVoteSerializer(serializers.Serializer):
    choice = serializers.ChoiceField(choices=[Choice.YES, Choice.NO])


class BallotProgressSerializer(serializers.Serializer):
    voted = serializers.IntegerField()
    eligible = serializers.IntegerField()
    state = serializers.CharField()


class BallotFilter(django_filters.FilterSet):
    session = django_filters.NumberFilter(field_name="session_id", label="Sesión")
    state = django_filters.ChoiceFilter(choices=Ballot.State.choices)

    class Meta:
        model = Ballot
        fields = ["session", "state"]


class BallotViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Motions put to the vote. How each entity voted is shown only once the ballot is closed."""

    serializer_class = BallotSerializer
    filterset_class = BallotFilter

    def get_queryset(self) -> QuerySet[Ballot]:
        queryset = (
            Ballot.objects.select_related("kind", "agreement", "session__subgroup")
            .annotate(votes_cast=Count("votes"))
            .order_by("-opened_at")
        )
        return access.scope_visible(queryset, access.request_roles(self.request), "ballot")

    @extend_schema(request=BallotOpenSerializer, responses={201: BallotSerializer})
    def create(self, request: Request) -> Response:
        data = BallotOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        item = access_agenda_item(request.user, fields.pop("agenda_item"))
        ballot = services.ballot_open(actor=request.user, agenda_item=item, **fields)
        return Response(BallotSerializer(ballot).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=VoteCastSerializer, responses={201: VoteSerializer})
    @action(detail=True, methods=["post"])
    def vote(self, request: Request, pk: Any = None) -> Response:
        data = VoteCastSerializer(data=request.data)
        if not data.is_valid():
            access_ballot(request.user, pk)  # a hidden ballot answers 404 before anything is said of the payload
            raise serializers.ValidationError(data.errors)
        # The service reads the ballot once, locked, through the access layer (404 hidden, 403 not the
        # voter's); the vote it returns carries its entity and person, so the answer reads nothing more.
        vote = services.vote_cast(actor=request.user, ballot=pk, **data.validated_data)
        return Response(VoteSerializer(vote).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RoomVotesSerializer, responses={201: VoteSerializer(many=True)})
    @action(detail=True, methods=["post"], url_path="room-votes")
    def room_votes(self, request: Request, pk: Any = None) -> Response:
        """The ST records the votes said aloud in the room (roll-call or show of hands), all or none."""
        ballot = access_ballot(request.user, pk, action="ballot.run")
        data = RoomVotesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        votes = services.ballot_record_room_votes(
            actor=request.user,
            ballot=ballot,
            method=data.validated_data["method"],
            votes=[(v["entity"], v["choice"], v.get("reasons", "")) for v in data.validated_data["votes"]],
        )
        return Response(VoteSerializer(votes, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: BallotSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: Any = None) -> Response:
        ballot = services.ballot_close(actor=request.user, ballot=access_ballot(request.user, pk, action="ballot.run"))
        return Response(BallotSerializer(ballot).data)

    @extend_schema(request=CastingVoteSerializer, responses={200: BallotSerializer})
    @action(detail=True, methods=["post"], url_path="casting-vote")
    def casting_vote(self, request: Request, pk: Any = None) -> Response:
        ballot = access_ballot(request.user, pk)
        data = CastingVoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ballot = services.ballot_cast_deciding_vote(
            actor=request.user, ballot=ballot, choice=data.validated_data["choice"]
        )
        return Response(BallotSerializer(ballot).data)

    @extend_schema(responses={200: BallotProgressSerializer})
    @action(detail=True, methods=["get"])
    def progress(self, request: Request, pk: Any = None) -> Response:
        progress = selectors.ballot_progress(access_ballot(request.user, pk))
        return Response({"voted": progress.voted, "eligible": progress.eligible, "state": progress.state})

    @extend_schema(responses={200: VoteSerializer(many=True)})
    @action(detail=True, methods=["get"], url_path="roll-call")
    def roll_call(self, request: Request, pk: Any = None) -> Response:
        ballot = access_ballot(request.user, pk)
        if not ballot.is_closed:
            raise StateConflict(_("La votación nominal se muestra al cerrarse la votación."), code="ballot_open")
        return Response(VoteSerializer(selectors.roll_call(ballot), many=True).data)
