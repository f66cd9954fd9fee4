"""Fetch-or-raise helper of the minutes (see ``mtigm.core.access``: 404 hidden, 403 not the user's)."""

from __future__ import annotations

from typing import Any

from mtigm.core import access

from ..models import Minutes


def access_minutes(user: Any, minutes_id: Any, *, action: str = "view", for_update: bool = False) -> Minutes:
    queryset = Minutes.objects.select_related("session", "session__subgroup", "approved_in_session", "supersedes")
    return access.fetch(user, "minutes", queryset, pk=minutes_id, action=action, for_update=for_update)
