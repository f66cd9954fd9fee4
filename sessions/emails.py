"""The e-mails of the sessions app: calls, reschedules, postponements, cancellations, reminders and
the Secretaría Técnica's alerts, composed here and queued in the outbox inside the caller's
transaction (``mtigm.core.outbox``), so a refused action sends nothing and a committed one cannot
lose its messages. Services decide when to write; this module decides what is written.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from directives.calendar import subtract_business_days
from members.selectors import secretariat_people
from mtigm.core.outbox import Attachment, in_commission_language, outbox_enqueue

from .models import AgendaItem, Session
from .selectors import (
    PLENARY_KINDS,
    latest_valid_call_date,
    notice_rule,
    periodicity_compliance,
    session_addressees,
)

State = Session.State
# Operational choices of the product, not rules of the Reglamento: when reminders and alerts go out.
REMINDER_BUSINESS_DAYS_BEFORE = 2
MORNING_REMINDER_HOUR = 7
DEADLINE_ALERT_DAYS = 3
PERIODICITY_ALERT_DAYS = 14

SUBJECTS = {
    "session_call": "Citación: %(title)s — %(when)s",
    "session_rescheduled": "Reprogramación: %(title)s — %(when)s",
    "session_postponed": "Postergación: %(title)s",
    "session_cancelled": "Cancelación: %(title)s",
    "session_reminder_2bd": "Recordatorio: %(title)s — %(when)s",
    "session_reminder_day": "Hoy: %(title)s — %(when)s",
}
# Messages that carry the call letter; every message but the morning reminder carries the .ics.
WITH_CALL_LETTER = ("session_call", "session_rescheduled")
WITHOUT_ICS = ("session_reminder_day",)


def when_text(session: Session) -> str:
    local = timezone.localtime(session.starts_at)
    return local.strftime("%d/%m/%Y, %H:%M")


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@in_commission_language
def enqueue_session_messages(session: Session, *, kind: str, today: datetime.date) -> int:
    """Queue one message per titular and alternate called, inside the caller's transaction.

    The key names session, ICS sequence, kind and person: running this twice queues nothing new,
    and a reschedule (new sequence) is a new message.
    """
    items = list(session.agenda_items.filter(status=AgendaItem.Status.ACCEPTED).select_related("presenter"))
    url = _site_url(reverse("sessions:detail", args=[session.pk]))
    notice = notice_rule(session.kind, on=today) if session.kind in PLENARY_KINDS else None
    count = 0
    seen: set[int] = set()
    for designation in session_addressees(session, on=today):
        person = designation.person
        if not person.email or person.pk in seen:
            continue
        seen.add(person.pk)
        context = {
            "session": session,
            "kind": kind,
            "items": items,
            "designation": designation,
            "person": person,
            "url": url,
            "when": when_text(session),
            "notice": notice,
        }
        attachments = []
        if kind in WITH_CALL_LETTER:
            attachments.append(Attachment("sessions.call_pdf", {"session_id": session.pk}))
        if kind not in WITHOUT_ICS:
            attachments.append(Attachment("sessions.session_ics", {"session_id": session.pk}))
        outbox_enqueue(
            key=f"session:{session.pk}:s{session.sequence}:{kind}:p{person.pk}",
            kind=kind,
            recipient=person.email,
            recipient_name=str(person),
            subject=SUBJECTS[kind] % {"title": session.title, "when": when_text(session)},
            body_text=render_to_string("sessions/email/session_message.txt", context),
            body_html=render_to_string("sessions/email/session_message.html", context),
            attachments=attachments,
            related=session,
        )
        count += 1
    return count


def enqueue_secretariat_alert(*, key: str, subject: str, body: str, related: Session | None = None) -> int:
    count = 0
    for person in secretariat_people():
        outbox_enqueue(
            key=f"{key}:p{person.pk}",
            kind="secretariat_alert",
            recipient=person.email,
            recipient_name=str(person),
            subject=subject,
            body_text=body,
            related=related,
        )
        count += 1
    return count


# Reminders and alerts, found by the periodic scan (tasks.sessions_scan) ------------------------------


def queue_reminders(now: datetime.datetime) -> int:
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
        elif subtract_business_days(day, REMINDER_BUSINESS_DAYS_BEFORE) <= today < day:
            count += enqueue_session_messages(session, kind="session_reminder_2bd", today=today)
    return count


def queue_deadline_alerts(now: datetime.datetime) -> int:
    """Warn the ST when a scheduled (draft) plenary session's last valid call date is near or past."""
    today = timezone.localdate(now)
    count = 0
    drafts = Session.objects.filter(state=State.DRAFT, kind__in=PLENARY_KINDS, starts_at__gte=now)
    for session in drafts:
        latest = latest_valid_call_date(session)
        if latest is None or (latest - today).days > DEADLINE_ALERT_DAYS:
            continue
        notice = notice_rule(session.kind, on=today)
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
