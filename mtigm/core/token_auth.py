"""API token authentication: django-rest-knox's, without its sweep of the user's other tokens.

knox reads every token of the user on every request to delete the expired ones: one more query per
API call, growing with the tokens a client holds. Expired tokens never authenticate anyway (the
presented one is still checked, and deleted when expired); the others are deleted when the user
asks for a new token (``security_api.TokenCreateView``) and never listed (``TokenListView``).

DRF imports this module by its dotted path (``REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]``)
once Django has started, as knox's models need.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.signals import token_expired


class TokenAuthentication(KnoxTokenAuthentication):
    def _cleanup_token(self, auth_token: Any) -> bool:
        if auth_token.expiry is None or auth_token.expiry >= timezone.now():
            return False
        username = auth_token.user.get_username()
        auth_token.delete()
        token_expired.send(sender=self.__class__, username=username, source="auth_token")
        return True


def _schema_extension() -> None:
    """Describe the tokens in the OpenAPI schema as knox's are (the extension matches one class)."""
    from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme

    class TokenScheme(KnoxTokenScheme):
        target_class = "mtigm.core.token_auth.TokenAuthentication"


_schema_extension()
