"""Reads of agreements and their follow-up (Art. 18.9)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from sessions.models import Session

from ..models import Agreement


def agreement_list(
    *, open_only: bool = False, public_only: bool = False, session: Session | None = None
) -> QuerySet[Agreement]:
    queryset = Agreement.objects.select_related("session", "session__subgroup", "owner", "ballot__kind", "certified_by")
    if open_only:
        queryset = queryset.exclude(status=Agreement.Status.DONE)
    if public_only:
        queryset = queryset.filter(public=True)
    if session is not None:
        queryset = queryset.filter(session=session)
    return queryset.order_by("session__starts_at", "number")


def agreements_in_order(ids: Iterable[int]) -> list[Agreement]:
    """The agreements ``ids`` (one page of a list), with their joins, in the order given.

    A list pages its agreements' ids first (a narrow query, however many agreements there are),
    then reads the page's fifty with everything they show: sorting every agreement with its session,
    entity and ballot joined costs more as the years pass, sorting ids does not."""
    wanted = list(ids)
    found = agreement_list().in_bulk(wanted)
    return [found[pk] for pk in wanted if pk in found]


def agreements_due_for_reminder(today: datetime.date, days_before: int) -> QuerySet[Agreement]:
    """Open agreements with an owner whose due date is within ``days_before`` days and not yet reminded."""
    return (
        Agreement.objects.filter(
            status__in=[Agreement.Status.PENDING, Agreement.Status.IN_PROGRESS],
            owner__isnull=False,
            due_date__gte=today,
            due_date__lte=today + datetime.timedelta(days=days_before),
            reminder_sent_on__isnull=True,
        )
        .select_related("session", "owner")
        .order_by("due_date")
    )


def agreements_overdue(today: datetime.date) -> QuerySet[Agreement]:
    return (
        Agreement.objects.filter(due_date__lt=today)
        .exclude(status=Agreement.Status.DONE)
        .filter(Q(overdue_notified_on__isnull=True) | ~Q(status=Agreement.Status.OVERDUE))
        .select_related("session", "owner")
        .order_by("due_date")
    )
