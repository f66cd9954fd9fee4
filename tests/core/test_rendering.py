"""The rendering machinery every generated document shares (``mtigm.core.rendering``), tried on the
report to the PCM: a dead run is taken back, a failed attempt waits for its retry as pending, the
last one fails for good, a document that kills its worker is not tried forever, and the steps are
shown in the reader's language."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone, translation

from accountability import services, tasks
from accountability.models import PcmReport
from mtigm.core import rendering
from tests.factories import members as f

pytestmark = pytest.mark.django_db
YEAR = 2015


@pytest.fixture
def st():
    return f.secretariat_user("st")


def _broken(times: int):
    """A PDF renderer that fails ``times`` times, then works."""
    calls = []
    original = tasks.render_pdf

    def render(*args, **kwargs):
        calls.append(1)
        if len(calls) <= times:
            raise RuntimeError("sin fuentes")
        return original(*args, **kwargs)

    return render, calls


def test_a_failed_attempt_is_retried_and_then_done(st, monkeypatch):
    render, calls = _broken(times=1)
    monkeypatch.setattr(tasks, "render_pdf", render)
    report = services.pcm_report_request(actor=st, year=YEAR)
    # Through the task machinery (eager): the retry runs at once, as the worker would after 30 s.
    tasks.render_pcm_report.apply(args=(report.pk,))
    report.refresh_from_db()
    assert report.status == PcmReport.Status.DONE and report.attempts == 2 and report.error == ""
    assert len(calls) == 2


def test_the_last_failure_is_final(st, monkeypatch):
    render, calls = _broken(times=99)
    monkeypatch.setattr(tasks, "render_pdf", render)
    report = services.pcm_report_request(actor=st, year=YEAR)
    tasks.render_pcm_report.apply(args=(report.pk,))
    report.refresh_from_db()
    assert report.status == PcmReport.Status.FAILED and "sin fuentes" in report.error
    assert report.attempts == rendering.MAX_RETRIES + 1 == len(calls)
    # A new request queues a new report: the failed one is no longer in flight.
    assert services.pcm_report_request(actor=st, year=YEAR).pk != report.pk


def test_while_a_retry_waits_the_row_is_pending_and_in_flight(st):
    report = services.pcm_report_request(actor=st, year=YEAR)
    PcmReport.objects.filter(pk=report.pk).update(attempts=1, error="RuntimeError: sin fuentes")
    report.refresh_from_db()
    assert report.retrying and report.in_progress
    # Asking again answers with the same report instead of rendering a second copy.
    assert services.pcm_report_request(actor=st, year=YEAR).pk == report.pk


def test_a_dead_run_is_taken_back_by_the_sweep(st, monkeypatch):
    sent = []
    monkeypatch.setattr(rendering.dispatch, "publish_many", lambda name, args: sent.extend(args) or len(args))
    report = services.pcm_report_request(actor=st, year=YEAR)
    now = timezone.now()
    # A run whose worker died 20 minutes ago: running, with a stale heartbeat.
    PcmReport.objects.filter(pk=report.pk).update(
        status="running", attempts=1, heartbeat_at=now - datetime.timedelta(minutes=20)
    )
    alive = PcmReport.objects.create(year=YEAR + 1, status="running", heartbeat_at=now, attempts=1)
    assert tasks.sweep_pending_pcm_reports() == 1 and sent == [(report.pk,)]
    # The dead run's row is claimed again; the live one is not (a message delivered twice renders once).
    assert tasks.render_pcm_report(alive.pk) == "skipped"
    assert tasks.render_pcm_report(report.pk) == "done"
    report.refresh_from_db()
    assert report.status == "done" and report.attempts == 2
    # And a new request does not wait on a dead run.
    PcmReport.objects.filter(pk=alive.pk).update(heartbeat_at=now - datetime.timedelta(minutes=20))
    assert services.pcm_report_request(actor=st, year=YEAR + 1).pk != alive.pk


def test_a_document_that_kills_its_worker_is_not_tried_forever(st):
    report = services.pcm_report_request(actor=st, year=YEAR)
    stale = timezone.now() - datetime.timedelta(minutes=20)
    PcmReport.objects.filter(pk=report.pk).update(
        status="running", attempts=rendering.MAX_RETRIES + 1, heartbeat_at=stale
    )
    assert tasks.render_pcm_report(report.pk) == "skipped"
    report.refresh_from_db()
    assert report.status == "failed" and report.error


def test_the_step_is_shown_in_the_readers_language(st):
    report = services.pcm_report_request(actor=st, year=YEAR)
    PcmReport.objects.filter(pk=report.pk).update(status="running", step=rendering.RenderStep.PDF.value)
    report.refresh_from_db()
    with translation.override("es"):
        assert report.step_label == "Componiendo el PDF"
    with translation.override("en"):
        assert report.step_label == "Composing the PDF"
    client = Client()
    client.force_login(st)
    page = client.get(f"/informes-pcm/{report.pk}/", HTTP_ACCEPT_LANGUAGE="es")
    assert "Componiendo el PDF" in page.content.decode()
    # A failure shows that it failed, never the exception's text.
    PcmReport.objects.filter(pk=report.pk).update(status="failed", error="RuntimeError: secreto interno")
    page = client.get(f"/informes-pcm/{report.pk}/").content.decode()
    assert "No se pudo generar el documento" in page and "secreto interno" not in page
