"""REST API of agreements and their follow-up. Anonymous clients see public agreements only."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from members.models import Entity
from mtigm.core import access
from mtigm.core.api import SlugRelatedField

from ..common import session_day
from ..models import Agreement
from . import selectors, services
from .access import access_agreement


class AgreementSerializer(serializers.ModelSerializer):
    session_title = serializers.CharField(source="session.title", read_only=True)
    session_date = serializers.SerializerMethodField()
    owner = SlugRelatedField(slug_field="acronym", queryset=Entity.objects.all(), allow_null=True)
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
        return session_day(agreement.session).isoformat()


class AgreementFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Agreement.Status.choices)
    session = django_filters.NumberFilter(field_name="session_id")
    open = django_filters.BooleanFilter(method="only_open", label="Solo acuerdos no cumplidos")

    class Meta:
        model = Agreement
        fields = ["status", "session", "open"]

    def only_open(self, queryset: QuerySet[Agreement], name: str, value: bool) -> QuerySet[Agreement]:
        return queryset.exclude(status=Agreement.Status.DONE) if value else queryset


class AgreementViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """Agreements and their follow-up. Anonymous clients see public agreements only."""

    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[Agreement]:
        return access.scope_visible(selectors.agreement_list(), access.request_roles(self.request), "agreement")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Page the ids, then read the page's agreements with their joins (selectors.agreements_in_order).
        ids = self.filter_queryset(self.get_queryset()).values_list("pk", flat=True)
        page = self.paginate_queryset(ids)
        rows = selectors.agreements_in_order(ids if page is None else page)
        data = self.get_serializer(rows, many=True).data
        return Response(data) if page is None else self.get_paginated_response(data)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        agreement = serializer.instance
        assert isinstance(agreement, Agreement)  # UpdateModelMixin always binds the fetched agreement.
        fields = {k: v for k, v in serializer.validated_data.items() if k in services.AGREEMENT_EDITABLE}
        serializer.instance = services.agreement_update(actor=self.request.user, agreement=agreement, **fields)

    @extend_schema(request=None, responses={200: AgreementSerializer})
    @action(detail=True, methods=["post"])
    def certify(self, request: Request, pk: Any = None) -> Response:
        agreement = access_agreement(request.user, pk, action="agreement.manage")
        agreement = services.agreement_certify(actor=request.user, agreement=agreement)
        return Response(AgreementSerializer(agreement).data)
