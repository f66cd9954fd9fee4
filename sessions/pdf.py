"""The call letter (citación) as a PDF, rendered by WeasyPrint. Called only from Celery tasks."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import AgendaItem, Session


def render_call_pdf(session: Session) -> bytes:
    from weasyprint import HTML  # imported here: the web process never renders PDFs

    from .services import notice_rule, when_text

    fonts = settings.BASE_DIR / "static" / "fonts"
    with translation.override("es"):
        html = render_to_string(
            "sessions/pdf/call_letter.html",
            {
                "session": session,
                "items": session.agenda_items.filter(status=AgendaItem.Status.ACCEPTED).select_related("presenter"),
                "when": when_text(session),
                "local_start": timezone.localtime(session.starts_at),
                "called_on": session.called_on,
                "notice": notice_rule(session.kind, on=session.called_on or timezone.localdate())
                if session.is_plenary
                else None,
                "font_regular": (fonts / "DejaVuSans.ttf").as_uri(),
                "font_bold": (fonts / "DejaVuSans-Bold.ttf").as_uri(),
            },
        )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def call_pdf_filename(session: Session) -> str:
    number = session.number or session.pk
    return f"citacion-{session.series}-{number}-v{session.sequence}.pdf"
