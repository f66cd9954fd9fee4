"""REST framework glue shared by every app's API: the error answers, the access gate and the
parsing of query parameters."""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING, Any

import django_filters
from django import forms as django_forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from . import access
from .access import can, request_roles
from .access.matrix import matrix
from .errors import AccessDenied, answer_for

if TYPE_CHECKING:
    from rest_framework.views import APIView

logger = logging.getLogger(__name__)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Service-layer errors answer as ``mtigm.core.errors.answer_for`` says (400, 409, 403, 404)."""
    # Imported here: this module is loaded by REST framework's settings while rest_framework.views loads.
    from rest_framework.views import exception_handler as drf_exception_handler

    answer = answer_for(exc)
    if answer is not None:
        return Response(answer.body(), status=answer.status)
    response = drf_exception_handler(exc, context)
    if isinstance(exc, exceptions.Throttled) and response is not None:
        # Clients tell a throttle from a lockout (both 429) by the code; Retry-After says how long.
        response.data["code"] = "throttled"
    return response


def api_permission(request: Request, view: APIView) -> str | None:
    """The permission the access matrix gives this API route and method; None where the gate has
    nothing to decide: a method the view does not take (REST framework answers 405) and OPTIONS
    (whose description of each write REST framework checks against that write's permission)."""
    method = (request.method or "GET").upper()
    if method == "OPTIONS" or method not in view.allowed_methods:
        return None
    match = request.resolver_match
    key = f"{match.url_name if match else ''}.{'get' if method == 'HEAD' else method.lower()}"
    try:
        return matrix().api[key]
    except KeyError:
        # The route test (tests/core/test_access_matrix.py) keeps this from happening; refuse if it does.
        logger.error("API route %s has no entry in the access matrix; refused", key)
        raise AccessDenied from None


class MatrixPermission(permissions.BasePermission):
    """Every API request passes the permission the access matrix gives its route and method.

    This is the role-level gate (it runs before the request body is read); views then fetch their
    objects through ``access_*`` helpers, which hide (404) or refuse (403) per object.
    """

    message = _("Su designación vigente no le permite esta operación.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        permission = api_permission(request, view)
        return permission is None or can(request_roles(request), permission)


def query_date(request: Request, name: str = "on") -> datetime.date:
    """The date in query parameter ``name`` (today in Lima when absent); a bad one is a 400 naming it."""
    raw = request.query_params.get(name)
    if not raw:
        return timezone.localdate()
    try:
        return serializers.DateField().run_validation(raw)
    except serializers.ValidationError as exc:
        raise serializers.ValidationError({name: exc.detail}) from None


def model_text(model: type[models.Model], name: str, **kwargs: Any) -> serializers.CharField:
    """An input field for a text the model keeps in ``name``, bounded as the model bounds it (the
    model is the one place a length is defined; the schema documents it)."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return serializers.CharField(max_length=field.max_length, **kwargs)


class SlugRelatedField(serializers.SlugRelatedField):
    """DRF's field, with a value PostgreSQL text cannot hold (a NUL character) answered as what it
    is, a value that names nothing (400), instead of reaching the database (500)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)


class UtcDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 instant, turned to UTC before it reaches the database: PostgreSQL refuses
    offsets beyond ±15:59 that Python accepts, and an instant out of range is a 400, not a 500."""

    def to_python(self, value: Any) -> datetime.datetime | None:
        parsed = super().to_python(value)
        if parsed is None:
            return None
        try:
            return parsed.astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            raise django_forms.ValidationError(_("Fecha y hora fuera de rango."), code="invalid") from None


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


class PrivateFieldsMixin(serializers.Serializer):
    """Null the fields the access matrix marks private (personal contact data) unless the request's
    user may see them on this object: the same rule as the pages and the exports."""

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        model = getattr(getattr(self, "Meta", None), "model", None)
        if model is not None:
            for name in access.private_fields(model):
                if name in fields:
                    fields[name].allow_null = True
        return fields

    def to_internal_value(self, data: Any) -> Any:
        # Private fields accept null only because their answer may be null (hidden); a null given
        # as input means "none" for a text field, and is refused for any other.
        value = super().to_internal_value(data)
        model = getattr(getattr(self, "Meta", None), "model", None)
        if model is not None:
            errors = {}
            for name in access.private_fields(model):
                if name in value and value[name] is None and not model._meta.get_field(name).null:
                    if isinstance(model._meta.get_field(name), models.CharField | models.TextField):
                        value[name] = ""
                    else:
                        errors[name] = [self.fields[name].error_messages["null"]]
            if errors:
                raise serializers.ValidationError(errors)
        return value

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        private = access.private_fields(instance)
        if private:
            request = self.context.get("request")
            allowed = request is not None and access.may_see_private(request_roles(request), instance)
            if not allowed:
                for name in private:
                    if name in data:
                        data[name] = None
        return data
