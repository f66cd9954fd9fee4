"""Pages shared by the whole site, and the helpers every app's pages use to call services.

Who may open a page is decided before the view runs (``mtigm.core.access.middleware``); views
fetch their objects through ``access_*`` helpers and call services, and show the services'
refusals with ``attempt`` or ``add_form_errors``, which read them through the same mapping as the
REST API (``mtigm.core.errors.answer_for``).
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView
from django_htmx.middleware import HtmxDetails
from rest_framework.exceptions import Throttled
from rest_framework.throttling import ScopedRateThrottle

from . import access
from .errors import answer_for
from .inbox import inbox_for
from .message_kinds import message_kind_label
from .models import OutboundMessage
from .outbox import outbox_resend


class HtmxHttpRequest(HttpRequest):
    """The request as HtmxMiddleware leaves it, for views that answer htmx with a fragment."""

    htmx: HtmxDetails


T = TypeVar("T")


def attempt(request: HttpRequest, action: Callable[[], T], success: str = "") -> T | None:
    """Run a service; a refusal (a rule, a state conflict, bad input) becomes an error message on
    the next page, naming the article. An ``AccessDenied`` is not caught: the page answers 403."""
    try:
        result = action()
    except ValidationError as exc:
        answer = answer_for(exc)
        for text in answer.messages if answer else exc.messages:
            messages.error(request, text)
        return None
    if success:
        messages.success(request, success)
    return result


def add_form_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form: on its field when the form has it, otherwise on top."""
    answer = answer_for(error)
    if answer is not None and answer.field_errors:
        for field, errors in answer.field_errors.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, answer.messages if answer else error.messages)


def plain_int(raw: object) -> int | None:
    """A whole number typed in ASCII digits, else None: ``str.isdigit`` also accepts "²" and other
    digits ``int`` refuses, which would turn a bad form value into a 500."""
    text = str(raw or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else None


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The ``next`` field of the form when it points to this site, otherwise ``fallback``."""
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


class ServiceFormView(FormView):
    """A form whose valid input goes to a service; the service's refusals go back onto the form."""

    title: Any = ""
    intro: Any = ""
    submit_label: Any = gettext_lazy("Guardar")
    success_message: Any = gettext_lazy("Cambios guardados.")

    def perform(self, form: Any) -> Any:
        raise NotImplementedError

    def success_url_for(self, result: Any) -> str:
        raise NotImplementedError

    def cancel_url(self) -> str:
        raise NotImplementedError

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            result = self.perform(form)
        except ValidationError as error:
            add_form_errors(form, error)
            return self.form_invalid(form)
        for warning in getattr(result, "warnings", []):
            messages.warning(self.request, warning)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.success_url_for(result))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(title=self.title, intro=self.intro, submit_label=self.submit_label, cancel_url=self.cancel_url())
        return context


class HomeView(TemplateView):
    """ "Mi bandeja": what needs the user's attention, per role, each item linking to its action.

    Every app contributes its sections (``mtigm.core.inbox``); the menu stays in the header."""

    template_name = "home.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # A visitor without a login came for the commission, not for a login form: the public
        # portal is the site's front door for them (it links to the login page).
        if not request.user.is_authenticated:
            return redirect("portal:home")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["inbox"] = inbox_for(access.request_roles(self.request))
        return context


def access_outbox_message(user: Any, message_id: Any, *, action: str = "view") -> OutboundMessage:
    return access.fetch(user, "outbox_message", OutboundMessage.objects.all(), pk=message_id, action=action)


class CountedPaginator(Paginator):
    """A paginator told how many objects its list holds, when the page already counted them."""

    def __init__(self, *args: Any, count: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


class OutboxListView(ListView):
    """Every message the product queued, with its state, for the Secretaría Técnica.

    The outbox grows with every call, reminder and notice for as long as the commission exists, so
    the page shows 50 at a time; the newest come by an index (the primary key when unfiltered, the
    status and creation date when filtered) instead of a sort of the whole outbox, and the status
    tabs' counts, read from the status index, are the pager's count too (no second count)."""

    template_name = "outbox/message_list.html"
    paginate_by = 50
    context_object_name = "messages_page"

    def status_filter(self) -> str | None:
        status = self.request.GET.get("estado")
        return status if status in OutboundMessage.Status.values else None

    def visible(self) -> QuerySet[OutboundMessage]:
        return access.scope_visible(OutboundMessage.objects.all(), access.request_roles(self.request), "outbox_message")

    @cached_property
    def status_counts(self) -> dict[str, int]:
        rows = self.visible().order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
        return dict(rows)

    def get_queryset(self) -> QuerySet[OutboundMessage]:
        queryset = self.visible().select_related("content_type")
        status = self.status_filter()
        if status is not None:
            return queryset.filter(status=status).order_by("-created_at", "-pk")
        # A message's creation date is set when it is inserted, so the primary key runs in the same
        # order, and its index gives the newest ones without sorting the whole outbox.
        return queryset.order_by("-pk")

    def get_paginator(
        self,
        queryset: Any,
        per_page: int,
        orphans: int = 0,
        allow_empty_first_page: bool = True,
        **kwargs: Any,
    ) -> Paginator:
        counts = self.status_counts
        status = self.status_filter()
        total = counts.get(status, 0) if status is not None else sum(counts.values())
        return CountedPaginator(
            queryset, per_page, orphans=orphans, allow_empty_first_page=allow_empty_first_page, count=total, **kwargs
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        counts = self.status_counts
        context["statuses"] = [(value, label, counts.get(value, 0)) for value, label in OutboundMessage.Status.choices]
        context["current_status"] = self.status_filter() or ""
        # Kinds are stored as codes ("session_call"); the page names them as the owning app does.
        for message in context["messages_page"]:
            message.kind_label = message_kind_label(message.kind)
        return context


class OutboxResendView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        message = access_outbox_message(request.user, pk, action="outbox.resend")
        throttle(request, "resend")
        outbox_resend(actor=request.user, message=message)
        messages.success(request, _("El mensaje a %(to)s volvió a la cola de envío.") % {"to": message.recipient})
        return redirect(safe_next(request, "outbox"))


def throttle(request: HttpRequest, scope: str) -> None:
    """Count this request against the user's ``scope`` (the API's rates, REST framework's
    counters: a page and the API share one budget); over it, ``Throttled`` answers 429."""
    throttle = ScopedRateThrottle()
    view = SimpleNamespace(throttle_scope=scope)
    if not throttle.allow_request(request, view):  # type: ignore[arg-type]
        raise Throttled(wait=throttle.wait())


class ServiceErrorMiddleware:
    """A refusal no view caught still reads as one: on a form post, its messages on the page the
    user came from (303); on any other request, a 400 or 409 page naming the rule or the field.
    Views show refusals themselves (``attempt``, ``ServiceFormView``); this keeps a path that
    forgot from answering 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith("/api/"):
            return None
        if isinstance(exception, Throttled):
            wait = int(getattr(exception, "wait", None) or 1)
            text = _("Demasiadas solicitudes seguidas: inténtelo de nuevo en %(s)s segundos.") % {"s": wait}
            response = render(request, "core/refused.html", {"answer": {"messages": [text]}}, status=429)
            response["Retry-After"] = str(wait)
            return response
        if not isinstance(exception, ValidationError):
            return None
        answer = answer_for(exception)
        if answer is None:
            return None
        if request.method == "POST" and not getattr(request, "htmx", False):
            for text in answer.messages:
                messages.error(request, text)
            referer = request.META.get("HTTP_REFERER", "")
            target = referer if url_has_allowed_host_and_scheme(referer, {request.get_host()}) else request.path
            return HttpResponseRedirect(target, status=303)
        return render(request, "core/refused.html", {"answer": answer}, status=answer.status)
