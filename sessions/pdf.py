"""The call letter (citación) as a PDF, rendered by the platform's one renderer. Called only from
Celery tasks."""

from __future__ import annotations

from django.utils import timezone

from mtigm.core.pdf import render_pdf

from .emails import when_text
from .models import AgendaItem, Session
from .selectors import notice_rule


def render_call_pdf(session: Session) -> bytes:
    context = {
        "session": session,
        "items": session.agenda_items.filter(status=AgendaItem.Status.ACCEPTED).select_related("presenter"),
        "when": when_text(session),
        "local_start": timezone.localtime(session.starts_at),
        "called_on": session.called_on,
        "notice": notice_rule(session.kind, on=session.called_on or timezone.localdate())
        if session.is_plenary
        else None,
    }
    return render_pdf("sessions/pdf/call_letter.html", context)


def call_pdf_filename(session: Session) -> str:
    number = session.number or session.pk
    return f"citacion-{session.series}-{number}-v{session.sequence}.pdf"
