"""API of the perimeter: tokens for API clients, and the security log for the Secretaría Técnica."""

from __future__ import annotations

from typing import Any

import django_filters
from django.conf import settings
from django.contrib.auth import authenticate
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from knox.models import AuthToken
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from . import access, audit
from .api import UtcDateTimeFilter
from .errors import StateConflict
from .models import SecurityEvent


class TokenInput(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})


class TokenOutput(serializers.Serializer):
    token = serializers.CharField(help_text="El token completo: se muestra una sola vez y no se guarda en claro.")
    token_key = serializers.CharField(help_text="Los primeros caracteres del token, para reconocerlo y revocarlo.")
    expiry = serializers.DateTimeField(allow_null=True)


class TokenInfo(serializers.ModelSerializer):
    class Meta:
        model = AuthToken
        fields = ["token_key", "created", "expiry"]


def _django_request(request: Request) -> HttpRequest:
    # django-axes keeps its lockout flag on Django's request, which its middleware reads.
    return request._request  # noqa: SLF001


class TokenView(APIView):
    """Exchange a username and password for an expiring API token (hashed at rest)."""

    throttle_scope = "token"
    authentication_classes: list[Any] = []

    @extend_schema(request=TokenInput, responses={201: TokenOutput})
    def post(self, request: Request) -> Response:
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        # Authenticated with the request, as the login form is, so django-axes counts the failures.
        user = authenticate(
            _django_request(request), username=data.validated_data["username"], password=data.validated_data["password"]
        )
        if user is None:
            raise serializers.ValidationError({"non_field_errors": [_("Usuario o contraseña incorrectos.")]})
        limit = settings.API_TOKENS_PER_USER
        # knox deletes an expired token only when it is presented; a client that never presents its
        # old ones must not find the limit taken by them.
        AuthToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
        if AuthToken.objects.filter(user=user).count() >= limit:
            raise StateConflict(
                _("Ya tiene %(n)s tokens vigentes: revoque uno antes de pedir otro.") % {"n": limit},
                code="token_limit",
            )
        instance, token = AuthToken.objects.create(user=user)
        audit.record(audit.Kind.TOKEN_CREATED, request=_django_request(request), user=user, detail=instance.token_key)
        return Response(
            TokenOutput({"token": token, "token_key": instance.token_key, "expiry": instance.expiry}).data,
            status=status.HTTP_201_CREATED,
        )


class TokenListView(generics.ListAPIView):
    """The caller's own API tokens (never the tokens themselves: only their first characters)."""

    serializer_class = TokenInfo
    pagination_class = None
    queryset = AuthToken.objects.none()  # for the schema; the real rows are the caller's own

    def get_queryset(self) -> QuerySet[AuthToken]:
        # Expired tokens are no longer the caller's: they never authenticate and are deleted at the
        # next token request (mtigm/core/token_auth.py).
        return (
            AuthToken.objects.filter(user=self.request.user)
            .filter(Q(expiry__isnull=True) | Q(expiry__gte=timezone.now()))
            .order_by("-created")
        )


class TokenRevokeView(APIView):
    """Revoke one of the caller's own API tokens."""

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, token_key: str) -> Response:
        deleted, _detail = AuthToken.objects.filter(user=request.user, token_key=token_key).delete()
        if not deleted:
            from django.http import Http404

            raise Http404
        audit.record(audit.Kind.TOKEN_REVOKED, request=_django_request(request), detail=token_key)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SecurityEventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=SecurityEvent.Kind.choices)
    username = django_filters.CharFilter(lookup_expr="iexact", max_length=150)
    since = UtcDateTimeFilter(field_name="at", lookup_expr="gte")
    until = UtcDateTimeFilter(field_name="at", lookup_expr="lt")

    class Meta:
        model = SecurityEvent
        fields = ["kind", "username", "since", "until"]


class SecurityEventOutput(serializers.ModelSerializer):
    class Meta:
        model = SecurityEvent
        fields = ["id", "at", "kind", "username", "ip_address", "method", "path", "detail"]


def visible_security_events(request: HttpRequest) -> QuerySet[SecurityEvent]:
    """The security log as the request's user may read it, newest first (the page and the API)."""
    return access.scope_visible(
        SecurityEvent.objects.order_by("-at", "-pk"), access.request_roles(request), "security_event"
    )


class SecurityEventListView(generics.ListAPIView):
    """The security log, newest first, paged (Secretaría Técnica)."""

    serializer_class = SecurityEventOutput
    filterset_class = SecurityEventFilter

    def get_queryset(self) -> QuerySet[SecurityEvent]:
        return visible_security_events(self.request)
