"""REST API of the minutes (actas): draft, approval, signatures, PDF rendering and delivery (Art. 14)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from members.models import Entity, Person
from mtigm.core import access
from mtigm.core.api import model_text
from sessions.models import AgendaItem, Session

from ..models import Minutes, MinutesSignature
from . import services
from .access import access_minutes


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
    summaries = serializers.DictField(child=model_text(AgendaItem, "summary", allow_blank=True), required=False)
    observations = model_text(Minutes, "observations", allow_blank=True, required=False)


class MinutesApproveSerializer(serializers.Serializer):
    in_session = serializers.PrimaryKeyRelatedField(queryset=Session.objects.all())


class MinutesCorrectSerializer(serializers.Serializer):
    reason = model_text(Minutes, "correction_reason")


class MinutesFilter(django_filters.FilterSet):
    session = django_filters.NumberFilter(field_name="session_id")
    state = django_filters.ChoiceFilter(choices=Minutes.State.choices)

    class Meta:
        model = Minutes
        fields = ["session", "state"]


class MinutesViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Minutes (actas): draft, approval, signatures, PDF rendering and delivery (Art. 14)."""

    serializer_class = MinutesSerializer
    # Set per action (render); ScopedRateThrottle leaves the others alone.
    throttle_scope: str | None = None
    filterset_class = MinutesFilter

    def get_queryset(self) -> QuerySet[Minutes]:
        queryset = (
            Minutes.objects.select_related("session__subgroup")
            .prefetch_related("signatures__person", "signatures__entity")
            .order_by("-session__starts_at", "-version")
        )
        return access.scope_visible(queryset, access.request_roles(self.request), "minutes")

    @extend_schema(request=MinutesDraftSerializer, responses={201: MinutesSerializer})
    def create(self, request: Request) -> Response:
        data = MinutesDraftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        minutes = services.minutes_draft(actor=request.user, session=data.validated_data["session"])
        return Response(self.get_serializer(minutes).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MinutesUpdateSerializer, responses={200: MinutesSerializer})
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        minutes = access_minutes(request.user, pk, action="minutes.manage")
        data = MinutesUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        minutes = services.minutes_update(actor=request.user, minutes=minutes, **data.validated_data)
        return Response(self.get_serializer(minutes).data)

    @extend_schema(request=MinutesApproveSerializer, responses={200: MinutesSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: Any = None) -> Response:
        minutes = access_minutes(request.user, pk, action="minutes.manage")
        data = MinutesApproveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        minutes = services.minutes_approve(actor=request.user, minutes=minutes, **data.validated_data)
        return Response(self.get_serializer(minutes).data)

    @extend_schema(request=None, responses={201: SignatureSerializer})
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: Any = None) -> Response:
        minutes = access_minutes(request.user, pk, action="minutes.sign")
        signature = services.minutes_sign(
            actor=request.user, minutes=minutes, ip_address=request.META.get("REMOTE_ADDR")
        )
        return Response(SignatureSerializer(signature).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={202: MinutesSerializer})
    @action(detail=True, methods=["post"], throttle_scope="render")
    def render(self, request: Request, pk: Any = None) -> Response:
        minutes = access_minutes(request.user, pk, action="minutes.render")
        minutes = services.minutes_request_pdf(actor=request.user, minutes=minutes)
        return Response(self.get_serializer(minutes).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=None, responses={200: inline_serializer("MinutesSent", {"queued": serializers.IntegerField()})}
    )
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: Any = None) -> Response:
        minutes = access_minutes(request.user, pk, action="minutes.manage")
        return Response({"queued": services.minutes_send(actor=request.user, minutes=minutes)})

    @extend_schema(request=MinutesCorrectSerializer, responses={201: MinutesSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: Any = None) -> Response:
        minutes = access_minutes(request.user, pk, action="minutes.manage")
        data = MinutesCorrectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        minutes = services.minutes_correct(actor=request.user, minutes=minutes, **data.validated_data)
        return Response(self.get_serializer(minutes).data, status=status.HTTP_201_CREATED)
