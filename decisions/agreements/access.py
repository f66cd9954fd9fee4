"""Fetch-or-raise helper of agreements (see ``mtigm.core.access``: 404 hidden, 403 not the user's)."""

from __future__ import annotations

from typing import Any

from mtigm.core import access

from ..models import Agreement


def access_agreement(user: Any, agreement_id: Any, *, action: str = "view", for_update: bool = False) -> Agreement:
    queryset = Agreement.objects.select_related("session", "session__subgroup", "owner", "ballot__kind")
    return access.fetch(user, "agreement", queryset, pk=agreement_id, action=action, for_update=for_update)
