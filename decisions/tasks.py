"""Celery tasks of the decisions app: PDF of the acta, invitation letters, agreement reminders."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from mtigm.core.outbox import register_attachment
from mtigm.core.pdf import render_pdf, render_pdf_copies

from .models import Application, Minutes

logger = logging.getLogger(__name__)


def minutes_context(minutes: Minutes) -> dict[str, Any]:
    from .minutes.selectors import minutes_signatures

    return {
        "minutes": minutes,
        "content": minutes.content,
        "signatures": list(minutes_signatures(minutes)),
        "generated_at": timezone.localtime(),
    }


def _progress(minutes_id: int, status: str, progress: int, **extra: object) -> None:
    Minutes.objects.filter(pk=minutes_id).update(pdf_status=status, pdf_progress=progress, **extra)


@shared_task(bind=True, max_retries=3, acks_late=True)
def render_minutes_pdf(self, minutes_id: int) -> str:
    """Render the reading PDF and the PDF/A-3u archive copy; progress is written as it goes.

    The task first claims the acta (one conditional UPDATE): a duplicate of the task, from a sweep
    or a redelivery, finds it claimed or done and renders nothing.
    """
    from .minutes.services import render_claimable

    now = timezone.now()
    claimed = Minutes.objects.filter(render_claimable(now), pk=minutes_id).update(
        pdf_status=Minutes.PdfStatus.RENDERING, pdf_progress=10, pdf_error="", pdf_started_at=now
    )
    if not claimed:
        return "skipped"
    minutes = Minutes.objects.select_related("session", "approved_in_session", "supersedes").get(pk=minutes_id)
    try:
        # Both copies come from one layout of the pages (the costly part), written twice.
        reading, archive = render_pdf_copies("decisions/pdf/minutes.html", minutes_context(minutes))
        _progress(minutes_id, Minutes.PdfStatus.RENDERING, 90)
        stem = f"acta-{minutes.session_id}-v{minutes.version}"
        with transaction.atomic():
            locked = Minutes.objects.select_for_update().get(pk=minutes_id)
            # Each render replaces the previous files instead of piling up copies.
            for field in (locked.pdf, locked.archive_pdf):
                if field:
                    field.delete(save=False)
            locked.pdf.save(f"{stem}.pdf", ContentFile(reading), save=False)
            locked.archive_pdf.save(f"{stem}-pdfa.pdf", ContentFile(archive), save=False)
            locked.pdf_status = Minutes.PdfStatus.DONE
            locked.pdf_progress = 100
            locked.pdf_rendered_at = timezone.now()
            locked.save(update_fields=["pdf", "archive_pdf", "pdf_status", "pdf_progress", "pdf_rendered_at"])
    except Exception as exc:
        logger.exception("Rendering the acta %s failed", minutes_id)
        _progress(minutes_id, Minutes.PdfStatus.FAILED, 0, pdf_error=f"{type(exc).__name__}: {exc}"[:500])
        if self.request.called_directly:
            raise
        raise self.retry(exc=exc, countdown=30) from exc
    return "done"


@register_attachment("decisions.minutes_pdf")
def minutes_pdf_attachment(minutes_id: int) -> tuple[str, bytes, str]:
    """The archived PDF/A of the acta, rendered now if the worker has not stored it yet."""
    minutes = Minutes.objects.select_related("session").get(pk=minutes_id)
    name = f"acta-{minutes.session.title.replace(' ', '-').lower()}-v{minutes.version}.pdf"
    if minutes.archive_pdf and minutes.pdf_status == Minutes.PdfStatus.DONE:
        with minutes.archive_pdf.open("rb") as handle:
            return name, handle.read(), "application/pdf"
    return name, render_pdf("decisions/pdf/minutes.html", minutes_context(minutes), archival=True), "application/pdf"


@register_attachment("decisions.invitation_pdf")
def invitation_pdf_attachment(application_id: int) -> tuple[str, bytes, str]:
    """The invitation letter to an agency or CSO the Plenary decided to invite (Dir. 001, 002)."""
    from .models import Agreement

    application = Application.objects.select_related("ballot__session").get(pk=application_id)
    agreement = Agreement.objects.filter(ballot=application.ballot_id).select_related("session").first()
    context = {"application": application, "agreement": agreement, "today": timezone.localdate()}
    return f"invitacion-{application.pk}.pdf", render_pdf("decisions/pdf/invitation.html", context), "application/pdf"


@shared_task
def agreement_reminders_task() -> dict[str, int]:
    from .agreements.services import agreement_reminders

    return agreement_reminders()


@shared_task
def sweep_queued_minutes() -> int:
    """Publish again the renders that wait longer than a task takes to start (asked while the
    broker was down) or that a dead worker left half done; the claim stops any duplicate."""
    import datetime

    from mtigm.core import dispatch

    from .minutes.services import RENDER_TASK, render_lost

    now = timezone.now()
    waiting = Q(pdf_status=Minutes.PdfStatus.QUEUED, pdf_requested_at__lte=now - datetime.timedelta(minutes=2))
    ids = list(Minutes.objects.filter(waiting | render_lost(now)).values_list("pk", flat=True)[:100])
    return dispatch.publish_many(RENDER_TASK, [(pk,) for pk in ids])
