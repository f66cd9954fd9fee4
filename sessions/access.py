"""Fetch-or-raise helpers of the sessions app (Zulip's ``access_*`` shape).

Each asks the access layer (``mtigm.core.access``): 404 when the object does not exist or is hidden
from the user (a support-commission representative and a session that is not extended, say), 403
when it is visible but ``action`` (a permission, e.g. "session.manage") is not theirs.
"""

from __future__ import annotations

from typing import Any

from mtigm.core import access

from .models import AgendaDocument, AgendaItem, Attendance, ExtraordinarySessionRequest, Session


def access_session(user: Any, session_id: Any, *, action: str = "view", for_update: bool = False) -> Session:
    queryset = Session.objects.select_related("group", "subgroup", "subgroup__group")
    return access.fetch(user, "session", queryset, pk=session_id, action=action, for_update=for_update)


def access_agenda_item(
    user: Any, item_id: Any, *, session: Session | None = None, action: str = "view", for_update: bool = False
) -> AgendaItem:
    """An item of the agenda; with ``session``, only an item of that session."""
    queryset = AgendaItem.objects.select_related("session", "session__subgroup", "presenter")
    if session is not None:
        queryset = queryset.filter(session=session)
    return access.fetch(user, "agenda_item", queryset, pk=item_id, action=action, for_update=for_update)


def access_agenda_document(user: Any, document_id: Any) -> AgendaDocument:
    queryset = AgendaDocument.objects.select_related("item__session")
    return access.fetch(user, "agenda_document", queryset, pk=document_id)


def access_attendance(
    user: Any, attendance_id: Any, *, session: Session | None = None, action: str = "view"
) -> Attendance:
    """An attendance row; with ``session``, only a row of that session."""
    queryset = Attendance.objects.select_related("session", "session__subgroup", "person", "entity")
    if session is not None:
        queryset = queryset.filter(session=session)
    return access.fetch(user, "attendance", queryset, pk=attendance_id, action=action)


def access_session_request(
    user: Any, request_id: Any, *, action: str = "view", for_update: bool = False
) -> ExtraordinarySessionRequest:
    queryset = ExtraordinarySessionRequest.objects.all()
    return access.fetch(user, "session_request", queryset, pk=request_id, action=action, for_update=for_update)
