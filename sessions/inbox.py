"""What the sessions app puts in the home page's inbox: the next session (with its call deadline for
who convenes it), draft sessions and open requests for an extraordinary session."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mtigm.core import access
from mtigm.core.access import UserRoles
from mtigm.core.inbox import InboxItem, InboxSection, Urgency, section, urgency

from .models import ExtraordinarySessionRequest, Session
from .selectors import latest_valid_call_date, notice_rule


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _manages_plenary(roles: UserRoles) -> bool:
    """Whether the user runs sessions of the Plenary (the ST; the Presidency convenes them, Art. 10).

    Asked of an unsaved ordinary session: the matrix's conditions read only its kind."""
    return access.can(roles, "session.manage", Session(kind=Session.Kind.ORDINARY))


def _session_url(session: Session) -> str:
    return reverse("sessions:detail", args=[session.pk])


def _call_deadline_item(session: Session, today: datetime.date) -> InboxItem:
    """A draft plenary: the last day a call still gives the notice of Art. 11."""
    deadline = latest_valid_call_date(session)
    day = timezone.localdate(session.starts_at)
    citation = notice_rule(session.kind, on=day).citation
    when = date_format(timezone.localtime(session.starts_at), "j \\d\\e F, H:i")
    if deadline is None:  # not a plenary: no notice applies
        return InboxItem(session.title, _session_url(session), day, urgency(day, today), when)
    detail = _("Sesión el %(when)s; citar a más tardar el %(deadline)s (%(citation)s).") % {
        "when": when,
        "deadline": date_format(deadline, "j \\d\\e F"),
        "citation": citation,
    }
    return InboxItem(session.title, _session_url(session), deadline, urgency(deadline, today), detail)


def next_session(roles: UserRoles) -> Iterable[InboxSection]:
    """The next session of the Plenary the user is called to (support commissions: extended ones,
    as the matrix scopes them). Who convenes it sees drafts too, with the call's deadline."""
    manages = _manages_plenary(roles)
    states = [Session.State.CALLED, Session.State.IN_SESSION] + ([Session.State.DRAFT] if manages else [])
    # From today on: a session left open on an earlier day is not "next" (its ballots have their own section).
    upcoming = Session.objects.filter(
        kind__in=Session.PLENARY_KINDS, state__in=states, starts_at__gte=_start_of(roles.day)
    )
    today = roles.day

    def to_item(session: Session) -> InboxItem:
        if session.state == Session.State.DRAFT:
            return _call_deadline_item(session, today)
        day = timezone.localdate(session.starts_at)
        # The date is the item's own; the detail adds the hour and the place.
        hour = date_format(timezone.localtime(session.starts_at), "H:i")
        detail = _("En sesión") if session.state == Session.State.IN_SESSION else hour
        if session.place:
            detail = f"{detail} · {session.place}"
        return InboxItem(session.title, _session_url(session), day, Urgency.NONE, detail)

    found = section(
        "next_session",
        gettext_lazy("Próxima sesión"),
        access.scope_visible(upcoming, roles, "session").order_by("starts_at"),
        to_item,
        url=reverse("sessions:list"),
        order=10,
        limit=1,
    )
    # Only the next one: the count says there is one, the sessions page lists the others.
    yield InboxSection(found.key, found.title, min(found.count, 1), found.items, found.url, found.order)


def draft_sessions(roles: UserRoles) -> Iterable[InboxSection]:
    """Sessions the user runs that are still drafts (not yet called)."""
    if not access.can(roles, "session.manage"):
        return
    drafts = access.scope(Session.objects.filter(state=Session.State.DRAFT), roles, "session.manage")
    today = roles.day

    def to_item(session: Session) -> InboxItem:
        day = timezone.localdate(session.starts_at)
        return InboxItem(session.title, _session_url(session), day, urgency(day, today), session.get_kind_display())

    yield section(
        "draft_sessions",
        gettext_lazy("Sesiones en borrador"),
        drafts.select_related("group", "subgroup").order_by("starts_at"),
        to_item,
        url=reverse("sessions:list"),
        order=20,
    )


def open_requests(roles: UserRoles) -> Iterable[InboxSection]:
    """Requests for an extraordinary session still gathering backing, for who convenes the Plenary (Art. 10, 27)."""
    if not _manages_plenary(roles):
        return
    requests = access.scope_visible(
        ExtraordinarySessionRequest.objects.filter(status=ExtraordinarySessionRequest.Status.OPEN),
        roles,
        "session_request",
    ).annotate(backing_count=Count("backings"))
    url = reverse("sessions:requests")

    def to_item(request: ExtraordinarySessionRequest) -> InboxItem:
        detail = _("Presentado el %(date)s; lo respaldan %(count)s entidades.") % {
            "date": date_format(timezone.localdate(request.created_at), "j \\d\\e F"),
            "count": request.backing_count,  # type: ignore[attr-defined]
        }
        return InboxItem(request.subject, url, detail=detail)

    yield section(
        "open_requests",
        gettext_lazy("Pedidos de sesión extraordinaria"),
        requests.order_by("created_at"),
        to_item,
        url=url,
        order=60,
    )


INBOX = [next_session, draft_sessions, open_requests]
