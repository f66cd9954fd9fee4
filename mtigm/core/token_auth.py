"""API token authentication: django-rest-knox's, without its sweep of the user's other tokens.

knox reads every token of the user on every request to delete the expired ones: one more query per
API call, growing with the tokens a client holds. Expired tokens never authenticate anyway (the
presented one is still checked, and deleted when expired); the others are deleted when the user
asks for a new token (``security_api.TokenCreateView``) and never listed (``TokenListView``).

DRF imports this module by its dotted path (``REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]``)
once Django has started, as knox's models need.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.signals import token_expired
from rest_framework.exceptions import AuthenticationFailed


class TokenAuthentication(KnoxTokenAuthentication):
    def _cleanup_token(self, auth_token: Any) -> bool:
        if auth_token.expiry is None or auth_token.expiry >= timezone.now():
            return False
        username = auth_token.user.get_username()
        auth_token.delete()
        token_expired.send(sender=self.__class__, username=username, source="auth_token")
        return True


class FileTokenMiddleware:
    """Authenticate an API token on the download of a protected file (``files.ProtectedFileView``).

    Page routes know only the browser's session; a REST client holding a token would otherwise get
    the login page for the ``download`` addresses the API hands it. Only GET and HEAD of those views,
    and only when no session is logged in: a header a browser never sends on its own, so there is
    nothing to forge across sites. It runs before the access gate, which then sees the token's user.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any) -> Any:
        view_class = getattr(view_func, "view_class", None)
        if not getattr(view_class, "accepts_api_token", False) or request.method not in ("GET", "HEAD"):
            return None
        if request.user.is_authenticated or not request.META.get("HTTP_AUTHORIZATION"):
            return None
        try:
            authenticated = TokenAuthentication().authenticate(request)
        except AuthenticationFailed as exc:
            answer = JsonResponse({"detail": str(exc.detail)}, status=401)
            answer["WWW-Authenticate"] = "Token"
            return answer
        if authenticated is None:  # another scheme than "Token": the session's rules apply
            return None
        request.user = authenticated[0]
        return None


def _schema_extension() -> None:
    """Describe the tokens in the OpenAPI schema as knox's are (the extension matches one class)."""
    from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme

    class TokenScheme(KnoxTokenScheme):
        target_class = "mtigm.core.token_auth.TokenAuthentication"


_schema_extension()
