"""Celery tasks of the sessions app: call PDFs, attachment renderers, and the periodic scan.

Reminders and alerts are not long countdowns: a beat task (``sessions_scan``, see beat.py) looks
every few minutes for what is due and queues outbox rows (``emails``) with keys that make each
message unique, so running it twice, or after an outage, sends each reminder exactly once.
"""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from mtigm.core import dispatch
from mtigm.core.locks import advisory_lock
from mtigm.core.outbox import RenderedAttachment, register_attachment

from .emails import queue_deadline_alerts, queue_periodicity_alerts, queue_reminders
from .models import Session
from .services import CALL_PDF_TASK

logger = logging.getLogger(__name__)
State = Session.State


@register_attachment("sessions.call_pdf")
def call_pdf_attachment(session_id: int) -> RenderedAttachment:
    """The stored call letter of the session's current call; every recipient's message attaches the
    same file, rendered once per call (and once per reschedule), never once per recipient."""
    from .pdf import call_pdf_filename

    session, content = _current_call_pdf(session_id)
    return (call_pdf_filename(session), content, "application/pdf")


@register_attachment("sessions.session_ics")
def session_ics_attachment(session_id: int) -> RenderedAttachment:
    from .ics import calendar_for

    session = Session.objects.select_related("group", "subgroup").get(pk=session_id)
    method = "CANCEL" if session.state == State.CANCELLED else "REQUEST"
    return ("sesion.ics", calendar_for([session], name="MTIGM", method=method), "text/calendar")


def _current_call_pdf(session_id: int) -> tuple[Session, bytes]:
    """Render and store the call letter unless the stored one is of the current sequence. The
    advisory lock makes concurrent senders wait for the first render instead of rendering it again,
    without locking the session's row (edits of the session go on meanwhile)."""
    from .pdf import call_pdf_filename, render_call_pdf

    with advisory_lock("sessions.call_pdf", session_id):
        session = Session.objects.select_related("group", "subgroup").get(pk=session_id)
        if not (session.call_pdf and session.call_pdf_sequence == session.sequence):
            content = render_call_pdf(session)
            session.call_pdf.save(call_pdf_filename(session), ContentFile(content), save=False)
            # update() keeps updated_at (and so calendar clients' modified_since) untouched.
            Session.objects.filter(pk=session.pk).update(
                call_pdf=session.call_pdf.name, call_pdf_sequence=session.sequence
            )
            return session, content
    with session.call_pdf.open("rb") as handle:
        return session, handle.read()


@shared_task(bind=True, max_retries=5, acks_late=True)
def session_render_call_pdf(self, session_id: int) -> str:
    """Render and store the call letter of the session's current sequence (idempotent)."""
    session = Session.objects.filter(pk=session_id).first()
    if session is None or session.called_on is None:
        return "skipped"
    if session.call_pdf and session.call_pdf_sequence == session.sequence:
        return "up-to-date"
    try:
        _current_call_pdf(session_id)
    except Exception as exc:  # noqa: BLE001 - retried, and the scan renders it later anyway
        raise self.retry(exc=exc, countdown=30) from exc
    return "rendered"


@shared_task
def sessions_scan(now_iso: str | None = None) -> dict[str, int]:
    """Queue what is due: reminders, the ST's notice-deadline and periodicity alerts, missing PDFs."""
    now = datetime.datetime.fromisoformat(now_iso) if now_iso else timezone.now()
    counts = {"reminders": 0, "deadline_alerts": 0, "periodicity_alerts": 0, "pdfs": 0}
    with transaction.atomic():
        counts["reminders"] = queue_reminders(now)
        counts["deadline_alerts"] = queue_deadline_alerts(now)
        counts["periodicity_alerts"] = queue_periodicity_alerts(now)
    missing = Session.objects.filter(
        state__in=[State.CALLED, State.POSTPONED], called_on__isnull=False, call_pdf=""
    ).values_list("pk", flat=True)[:50]
    counts["pdfs"] = dispatch.publish_many(CALL_PDF_TASK, [(pk,) for pk in missing])
    return counts
