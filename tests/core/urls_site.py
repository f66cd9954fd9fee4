"""Test-only URLconf: the site's own URLs plus the pieces not wired into mtigm/urls.py yet.

The local outbox is added only when mtigm/urls.py does not include it already, so the tests keep
working after the lead wires it. ``whoami`` is a minimal DRF view using the project's default
authentication classes, to test token authentication as configured in settings.
"""

from django.urls import include, path
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from mtigm.urls import urlpatterns as site_urlpatterns


class WhoAmI(APIView):
    # A test-only route: the access matrix names the application's routes, not this one.
    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response({"username": request.user.username, "auth": type(request.successful_authenticator).__name__})


def _has_namespace(patterns, namespace: str) -> bool:
    return any(getattr(p, "namespace", None) == namespace for p in patterns)


urlpatterns = [*site_urlpatterns, path("test-only/whoami/", WhoAmI.as_view(), name="test-whoami")]
if not _has_namespace(site_urlpatterns, "local_outbox"):
    urlpatterns.append(path("correo-local/", include("mtigm.core.local_outbox")))
