"""The reference of bench/run: a one-view Django app with no database, under the same gunicorn.

gunicorn --chdir bench trivial_app:application
"""

from __future__ import annotations

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    ROOT_URLCONF=__name__,
    ALLOWED_HOSTS=["*"],
    SECRET_KEY="bench-only",  # noqa: S106 - a throwaway process on loopback
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)


def trivial(request):
    return HttpResponse(b"[]", content_type="application/json")


urlpatterns = [path("", trivial)]
application = get_wsgi_application()
