"""The call letter (citación) as a PDF, rendered by the platform's one renderer. Called only from
Celery tasks."""

from __future__ import annotations

from django.utils import timezone

from directives.rules import rule
from mtigm.core.pdf import render_pdf

from .emails import when_text
from .models import AgendaItem, Session
from .selectors import notice_rule


def render_call_pdf(session: Session) -> bytes:
    day = session.called_on or timezone.localdate()
    context = {
        "session": session,
        "items": session.agenda_items.filter(status=AgendaItem.Status.ACCEPTED).select_related("presenter"),
        "when": when_text(session),
        "local_start": timezone.localtime(session.starts_at),
        "called_on": session.called_on,
        "notice": notice_rule(session.kind, on=day) if session.is_plenary else None,
        # The rules the letter reminds everyone of, as in force on the day of the call.
        "absence": rule("session.absence_notice_days", on=day),
        "extension": rule("session.agenda_extension_business_days", on=day),
        "quorum": rule("session.quorum", on=day),
        "tolerance": rule("session.quorum_tolerance_minutes", on=day),
    }
    return render_pdf("sessions/pdf/call_letter.html", context)


def call_pdf_filename(session: Session) -> str:
    number = session.number or session.pk
    return f"citacion-{session.series}-{number}-v{session.sequence}.pdf"
