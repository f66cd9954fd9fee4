"""Fetch-or-raise helpers of the Global Compact follow-up: 404 when the object does not exist or is
hidden from the user, 403 when it is visible but ``action`` (a permission) is not theirs."""

from __future__ import annotations

from typing import Any

from members.models import Entity
from mtigm.core import access

from .models import Consultation, Contribution, ContributionDocument, FocalPoint


def access_focal_point(user: Any, pk: Any, *, action: str = "view", for_update: bool = False) -> FocalPoint:
    queryset = FocalPoint.objects.select_related("entity", "objective", "area", "person")
    return access.fetch(user, "focal_point", queryset, pk=pk, action=action, for_update=for_update)


def access_entity_for_focal_points(user: Any, pk: Any) -> Entity:
    """An entity whose focal points the user may name: its representatives and the ST."""
    return access.fetch(user, "entity", Entity.objects.all(), pk=pk, action="focal_point.manage")


def access_consultation(user: Any, pk: Any, *, action: str = "view", for_update: bool = False) -> Consultation:
    queryset = Consultation.objects.prefetch_related("objectives", "invited")
    return access.fetch(user, "consultation", queryset, pk=pk, action=action, for_update=for_update)


def access_contribution(user: Any, pk: Any, *, action: str = "view", for_update: bool = False) -> Contribution:
    queryset = Contribution.objects.select_related("consultation", "entity", "objective").prefetch_related(
        "plan_products", "agreements", "documents"
    )
    return access.fetch(user, "contribution", queryset, pk=pk, action=action, for_update=for_update)


def access_contribution_document(user: Any, pk: Any) -> ContributionDocument:
    queryset = ContributionDocument.objects.select_related("contribution__entity", "contribution__consultation")
    return access.fetch(user, "contribution_document", queryset, pk=pk)
