"""Signing in and staying signed in: lockouts, API tokens, session limits.

- Repeated failures lock an account from an address (django-axes: ``AXES_FAILURE_LIMIT`` failures,
  ``AXES_COOLOFF_TIME``) on the login page, the admin login and the token endpoint alike, because
  all three authenticate through ``django.contrib.auth.authenticate`` with the request.
- API tokens are django-rest-knox tokens: only a hash is stored, each expires
  (``REST_KNOX["TOKEN_TTL"]``), a client may hold several and revoke any, and a password change
  revokes them all.
- A browser session ends after ``SESSION_IDLE_SECONDS`` without a request and, in any case,
  ``SESSION_ABSOLUTE_SECONDS`` after the login. A password change ends every other session (Django
  checks the password hash kept in each session).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.hashers import is_password_usable
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import audit

AUTH_AT = "_mtigm_auth_at"
SEEN_AT = "_mtigm_seen_at"
# The last-seen mark is written at most this often, so that an active user does not cost a session
# write on every request.
SEEN_RESOLUTION_SECONDS = 60


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_message() -> str:
    return _(
        "Demasiados intentos fallidos: el ingreso con este usuario desde este equipo queda bloqueado durante "
        "%(minutes)s minutos. Si necesita ingresar antes, pida a la Secretaría Técnica que levante el bloqueo."
    ) % {"minutes": lockout_minutes()}


def lockout_response(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """What a locked-out client sees (django-axes calls this): 429 with Retry-After, in Spanish; JSON
    for the API, the login form with the message for the pages."""
    retry_after = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": lockout_message(), "code": "locked_out"}, status=429)
    else:
        response = render(request, "registration/login.html", {"lockout_message": lockout_message()}, status=429)
    response["Retry-After"] = retry_after
    return response


@receiver(user_logged_in, dispatch_uid="mtigm.auth.session_start")
def _session_start(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[AUTH_AT] = now
        request.session[SEEN_AT] = now


class SessionLimitsMiddleware:
    """End a browser session that was idle too long or is older than the absolute limit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            expired = self._check(request)
            if expired is not None:
                return expired
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        session = request.session
        now = int(time.time())
        auth_at = session.get(AUTH_AT)
        seen_at = session.get(SEEN_AT, auth_at)
        if auth_at is None:
            # A session from before the limits existed (or one made by a test's force_login).
            session[AUTH_AT] = session[SEEN_AT] = now
            return None
        if now - seen_at > settings.SESSION_IDLE_SECONDS or now - auth_at > settings.SESSION_ABSOLUTE_SECONDS:
            audit.record(audit.Kind.SESSION_EXPIRED, request=request)
            logout(request)
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Su sesión venció. Ingrese de nuevo."), "code": "session_expired"}, status=401
                )
            messages.info(request, _("Su sesión venció por inactividad o por tiempo. Ingrese de nuevo."))
            return redirect_to_login(request.get_full_path())
        if now - seen_at >= SEEN_RESOLUTION_SECONDS:
            session[SEEN_AT] = now
        return None


# Password changes end every API token of the user -----------------------------------------------


def _password_set(instance: Any) -> bool:
    # ``set_password`` keeps the new raw password on the instance until the save completes; Django's
    # own rehash after an upgrade of the hasher clears it first, so a rehash is no change.
    return instance.pk is not None and getattr(instance, "_password", None) is not None


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="mtigm.auth.password_before")
def _password_before(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or not _password_set(instance):
        return
    previous = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    # The first password of a new account is not a change worth a line in the security log.
    instance._mtigm_had_password = bool(previous) and is_password_usable(previous)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="mtigm.auth.password_changed")
def _password_changed(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw or created or not _password_set(instance):
        return
    from knox.models import AuthToken

    revoked, _detail = AuthToken.objects.filter(user=instance).delete()
    if getattr(instance, "_mtigm_had_password", True) or revoked:
        audit.record(
            audit.Kind.PASSWORD_CHANGED, user=instance, detail=_("%(n)s tokens de API revocados") % {"n": revoked}
        )
