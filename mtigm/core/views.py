"""Views shared by the whole site: home page and role-checking mixins."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.views.generic import TemplateView

from members.roles import Role, request_roles


class RoleRequiredMixin(LoginRequiredMixin):
    """Require one of ``required_roles`` (any commission role when empty)."""

    required_roles: tuple[Role, ...] = ()

    def dispatch(self, request, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        user_roles = request_roles(request)
        allowed = user_roles.has(*self.required_roles) if self.required_roles else bool(user_roles.roles)
        if not allowed:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SecretariatRequiredMixin(RoleRequiredMixin):
    required_roles = (Role.SECRETARIAT,)


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "home.html"
