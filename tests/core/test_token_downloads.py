"""The download addresses the API hands out work with the API's token, not only with a browser
session (``mtigm.core.files.ProtectedFileView`` and ``mtigm.core.token_auth.FileTokenMiddleware``);
the access layer decides exactly as for the browser."""

from __future__ import annotations

import datetime
import inspect

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from compact import services
from compact.models import Consultation, Objective
from mtigm.core.files import ProtectedFileView
from tests.compact.helpers import world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _token(user) -> str:
    _instance, token = AuthToken.objects.create(user=user)
    return token


@pytest.fixture
def evidence():
    """MTPE's contribution with one evidence PDF, and the address the API gives for it."""
    w = world()
    st, mtpe = w["users"]["st"], w["users"]["mtpe"]
    consultation = services.consultation_create(
        actor=st,
        title="Consulta",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        deadline=timezone.localdate() + datetime.timedelta(days=10),
        objectives=list(Objective.objects.filter(number__in=[6])),
        invited=[w["entities"]["MTPE"], w["entities"]["MIGRACIONES"]],
    )
    services.consultation_open(actor=st, consultation=Consultation.objects.get(pk=consultation.pk))
    contribution = services.contribution_create(
        actor=mtpe,
        consultation=consultation,
        objective=Objective.objects.get(number=6),
        criterion="norm",
        title="Resolución",
        description="Texto",
    )
    services.contribution_attach(
        actor=mtpe,
        contribution=contribution,
        title="Resolución ministerial",
        file=SimpleUploadedFile("resolucion.pdf", PDF, content_type="application/pdf"),
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {_token(mtpe)}")
    detail = client.get(f"/api/v1/compact/contributions/{contribution.pk}/")
    assert detail.status_code == 200, detail.content
    (document,) = detail.json()["documents"]
    return {"users": w["users"], "url": document["download"]}


def test_the_api_download_address_takes_the_token(evidence):
    token = _token(evidence["users"]["mtpe"])
    answer = Client().get(evidence["url"], HTTP_AUTHORIZATION=f"Token {token}")
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == PDF
    assert answer["Cache-Control"] == "private, no-store"
    # The token logs nobody in: the next request without it is a visitor's.
    assert "sessionid" not in answer.cookies


def test_the_access_layer_decides_as_for_the_browser(evidence):
    client = Client()
    # No credentials: the login page, as for any protected page.
    assert client.get(evidence["url"]).status_code == 302
    # A bad token: 401 naming the scheme, not the login page.
    bad = client.get(evidence["url"], HTTP_AUTHORIZATION="Token not-a-token")
    assert bad.status_code == 401 and bad["WWW-Authenticate"] == "Token"
    # Another entity's representative, with a good token: hidden (404), as in the browser.
    other = _token(evidence["users"]["migraciones"])
    assert client.get(evidence["url"], HTTP_AUTHORIZATION=f"Token {other}").status_code == 404
    # The ST sees every contribution.
    st = _token(evidence["users"]["st"])
    assert client.get(evidence["url"], HTTP_AUTHORIZATION=f"Token {st}").status_code == 200


def test_a_token_is_taken_for_reading_only(evidence):
    token = _token(evidence["users"]["mtpe"])
    client = Client(enforce_csrf_checks=True)
    assert client.post(evidence["url"], HTTP_AUTHORIZATION=f"Token {token}").status_code in (403, 405)


def _patterns(resolver) -> list[URLPattern]:
    found: list[URLPattern] = []
    for pattern in resolver.url_patterns:
        found.extend(_patterns(pattern) if isinstance(pattern, URLResolver) else [pattern])
    return found


def test_every_protected_download_view_takes_the_token():
    """A page view that sends a protected file derives from ProtectedFileView; the public portal's
    downloads need no credentials at all."""
    missing = []
    for pattern in _patterns(get_resolver()):
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class is None or view_class.__module__.startswith("portal."):
            continue
        if "file_download(" in inspect.getsource(view_class) and not issubclass(view_class, ProtectedFileView):
            missing.append(f"{view_class.__module__}.{view_class.__name__}")
    assert not missing


def test_the_contributions_workbook_takes_the_token_of_who_reads_the_informe(evidence):
    st, mtpe = evidence["users"]["st"], evidence["users"]["mtpe"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {_token(st)}")
    (consultation,) = client.get("/api/v1/compact/consultations/").json()["results"]
    answer = Client().get(consultation["contributions_xlsx"], HTTP_AUTHORIZATION=f"Token {_token(st)}")
    assert answer.status_code == 200 and answer.content[:2] == b"PK"
    # An entity's representative does not read the Informe País: no address, and the page refuses.
    client.credentials(HTTP_AUTHORIZATION=f"Token {_token(mtpe)}")
    assert client.get("/api/v1/compact/consultations/").json()["results"][0]["contributions_xlsx"] is None
    refused = Client().get(consultation["contributions_xlsx"], HTTP_AUTHORIZATION=f"Token {_token(mtpe)}")
    assert refused.status_code == 403
