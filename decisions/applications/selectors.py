"""Reads of the procedures that end in a vote (R14–R18, R24)."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from ..models import Application


def application_list() -> QuerySet[Application]:
    return (
        Application.objects.select_related("entity", "ballot", "agenda_item__session", "group", "subgroup", "norm")
        .annotate(backer_count=Count("backers", distinct=True))
        .order_by("-received_on", "-pk")
    )
