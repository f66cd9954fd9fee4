"""Celery tasks of the sessions app: call PDFs, attachment renderers, and the periodic scan.

Reminders and alerts are not long countdowns: a beat task (``sessions_scan``, see beat.py) looks
every few minutes for what is due and queues outbox rows with keys that make each message unique,
so running it twice, or after an outage, sends each reminder exactly once.
"""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from directives.calendar import BusinessCalendar
from directives.rules import rule
from mtigm.core.outbox import RenderedAttachment, register_attachment

from .models import Session

logger = logging.getLogger(__name__)
State = Session.State
PLENARY = (Session.Kind.ORDINARY, Session.Kind.EXTRAORDINARY)
# Operational choices of the product, not rules of the Reglamento: when reminders go out.
REMINDER_BUSINESS_DAYS_BEFORE = 2
MORNING_REMINDER_HOUR = 7
DEADLINE_ALERT_DAYS = 3
PERIODICITY_ALERT_DAYS = 14


@register_attachment("sessions.call_pdf")
def call_pdf_attachment(session_id: int) -> RenderedAttachment:
    from .pdf import call_pdf_filename, render_call_pdf

    session = Session.objects.select_related("group", "subgroup").get(pk=session_id)
    content = render_call_pdf(session)
    _store_pdf(session, content)
    return (call_pdf_filename(session), content, "application/pdf")


@register_attachment("sessions.session_ics")
def session_ics_attachment(session_id: int) -> RenderedAttachment:
    from .ics import calendar_for

    session = Session.objects.select_related("group", "subgroup").get(pk=session_id)
    method = "CANCEL" if session.state == State.CANCELLED else "REQUEST"
    return ("sesion.ics", calendar_for([session], name="MTIGM", method=method), "text/calendar")


def _store_pdf(session: Session, content: bytes) -> None:
    from .pdf import call_pdf_filename

    if session.call_pdf_sequence == session.sequence and session.call_pdf:
        return
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.call_pdf_sequence == locked.sequence and locked.call_pdf:
            return
        locked.call_pdf.save(call_pdf_filename(locked), ContentFile(content), save=False)
        locked.call_pdf_sequence = locked.sequence
        # update() keeps updated_at (and so calendar clients' modified_since) untouched.
        Session.objects.filter(pk=locked.pk).update(call_pdf=locked.call_pdf.name, call_pdf_sequence=locked.sequence)


@shared_task(bind=True, max_retries=5, acks_late=True)
def session_render_call_pdf(self, session_id: int) -> str:  # type: ignore[no-untyped-def]
    """Render and store the call letter of the session's current sequence (idempotent)."""
    from .pdf import render_call_pdf

    session = Session.objects.filter(pk=session_id).first()
    if session is None or session.called_on is None:
        return "skipped"
    if session.call_pdf and session.call_pdf_sequence == session.sequence:
        return "up-to-date"
    try:
        _store_pdf(session, render_call_pdf(session))
    except Exception as exc:  # noqa: BLE001 - retried, and the scan renders it later anyway
        raise self.retry(exc=exc, countdown=30) from exc
    return "rendered"


def business_days_before(day: datetime.date, count: int) -> datetime.date:
    """The date ``count`` business days before ``day`` (``day`` itself not counted)."""
    calendar = BusinessCalendar(day - datetime.timedelta(days=count * 3 + 15), day)
    current = day
    while count:
        current -= datetime.timedelta(days=1)
        count -= calendar.is_business_day(current)
    return current


@shared_task
def sessions_scan(now_iso: str | None = None) -> dict[str, int]:
    """Queue what is due: reminders, the ST's notice-deadline and periodicity alerts, missing PDFs."""
    now = datetime.datetime.fromisoformat(now_iso) if now_iso else timezone.now()
    counts = {"reminders": 0, "deadline_alerts": 0, "periodicity_alerts": 0, "pdfs": 0}
    with transaction.atomic():
        counts["reminders"] = queue_reminders(now)
        counts["deadline_alerts"] = queue_deadline_alerts(now)
        counts["periodicity_alerts"] = queue_periodicity_alerts(now)
    for session_id in Session.objects.filter(
        state__in=[State.CALLED, State.POSTPONED], called_on__isnull=False, call_pdf=""
    ).values_list("pk", flat=True)[:50]:
        session_render_call_pdf.apply_async(args=[session_id], retry=False)
        counts["pdfs"] += 1
    return counts


def queue_reminders(now: datetime.datetime) -> int:
    from .services import enqueue_session_messages

    today = timezone.localdate(now)
    count = 0
    upcoming = Session.objects.filter(
        state=State.CALLED,
        starts_at__gte=now,
        starts_at__lt=now + datetime.timedelta(days=15),
    )
    for session in upcoming:
        day = timezone.localdate(session.starts_at)
        if today == day and timezone.localtime(now).hour >= MORNING_REMINDER_HOUR:
            count += enqueue_session_messages(session, kind="session_reminder_day", today=today)
        elif business_days_before(day, REMINDER_BUSINESS_DAYS_BEFORE) <= today < day:
            count += enqueue_session_messages(session, kind="session_reminder_2bd", today=today)
    return count


def queue_deadline_alerts(now: datetime.datetime) -> int:
    """Warn the ST when a scheduled (draft) plenary session's last valid call date is near or past."""
    from .services import enqueue_secretariat_alert, latest_valid_call_date, when_text

    today = timezone.localdate(now)
    count = 0
    drafts = Session.objects.filter(state=State.DRAFT, kind__in=PLENARY, starts_at__gte=now)
    for session in drafts:
        latest = latest_valid_call_date(session)
        if latest is None or (latest - today).days > DEADLINE_ALERT_DAYS:
            continue
        notice = rule(f"session.notice_business_days.{session.kind}", on=today)
        if latest >= today:
            subject = f"Plazo de citación: {session.title} debe citarse a más tardar el {latest:%d/%m/%Y}"
            body = (
                f"La {session.title} ({when_text(session)}) sigue en borrador. Para respetar la anticipación de "
                f"{notice.value} días hábiles ({notice.citation}), la citación debe cursarse a más tardar el "
                f"{latest:%d/%m/%Y}."
            )
        else:
            subject = f"Plazo de citación vencido: {session.title}"
            body = (
                f"La {session.title} ({when_text(session)}) no fue citada y ya no puede citarse con la anticipación "
                f"de {notice.value} días hábiles ({notice.citation}). Reprograme la fecha."
            )
        count += enqueue_secretariat_alert(
            key=f"session:{session.pk}:deadline:{latest.isoformat()}:{'near' if latest >= today else 'past'}",
            subject=subject,
            body=body,
            related=session,
        )
    return count


def queue_periodicity_alerts(now: datetime.datetime) -> int:
    """R4: before a two-month period (or semester) closes without its session, tell the ST."""
    from .selectors import periodicity_compliance
    from .services import enqueue_secretariat_alert

    today = timezone.localdate(now)
    count = 0
    for period in periodicity_compliance(today.year):
        if period.complied or not (period.start <= today <= period.end):
            continue
        if (period.end - today).days > PERIODICITY_ALERT_DAYS:
            continue
        what = "sesión ordinaria" if period.kind == "ordinary" else "sesión ampliada"
        subject = f"Periodicidad: el periodo {period.label} aún no tiene {what}"
        body = (
            f"El periodo {period.label} termina el {period.end:%d/%m/%Y} y aún no tiene una {what} programada "
            f"({period.citation}). Programe y cite la sesión respetando la anticipación reglamentaria."
        )
        count += enqueue_secretariat_alert(
            key=f"periodicity:{period.kind}:{period.start.isoformat()}", subject=subject, body=body
        )
    return count
