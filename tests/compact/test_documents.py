"""Evidence documents of a contribution: protected files, attached while the entity holds the pen,
downloaded only by who may see the contribution."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from compact import services
from compact.models import Contribution, ContributionDocument, Objective

from .helpers import world

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% prueba\n"


@pytest.fixture
def setup():
    w = world()
    users, e = w["users"], w["entities"]
    consultation = services.consultation_create(
        actor=users["st"],
        title="Consulta",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        deadline=timezone.localdate() + datetime.timedelta(days=10),
        objectives=Objective.objects.filter(number__in=[6]),
        invited=[e["MTPE"]],
    )
    services.consultation_open(actor=users["st"], consultation=consultation)
    contribution = services.contribution_create(
        actor=users["mtpe"],
        consultation=consultation,
        objective=Objective.objects.get(number=6),
        criterion="norm",
        title="Norma",
        description="Texto",
    )
    return w, contribution


def test_pages_attach_and_download_as_the_access_layer_says(setup):
    w, contribution = setup
    users = w["users"]
    mtpe = Client()
    mtpe.force_login(users["mtpe"])
    url = f"/pacto-mundial/aportes/{contribution.pk}/"
    bad = mtpe.post(url, {"action": "attach", "file": SimpleUploadedFile("x.exe", b"MZ\x90\x00")}, follow=True)
    assert "no es de un tipo aceptado" in bad.content.decode()
    assert not ContributionDocument.objects.exists()
    mtpe.post(url, {"action": "attach", "title": "R.M.", "file": SimpleUploadedFile("rm.pdf", PDF)})
    document = ContributionDocument.objects.get()
    assert document.title == "R.M." and document.file.name.endswith(".pdf")
    download = f"/pacto-mundial/aportes/documentos/{document.pk}/"
    answer = mtpe.get(download)
    assert answer.status_code == 200 and b"".join(answer.streaming_content).startswith(b"%PDF")
    st = Client()
    st.force_login(users["st"])
    assert st.get(download).status_code == 200
    other = Client()
    other.force_login(users["migraciones"])
    assert other.get(download).status_code == 404
    assert Client().get(download).status_code == 302  # to the login page

    # Once submitted, nothing more is attached.
    services.contribution_submit(actor=users["mtpe"], contribution=contribution)
    mtpe.post(url, {"action": "attach", "file": SimpleUploadedFile("otro.pdf", PDF)})
    assert ContributionDocument.objects.count() == 1


def test_api_attaches_with_multipart_and_lists_the_documents(setup):
    w, contribution = setup
    api = APIClient()
    api.force_login(w["users"]["mtpe"])
    url = f"/api/v1/compact/contributions/{contribution.pk}/documents/"
    assert api.post(url, {}, format="multipart").status_code == 400
    bad = api.post(url, {"file": SimpleUploadedFile("x.txt", b"hola")}, format="multipart")
    assert bad.status_code == 400 and "file" in bad.json()
    done = api.post(url, {"file": SimpleUploadedFile("rm.pdf", PDF), "title": "Texto"}, format="multipart")
    assert done.status_code == 201
    documents = done.json()["documents"]
    assert [d["title"] for d in documents] == ["Texto"]
    assert documents[0]["download"] == f"/pacto-mundial/aportes/documentos/{documents[0]['id']}/"
    other = APIClient()
    other.force_login(w["users"]["migraciones"])
    assert other.post(url, {"file": SimpleUploadedFile("rm.pdf", PDF)}, format="multipart").status_code == 404
    assert Contribution.objects.get(pk=contribution.pk).documents.count() == 1
