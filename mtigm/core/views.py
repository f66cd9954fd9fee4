"""Views shared by the whole site: home page and role-checking mixins."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from members.roles import Role, request_roles

from .models import OutboundMessage
from .outbox import outbox_resend


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


class OutboxListView(SecretariatRequiredMixin, ListView):
    """Every message the product queued, with its state, for the Secretaría Técnica."""

    template_name = "outbox/message_list.html"
    paginate_by = 50
    context_object_name = "messages_page"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        queryset = OutboundMessage.objects.select_related("content_type").order_by("-created_at")
        status = self.request.GET.get("estado")
        if status in OutboundMessage.Status.values:
            queryset = queryset.filter(status=status)
        return queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        counts = dict(OutboundMessage.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
        context["statuses"] = [(value, label, counts.get(value, 0)) for value, label in OutboundMessage.Status.choices]
        context["current_status"] = self.request.GET.get("estado", "")
        return context


class OutboxResendView(SecretariatRequiredMixin, View):
    def post(self, request, pk: int):  # type: ignore[no-untyped-def]
        message = get_object_or_404(OutboundMessage, pk=pk)
        outbox_resend(actor=request.user, message=message)
        messages.success(request, _("El mensaje a %(to)s volvió a la cola de envío.") % {"to": message.recipient})
        return redirect(request.POST.get("next") or "outbox")
