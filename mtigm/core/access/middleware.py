"""The gate of every page: the route's permission, from the access matrix, before the view runs.

Views still fetch their objects through ``access_*`` helpers (404 hidden, 403 not theirs) and
services still check the action; this gate makes sure no page route exists that the matrix does
not name, and refuses a role the route is not for before any work is done. The admin site has its
own check (superusers only, ``mtigm.core.apps``); the REST API is gated by ``MatrixPermission``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed

from ..errors import AccessDenied
from .matrix import Dispatch, matrix
from .policy import can
from .roles import request_roles, roles_cached

logger = logging.getLogger(__name__)
UNGATED_NAMESPACES = {"admin", "api"}


class MethodNotAllowed(Exception):
    def __init__(self, allowed: list[str]) -> None:
        self.allowed = allowed


def page_permission(view_name: str, method: str, url_kwargs: dict[str, Any], form: Any) -> str:
    """The permission the matrix gives this page route and method.

    A route the matrix does not name is refused (403, and logged: the route test keeps it from
    happening); a method the route does not take raises ``MethodNotAllowed`` (405); an action its
    dispatch does not know is a page that does not exist (404).
    """
    route = matrix().pages.get(view_name)
    if route is None:
        logger.error("Page route %s has no entry in the access matrix; refused", view_name)
        raise AccessDenied
    target = route.target(method)
    if target is None:
        raise MethodNotAllowed([name.upper() for name in route.methods])
    if not isinstance(target, Dispatch):
        return target
    value = url_kwargs.get(target.argument) if target.source == "url" else form.get(target.argument)
    permission = target.permission_for(value)
    if permission is None:
        raise Http404
    return permission


def _is_api_view(view_func: Any) -> bool:
    """REST framework views are gated by their permission classes (``MatrixPermission``), after
    their own authentication (tokens), which this middleware cannot see."""
    from rest_framework.views import APIView

    view_class = getattr(view_func, "cls", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)


class AccessMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with roles_cached():
            return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or UNGATED_NAMESPACES.intersection(match.namespaces[:1]) or _is_api_view(view_func):
            return None
        form = request.POST if request.method == "POST" else {}
        try:
            permission = page_permission(match.view_name, request.method or "GET", view_kwargs, form)
        except MethodNotAllowed as exc:
            return HttpResponseNotAllowed(exc.allowed)
        user_roles = request_roles(request)
        if can(user_roles, permission):
            # The view asks the same permission of its object (``route_permission``).
            request.route_permission = permission  # type: ignore[attr-defined]
            return None
        if not user_roles.authenticated:
            return redirect_to_login(request.get_full_path())
        raise AccessDenied


def route_permission(request: HttpRequest, *, subject: str | None = None) -> str:
    """The permission the gate asked of this request, for the view to ask it again of its object.

    With ``subject``, a permission about another subject (a route acting on a part of its object,
    an attendance of the session, say) gives "view": the object is fetched as seen, and the part is
    checked where it is fetched.
    """
    permission: str = getattr(request, "route_permission", "view")
    if subject is not None and permission != "view" and matrix().permission(permission).subject != subject:
        return "view"
    return permission
