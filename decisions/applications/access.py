"""Fetch-or-raise helper of procedures (see ``mtigm.core.access``: 404 hidden, 403 not the user's)."""

from __future__ import annotations

from typing import Any

from mtigm.core import access

from ..models import Application
from .selectors import application_list


def access_application(
    user: Any, application_id: Any, *, action: str = "view", for_update: bool = False
) -> Application:
    queryset = Application.objects.all() if for_update else application_list()
    return access.fetch(user, "application", queryset, pk=application_id, action=action, for_update=for_update)
