"""iCalendar output of sessions (RFC 5545), written with the ``icalendar`` package.

UIDs are stable (one per session, never reused), SEQUENCE follows ``Session.sequence`` (raised on
every reschedule, postponement or cancellation), and a cancelled session stays in the feed with
STATUS:CANCELLED so that calendar apps remove it instead of keeping a stale event.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Session

ICS_STATUS = {
    Session.State.DRAFT: "TENTATIVE",
    Session.State.CALLED: "CONFIRMED",
    Session.State.IN_SESSION: "CONFIRMED",
    Session.State.HELD: "CONFIRMED",
    Session.State.POSTPONED: "TENTATIVE",
    Session.State.CANCELLED: "CANCELLED",
}
DEFAULT_DURATION = datetime.timedelta(hours=2)


def uid_for(session: Session) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "mtigm"
    return f"sesion-{session.pk}@{host}"


def session_url(session: Session) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("sessions:detail", args=[session.pk])


def session_event(session: Session) -> Event:
    event = Event()
    event.add("uid", uid_for(session))
    event.add("dtstamp", session.updated_at or timezone.now())
    event.add("sequence", session.sequence)
    event.add("summary", f"MTIGM — {session.title}")
    start = timezone.localtime(session.starts_at)
    event.add("dtstart", start)
    event.add("dtend", timezone.localtime(session.ends_at) if session.ends_at else start + DEFAULT_DURATION)
    event.add("status", ICS_STATUS[Session.State(session.state)])
    location = session.place or session.video_link
    if location:
        event.add("location", location)
    event.add("url", session_url(session))
    items = getattr(session, "accepted_items", None)
    if items is None:
        items = list(session.agenda_items.filter(status="accepted"))
    lines = [f"{item.position}. {item.title}" for item in items]
    if session.video_link:
        lines.append(f"Videoconferencia: {session.video_link}")
    if session.state_reason and session.state in (Session.State.CANCELLED, Session.State.POSTPONED):
        lines.append(f"Motivo: {session.state_reason}")
    if lines:
        event.add("description", "Agenda:\n" + "\n".join(lines))
    return event


def calendar_for(sessions: Iterable[Session], *, name: str, method: str | None = None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//MTIGM//Sesiones//ES")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    if method:
        calendar.add("method", method)
    for session in sessions:
        calendar.add_component(session_event(session))
    # Adds the VTIMEZONE of America/Lima for the TZID used by the events.
    calendar.add_missing_timezones()
    return calendar.to_ical()
