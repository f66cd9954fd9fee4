"""Pages of the perimeter: the security log and the lockouts (Secretaría Técnica), the privacy
notice (everyone)."""

from __future__ import annotations

from email.utils import parseaddr
from typing import Any

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from . import audit
from .auth import lockout_minutes
from .models import SecurityEvent
from .security_api import SecurityEventFilter, visible_security_events


class SecurityLogView(ListView):
    template_name = "security/event_list.html"
    paginate_by = 50
    context_object_name = "events"

    def get_queryset(self) -> QuerySet[SecurityEvent]:
        queryset = visible_security_events(self.request)
        self.filterset = SecurityEventFilter(self.request.GET or None, queryset=queryset)
        # An invalid filter (a kind that does not exist, a malformed date) shows its error and no rows.
        return self.filterset.qs if self.filterset.is_valid() or not self.request.GET else queryset.none()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(filterset=self.filterset, kinds=SecurityEvent.Kind.choices, query=query.urlencode())
        return context


def current_lockouts() -> QuerySet[AccessAttempt]:
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    ).order_by("-attempt_time")


class LockoutListView(TemplateView):
    template_name = "security/lockouts.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            lockouts=current_lockouts()[:200],
            failure_limit=settings.AXES_FAILURE_LIMIT,
            cooloff_minutes=lockout_minutes(),
        )
        return context


class LockoutLiftView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        attempt = current_lockouts().filter(pk=pk).first()
        if attempt is None:
            messages.info(request, _("Ese bloqueo ya no está vigente."))
        else:
            reset(ip=attempt.ip_address, username=attempt.username)
            audit.record(
                audit.Kind.LOCKOUT_LIFTED,
                request=request,
                detail=_("%(user)s desde %(ip)s") % {"user": attempt.username, "ip": attempt.ip_address},
            )
            messages.success(request, _("Bloqueo de %(user)s levantado.") % {"user": attempt.username})
        return redirect("security-lockouts")


class PrivacyView(TemplateView):
    template_name = "security/privacy.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            retention_years=settings.PERSONAL_DATA_RETENTION_YEARS,
            contact_email=parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
        )
        return context
