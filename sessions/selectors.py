"""Reads of the sessions app. ``quorum_status`` is the single place quorum is computed (R2, R9)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from directives.rules import RuleValue, rule
from members.models import EntityKind, Membership

from .models import Session


def member_entity_ids_on(day: datetime.date) -> set[int]:
    """Member entities in office on ``day``; observers and support commissions never count (Art. 12)."""
    return set(Membership.objects.on(day).filter(kind=EntityKind.MEMBER).values_list("entity_id", flat=True))


def present_member_entity_ids(session: Session) -> set[int]:
    """Member entities with at least one representative present now: an entity counts once (Art. 7.7)."""
    members = member_entity_ids_on(timezone.localdate(session.starts_at))
    return set(
        session.attendances.filter(left_at__isnull=True, entity_id__in=members)
        .values_list("entity_id", flat=True)
        .distinct()
    )


def quorum_required(members_in_office: int, *, on: datetime.date) -> tuple[int, RuleValue]:
    """Quorum from the rule registry's formula: floor(n * numerator / denominator) + plus."""
    formula = rule("session.quorum", on=on)
    value = formula.value
    return (members_in_office * value["numerator"]) // value["denominator"] + value["plus"], formula


@dataclass(frozen=True)
class QuorumStatus:
    members_in_office: int
    present: int
    required: int
    citation: str
    tolerance_ends_at: datetime.datetime
    tolerance_citation: str

    @property
    def has_quorum(self) -> bool:
        return self.present >= self.required

    @property
    def missing(self) -> int:
        return max(self.required - self.present, 0)

    def tolerance_elapsed(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.tolerance_ends_at


def quorum_status(session: Session) -> QuorumStatus:
    day = timezone.localdate(session.starts_at)
    members = member_entity_ids_on(day)
    required, formula = quorum_required(len(members), on=day)
    tolerance = rule("session.quorum_tolerance_minutes", on=day)
    present = session.attendances.filter(left_at__isnull=True, entity_id__in=members).values("entity_id").distinct()
    return QuorumStatus(
        members_in_office=len(members),
        present=present.count(),
        required=required,
        citation=formula.citation,
        tolerance_ends_at=session.starts_at + datetime.timedelta(minutes=int(tolerance.value)),
        tolerance_citation=tolerance.citation,
    )
