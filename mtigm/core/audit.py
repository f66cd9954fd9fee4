"""The security log: one function writes it, signal receivers feed it.

Logins, failures and lockouts come from Django's and django-axes' signals; denials from the
responses (``SecurityLogMiddleware``: every 403 the platform answers, pages and API alike); exports
and downloads of personal data from the views that hand them out.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpRequest

from .models import SecurityEvent

logger = logging.getLogger("mtigm.security")
Kind = SecurityEvent.Kind


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address as django-axes reads it (behind the proxy, the one the proxy
    appended), so that the log and the lockouts name the same address."""
    if request is None:
        return None
    from axes.helpers import get_client_ip_address

    return getattr(request, "axes_ip_address", None) or get_client_ip_address(request) or None


def record(
    kind: str,
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    username: str = "",
    detail: str = "",
) -> SecurityEvent:
    """Append one event. ``user`` defaults to the request's user when it is logged in."""
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    event = SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or getattr(user, "username", "") or "")[:150],
        ip_address=client_ip(request),
        method=(request.method or "")[:10] if request is not None else "",
        path=request.path[:500] if request is not None else "",
        detail=detail[:500],
    )
    # repr() keeps a crafted user name or path from forging lines in the log (newlines, escapes).
    logger.info("security %s user=%r ip=%s path=%r %r", kind, event.username, event.ip_address, event.path, detail)
    return event


@receiver(user_logged_in, dispatch_uid="mtigm.audit.login")
def _logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record(Kind.LOGIN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="mtigm.audit.logout")
def _logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(Kind.LOGOUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="mtigm.audit.login_failed")
def _login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any) -> None:
    # Django has already replaced the password in ``credentials`` with asterisks.
    record(Kind.LOGIN_FAILED, request=request, username=str(credentials.get("username", ""))[:150])


def _locked_out(sender: Any, request: HttpRequest | None, username: str | None = None, **kwargs: Any) -> None:
    record(Kind.LOCKOUT, request=request, username=username or "")


def connect_axes() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="mtigm.audit.lockout")


class SecurityLogMiddleware:
    """Write every 403 the platform answers into the security log: a denial is worth a line
    wherever it came from (the page gate, the API gate, an object's access check, CSRF)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        response = self.get_response(request)
        if response.status_code == 403 and self._worth_a_line(request):
            try:
                record(Kind.DENIED, request=request, detail=str(getattr(response, "reason_phrase", ""))[:100])
            except Exception:  # noqa: BLE001 - a failing log must not turn a 403 into a 500
                logger.exception("Could not write the denial of %s to the security log", request.path)
        return response

    @staticmethod
    def _worth_a_line(request: HttpRequest) -> bool:
        """Every denial of a signed-in user; of anonymous clients, one per address and path a
        minute, so that a script hammering a form cannot fill a table nobody may empty."""
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return True
        key = hashlib.sha256(f"{client_ip(request)} {request.path}".encode()).hexdigest()
        return bool(cache.add(f"mtigm:denied:{key}", 1, timeout=60))
