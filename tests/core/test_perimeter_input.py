"""No 500 on bad input, and no file readable but through the access layer: the inputs issue 9
found crashing the platform, uploads checked by content, downloads that ask first."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from mtigm.core.files import sniff, validate_document_upload
from mtigm.core.models import FREE_TEXT_MAX_LENGTH, SecurityEvent
from sessions.models import AbsenceNotice, AgendaDocument, Session
from tests.core.test_access_rules import api, page

pytestmark = [pytest.mark.django_db]
MEGABYTE = "x" * 1_000_000


# Lengths --------------------------------------------------------------------------------------------


def test_a_megabyte_place_is_a_400_naming_the_field_and_its_limit(world):
    st = api(world.users["secretariat"])
    response = st.post(
        "/api/v1/sessions/",
        {"kind": "ordinary", "starts_at": "2027-03-02T10:00:00-05:00", "place": MEGABYTE},
        format="json",
    )
    assert response.status_code == 400
    assert "place" in response.json()
    assert "300" in str(response.json()["place"])
    reschedule = st.post(
        f"/api/v1/sessions/{world.session.pk}/reschedule/",
        {"starts_at": "2027-03-02T10:00:00-05:00", "reason": MEGABYTE},
        format="json",
    )
    assert reschedule.status_code == 400
    assert str(FREE_TEXT_MAX_LENGTH) in str(reschedule.json()["reason"])


def test_a_megabyte_reason_on_a_page_is_refused_and_nothing_is_saved_or_mailed(world):
    member = page(world.users["member_titular"])
    before = AbsenceNotice.objects.count()
    response = member.post(f"/sesiones/{world.session.pk}/absence/", {"reason": MEGABYTE})
    assert response.status_code in (302, 400)
    assert AbsenceNotice.objects.count() == before
    follow = member.get(f"/sesiones/{world.session.pk}/")
    assert str(FREE_TEXT_MAX_LENGTH) in follow.content.decode()


def test_every_save_is_held_to_the_model_lengths_whoever_makes_it(world):
    session = Session.objects.get(pk=world.session.pk)
    session.place = "x" * 301
    with pytest.raises(ValidationError) as refused:
        session.save()
    assert "place" in refused.value.message_dict
    assert "300" in refused.value.message_dict["place"][0]
    # A row that is already too long (written before the limit) still saves its other fields.
    Session.objects.filter(pk=session.pk).update(state_reason="x" * (FREE_TEXT_MAX_LENGTH + 1))
    stored = Session.objects.get(pk=session.pk)
    stored.video_link = "https://reunion.example.gob.pe/mtigm"
    stored.save(update_fields=["video_link"])
    with pytest.raises(ValidationError):
        stored.save()


# Ids and query parameters ------------------------------------------------------------------------------


def test_bad_ids_and_parameters_are_4xx(world):
    st = api(world.users["secretariat"])
    assert st.get(f"/api/v1/workplans/plans/{world.plan.year}/lines/?version=abc").status_code == 400
    assert st.post(
        f"/api/v1/sessions/{world.session.pk}/messages/resend/", {"message": "abc"}, format="json"
    ).status_code in (400, 404)
    assert st.get("/api/v1/sessions/abc/").status_code == 404
    assert st.get("/api/v1/session-requests/abc/").status_code == 404
    assert st.get("/api/v1/sessions/?modified_since=1349-09-18T10:54:46%2B20:42").status_code in (200, 400)
    assert st.get("/api/v1/security-events/?until=0001-01-01T00:00:00%2B20:00").status_code == 400
    staff = page(world.users["secretariat"])
    assert staff.post(f"/sesiones/{world.session.pk}/document/", {"item": "abc"}).status_code == 404
    assert staff.get("/sesiones/abc/").status_code == 404


# Uploads ---------------------------------------------------------------------------------------------


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODS = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"})


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.7\n...", "pdf"),
        (b"\x89PNG\r\n\x1a\n....", "png"),
        (b"\xff\xd8\xff\xe0....", "jpg"),
        (DOCX, "docx"),
        (ODS, "ods"),
        (b"<html><script>alert(1)</script></html>", None),
        (_zip({"readme.txt": b"hola"}), None),
        (b"PK\x03\x04 not really a zip", None),
    ],
)
def test_types_are_recognised_by_content(content, expected):
    kind = sniff(io.BytesIO(content))
    assert (kind[0] if kind else None) == expected


def test_an_html_file_named_pdf_is_refused_with_the_accepted_types_and_the_limit(world):
    staff = page(world.users["secretariat"])
    upload = SimpleUploadedFile("acta.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    before = AgendaDocument.objects.count()
    staff.post(f"/sesiones/{world.session.pk}/document/", {"item": world.item.pk, "title": "x", "file": upload})
    assert AgendaDocument.objects.count() == before
    text = staff.get(f"/sesiones/{world.session.pk}/").content.decode()
    assert "PDF, ODT, DOCX, ODS, XLSX, PNG, JPEG" in text
    assert "20" in text and "MB" in text


def test_a_file_over_the_limit_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as refused:
        validate_document_upload(SimpleUploadedFile("big.pdf", b"%PDF-1.7" + b"0" * 2048))
    assert refused.value.code == "file_too_large"


def test_an_accepted_upload_is_stored_under_a_sanitised_name_with_its_true_extension(world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    staff = page(world.users["secretariat"])
    upload = SimpleUploadedFile("../../Informe final <v2>.exe", b"%PDF-1.7\nbody", content_type="text/html")
    staff.post(f"/sesiones/{world.session.pk}/document/", {"item": world.item.pk, "title": "Informe", "file": upload})
    document = AgendaDocument.objects.get(title="Informe")
    stored = document.file.name.rsplit("/", 1)[-1]
    assert stored.endswith("-informe_final_v2.pdf")
    assert ".." not in document.file.name and "<" not in document.file.name


# Downloads -------------------------------------------------------------------------------------------


def test_no_stored_file_has_a_public_url(world):
    name = world.document.file.name
    for client in (Client(), page(world.users["secretariat"])):
        assert client.get(f"/media/{name}").status_code == 404


def test_a_download_asks_the_access_layer_and_answers_as_an_attachment(world):
    url = f"/sesiones/documentos/{world.document.pk}/"
    assert Client().get(url).status_code == 302  # to the login page
    assert page(world.users["support"]).get(url).status_code == 404  # not an extended session: hidden
    response = page(world.users["member_titular"]).get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert SecurityEvent.objects.filter(kind="download", user=world.users["member_titular"]).exists()


def test_in_production_the_web_server_sends_the_bytes(world, settings):
    settings.PROTECTED_MEDIA_ACCEL_PREFIX = "/_protected/"
    response = page(world.users["member_titular"]).get(f"/sesiones/documentos/{world.document.pk}/")
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_protected/{world.document.file.name}"
    assert response.content == b""
    assert response["Content-Disposition"].startswith("attachment;")
    missing = AgendaDocument.objects.create(item=world.item, title="perdido", file="agenda/2026/no-existe.pdf")
    assert page(world.users["member_titular"]).get(f"/sesiones/documentos/{missing.pk}/").status_code == 404


def test_a_stored_file_is_not_served_by_its_name_even_when_it_is_html(world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    document = AgendaDocument(item=world.item, title="trampa")
    document.file.save("trampa.html", ContentFile(b"<script>alert(1)</script>"), save=True)
    assert Client().get(f"/media/{document.file.name}").status_code == 404
    response = page(world.users["secretariat"]).get(f"/sesiones/documentos/{document.pk}/")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_a_nul_character_in_a_slug_is_a_400_not_a_500():
    """Found by the API fuzz: PostgreSQL text cannot hold NUL, so the lookup must never reach it."""
    from rest_framework import serializers as drf

    from members.models import Entity
    from mtigm.core.api import SlugRelatedField

    field = SlugRelatedField(slug_field="acronym", queryset=Entity.objects.all())
    with pytest.raises(drf.ValidationError):
        field.run_validation("RR\x00EE")
