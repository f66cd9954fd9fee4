"""Pages of the portal's e-mail subscriptions: ask, confirm, unsubscribe. No login, no JavaScript.

A link from a message never changes anything by being opened (mail scanners open links): its page
shows one button, and only the POST of that button confirms or unsubscribes. The answer to a request
is the same page whether the address was known or not.
"""

from __future__ import annotations

import hashlib
from types import SimpleNamespace
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from rest_framework.exceptions import Throttled
from rest_framework.throttling import SimpleRateThrottle

from . import subscriptions
from .forms import SubscriptionForm
from .models import Topic
from .views import PortalPage

# Requests per hour, per network address and per e-mail address; the setting
# REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["subscribe"] overrides it.
DEFAULT_RATE = "5/hour"


class _SubscribeThrottle(SimpleRateThrottle):
    """The subscription rate, per network address (``address`` None) or per e-mail address: a
    stranger cannot fill someone's mailbox with confirmation requests."""

    scope = "subscribe"

    def __init__(self, address: str | None = None) -> None:
        self.address = address
        super().__init__()

    def get_rate(self) -> str:
        return str(self.THROTTLE_RATES.get(self.scope) or DEFAULT_RATE)

    def get_cache_key(self, request: Any, view: Any) -> str:
        if self.address is None:
            ident = self.get_ident(request)
        else:
            ident = "address-" + hashlib.sha256(subscriptions.normalize_email(self.address).encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}


def _throttle(request: HttpRequest, address: str | None = None) -> None:
    limiter = _SubscribeThrottle(address)
    if not limiter.allow_request(request, SimpleNamespace()):  # type: ignore[arg-type]
        raise Throttled(wait=limiter.wait())


class SubscribeView(PortalPage):
    template_name = "portal/subscriptions/subscribe.html"
    section = "subscribe"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", SubscriptionForm())
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _throttle(request)
        form = SubscriptionForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=200)
        if not form.is_spam:
            _throttle(request, form.cleaned_data["email"])
            subscriptions.subscription_request(email=form.cleaned_data["email"], topics=form.cleaned_data["topics"])
        return redirect("portal:subscribe-sent")


class SubscribeSentView(PortalPage):
    template_name = "portal/subscriptions/sent.html"
    section = "subscribe"


class _LinkPage(PortalPage):
    """A page reached by a link of a message: never cached, never indexed; a bad link answers 400
    with a page that says why."""

    invalid_template = "portal/subscriptions/invalid.html"
    section = "subscribe"

    def invalid(self, error: subscriptions.InvalidLink) -> HttpResponse:
        return self.response_class(
            request=self.request,
            template=[self.invalid_template],
            context=self.get_context_data(reason=str(error)),
            using=self.template_engine,
            status=400,
        )


@method_decorator(never_cache, name="dispatch")
class ConfirmView(_LinkPage):
    template_name = "portal/subscriptions/confirm.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            subscription = subscriptions.subscription_to_confirm(kwargs["token"])
        except subscriptions.InvalidLink as error:
            return self.invalid(error)
        topics = [Topic(topic).label for topic in subscription.pending_topics if topic in Topic.values]
        return self.render_to_response(self.get_context_data(topics=topics))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            subscriptions.subscription_confirm(token=kwargs["token"])
        except subscriptions.InvalidLink as error:
            return self.invalid(error)
        return redirect("portal:subscribe-confirmed")


class ConfirmedView(PortalPage):
    template_name = "portal/subscriptions/confirmed.html"
    section = "subscribe"


# The token in the URL is the credential, and the only thing this view does is unsubscribe: a
# forged cross-site POST can do no more than the link's owner asked for. RFC 8058 mail clients POST
# "List-Unsubscribe=One-Click" to it without any cookie or CSRF token, so it is exempt (this view only).
@method_decorator([csrf_exempt, never_cache], name="dispatch")
class UnsubscribeView(_LinkPage):
    template_name = "portal/subscriptions/unsubscribe.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            subscription = subscriptions.subscription_to_cancel(kwargs["token"])
        except subscriptions.InvalidLink as error:
            return self.invalid(error)
        return self.render_to_response(self.get_context_data(subscribed=subscription is not None))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            subscriptions.subscription_cancel(token=kwargs["token"])
        except subscriptions.InvalidLink as error:
            return self.invalid(error)
        # Answered here, without a redirect: a mail client's one-click POST reads the status.
        return self.render_to_response(self.get_context_data(done=True))
