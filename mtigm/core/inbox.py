"""The home page's inbox ("Mi bandeja"): what needs the user's attention, each item linking to its action.

Like the menu (``mtigm.core.menu``), each app contributes from its own ``inbox.py``: a module-level
``INBOX`` lists providers, functions that take the user's roles (``UserRoles``) and return
``InboxSection`` objects. Providers decide what a user sees through the access layer
(``access.can``, ``access.scope``, ``access.scope_visible``), so the inbox and the pages it links to
never disagree, and this module never imports an app.

A section shows a count and at most ``INBOX_LIMIT`` items. Providers fetch both with one query per
section (``bounded``), so the home page costs the same number of queries whatever the data's size.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from django.db import models
from django.db.models import Count, Window
from django.utils.functional import Promise

from .access import UserRoles
from .discovery import app_modules

# How many items a section lists; the rest is counted and reached through the section's page.
INBOX_LIMIT = 5
# How close a due date must be to be marked "soon". A presentation choice of the inbox, not a
# deadline of the regulation (those come from the rule registry).
SOON_DAYS = 7

ModelT = TypeVar("ModelT", bound=models.Model)


class Urgency(enum.StrEnum):
    LATE = "late"
    SOON = "soon"
    NONE = ""


def urgency(due: datetime.date | None, today: datetime.date) -> Urgency:
    """LATE once ``due`` has passed, SOON within ``SOON_DAYS`` of it, NONE otherwise or without a date."""
    if due is None:
        return Urgency.NONE
    if due < today:
        return Urgency.LATE
    if (due - today).days <= SOON_DAYS:
        return Urgency.SOON
    return Urgency.NONE


@dataclass(frozen=True)
class InboxItem:
    label: str
    url: str  # the page where the user acts on the item
    due: datetime.date | None = None
    urgency: Urgency = Urgency.NONE
    detail: str = ""


@dataclass(frozen=True)
class InboxSection:
    key: str  # stable, for tests and CSS hooks
    title: str | Promise
    count: int
    items: tuple[InboxItem, ...]
    url: str = ""  # the page with the whole list, when the section shows only part of it
    order: int = 100

    @property
    def more(self) -> int:
        return max(self.count - len(self.items), 0)


Provider = Callable[[UserRoles], Iterable[InboxSection]]


def bounded(queryset: models.QuerySet[ModelT], limit: int = INBOX_LIMIT) -> tuple[list[ModelT], int]:
    """The first ``limit`` rows of ``queryset`` and how many there are in all, in one query.

    The total comes from a window count over the whole result, computed before the LIMIT applies.
    """
    rows = list(queryset.annotate(inbox_total=Window(Count("*")))[:limit])
    total = getattr(rows[0], "inbox_total", 0) if rows else 0
    return rows, total


def section(
    key: str,
    title: str | Promise,
    queryset: models.QuerySet[Any],
    to_item: Callable[[Any], InboxItem],
    *,
    url: str = "",
    order: int = 100,
    limit: int = INBOX_LIMIT,
) -> InboxSection:
    """A section made of the first ``limit`` rows of ``queryset`` (one query), each turned into an item."""
    rows, total = bounded(queryset, limit)
    return InboxSection(key=key, title=title, count=total, items=tuple(map(to_item, rows)), url=url, order=order)


@cache
def _providers() -> tuple[Provider, ...]:
    return tuple(provider for module in app_modules("inbox") for provider in getattr(module, "INBOX", ()))


def inbox_for(user_roles: UserRoles) -> list[InboxSection]:
    """The sections with something pending for the user, in their order."""
    if not user_roles.authenticated:
        return []
    sections = [s for provider in _providers() for s in provider(user_roles) if s.count > 0]
    return sorted(sections, key=lambda s: (s.order, str(s.title)))
