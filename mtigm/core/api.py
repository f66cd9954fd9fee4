"""DRF glue shared by every app's API: errors and role-based permissions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework import exceptions, permissions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from members.roles import Role, request_roles

from .errors import RuleViolation


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Turn service-layer errors into 400/403 answers with the rule's citation."""
    if isinstance(exc, RuleViolation):
        detail: Any = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        response = Response(detail, status=400)
        response.data["rule"] = exc.rule_key
        response.data["citation"] = exc.citation
        return response
    if isinstance(exc, ValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)


class HasRole(permissions.BasePermission):
    """Allow users holding any of ``roles`` (set on the view as ``required_roles``)."""

    message = "Su designación vigente no le permite esta operación."

    def has_permission(self, request, view) -> bool:  # type: ignore[no-untyped-def]
        roles = getattr(view, "required_roles", ())
        return bool(request.user and request.user.is_authenticated) and (
            not roles or request_roles(request).has(*roles)
        )


class IsCommissionUser(permissions.BasePermission):
    """Any user with at least one current role (or a superuser) may read commission data."""

    def has_permission(self, request, view) -> bool:  # type: ignore[no-untyped-def]
        user = request.user
        return bool(user and user.is_authenticated and request_roles(request).roles)


class IsSecretariatOrReadOnly(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:  # type: ignore[no-untyped-def]
        if request.method in permissions.SAFE_METHODS:
            return IsCommissionUser().has_permission(request, view)
        return request_roles(request).has(Role.SECRETARIAT)
