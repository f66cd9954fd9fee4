"""Fetch-or-raise helper of ballots (see ``mtigm.core.access``: 404 hidden, 403 not the user's)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from mtigm.core import access

from ..models import Ballot


def access_ballot(user: Any, ballot_id: Any, *, action: str = "view", for_update: bool = False) -> Ballot:
    queryset = Ballot.objects.select_related("session", "session__subgroup", "agenda_item", "kind", "casting_person")
    if not for_update:
        # How many voted, for the page; a locked read does not aggregate.
        queryset = queryset.annotate(votes_cast=Count("votes"))
    return access.fetch(user, "ballot", queryset, pk=ballot_id, action=action, for_update=for_update)
