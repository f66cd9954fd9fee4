"""Expensive work on request: at most one pending render per acta, a per-user throttle with
Retry-After, and a render asked for while the broker is down is sent later, never left failed."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from decisions import services
from decisions.models import Minutes
from decisions.tasks import sweep_queued_minutes
from tests.decisions.test_services_minutes import held_session_with_agreement

pytestmark = pytest.mark.django_db
RENDER_TASK = "decisions.tasks.render_minutes_pdf"


@pytest.fixture
def minutes():
    p, _agreement = held_session_with_agreement()
    return p, services.minutes_draft(actor=p.st, session=p.session)


def test_thirty_render_requests_queue_one_render(minutes, broker, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr("rest_framework.throttling.ScopedRateThrottle.allow_request", lambda self, r, v: True)
    p, acta = minutes
    client = APIClient()
    client.force_authenticate(p.st)
    broker.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answers = [client.post(f"/api/v1/minutes/{acta.pk}/render/").status_code for _ in range(30)]
    assert set(answers) == {202}
    assert broker.ids(RENDER_TASK) == [acta.pk]
    assert Minutes.objects.get(pk=acta.pk).pdf_status == Minutes.PdfStatus.QUEUED


def test_render_requests_are_throttled_per_user_with_retry_after(minutes, broker, throttle_rates):
    throttle_rates(render="3/hour")
    p, acta = minutes
    client = APIClient()
    client.force_authenticate(p.st)
    answers = [client.post(f"/api/v1/minutes/{acta.pk}/render/") for _ in range(4)]
    assert [a.status_code for a in answers] == [202, 202, 202, 429]
    assert int(answers[-1]["Retry-After"]) > 0
    assert answers[-1].json()["code"] == "throttled"
    # The page shares the API's budget.
    client.force_login(p.st)
    page = client.post(f"/acuerdos/actas/sesion/{p.session.pk}/", {"action": "render"})
    assert page.status_code == 429
    assert int(page["Retry-After"]) > 0


def test_a_render_asked_during_a_broker_outage_stays_queued_and_the_sweep_sends_it(
    minutes, monkeypatch, django_capture_on_commit_callbacks
):
    p, acta = minutes
    published = []
    monkeypatch.setattr("mtigm.core.dispatch.send", lambda name, *args: False)  # the broker is down
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_request_pdf(actor=p.st, minutes=acta)
    acta.refresh_from_db()
    assert acta.pdf_status == Minutes.PdfStatus.QUEUED
    assert acta.pdf_error == ""

    monkeypatch.setattr("mtigm.core.dispatch.send", lambda name, *args: published.append((name, args)) or True)
    assert sweep_queued_minutes() == 0  # too recent: its own task may still arrive
    Minutes.objects.filter(pk=acta.pk).update(pdf_requested_at=timezone.now() - datetime.timedelta(minutes=3))
    assert sweep_queued_minutes() == 1
    assert published == [(RENDER_TASK, (acta.pk,))]


def test_a_duplicate_render_task_renders_nothing_and_a_dead_workers_render_is_taken_over(
    minutes, broker, settings, tmp_path
):
    from decisions.tasks import render_minutes_pdf

    settings.MEDIA_ROOT = str(tmp_path)
    p, acta = minutes
    services.minutes_request_pdf(actor=p.st, minutes=acta)
    assert render_minutes_pdf(acta.pk) == "done"
    assert render_minutes_pdf(acta.pk) == "skipped"  # the same request delivered twice
    Minutes.objects.filter(pk=acta.pk).update(pdf_status=Minutes.PdfStatus.RENDERING, pdf_started_at=timezone.now())
    assert render_minutes_pdf(acta.pk) == "skipped"  # another worker is at it
    Minutes.objects.filter(pk=acta.pk).update(pdf_started_at=timezone.now() - datetime.timedelta(hours=1))
    assert render_minutes_pdf(acta.pk) == "done"  # that worker died: taken over


def test_the_reading_and_archive_copies_come_from_one_layout(minutes, broker, settings, tmp_path, monkeypatch):
    import io

    import weasyprint
    from pypdf import PdfReader

    from decisions.tasks import render_minutes_pdf

    settings.MEDIA_ROOT = str(tmp_path)
    layouts = []
    original = weasyprint.HTML.render
    monkeypatch.setattr(weasyprint.HTML, "render", lambda self, *a, **k: layouts.append(1) or original(self, *a, **k))
    p, acta = minutes
    services.minutes_request_pdf(actor=p.st, minutes=acta)
    assert render_minutes_pdf(acta.pk) == "done"
    assert layouts == [1]
    acta.refresh_from_db()
    reading, archive = (PdfReader(io.BytesIO(field.read())) for field in (acta.pdf, acta.archive_pdf))
    assert len(reading.pages) == len(archive.pages)
    assert reading.pages[0].extract_text() == archive.pages[0].extract_text()
    metadata = archive.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfaid:part" in metadata
