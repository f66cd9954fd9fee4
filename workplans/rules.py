"""Dates of the plan's year, computed from the rule registry and the business-day calendar.

Every deadline here is read from ``directives.rules.rule``: the calendar points of Dir. 003
(§5.1 and §6.1.3) and Art. 24's twenty days. "First week of April" falls due on the last business
day of days 1–7 of April (``nth_business_day_of_week``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from directives.calendar import nth_business_day_of_week
from directives.rules import RuleValue, rule

PERIOD_RULES = {
    "q1": "evaluation.due.q1",
    "q2": "evaluation.due.q2",
    "q3": "evaluation.due.q3",
    "annual": "evaluation.due.annual",
}
REMINDER_RULE = "workplans.reminder_business_days_before"


def calendar_point(rule_value: RuleValue, year: int) -> datetime.date:
    """Turn a rule's {"month", "week"} or {"month", "day"} into a date of ``year``."""
    value = rule_value.value
    if "week" in value:
        return nth_business_day_of_week(year, value["month"], value["week"])
    return datetime.date(year, value["month"], value["day"])


def evaluation_due(year: int, period: str) -> tuple[datetime.date, RuleValue]:
    """Due date of a period's evaluation of the plan of ``year`` (Dir. 003 §6.1.3, §6.4.5)."""
    found = rule(PERIOD_RULES[period], on=datetime.date(year, 1, 1))
    return calendar_point(found, year), found


@dataclass(frozen=True)
class Milestone:
    key: str
    label: str
    due: datetime.date
    citation: str
    done_on: datetime.date | None

    @property
    def late(self) -> bool:
        return self.done_on is not None and self.done_on > self.due

    def overdue(self, today: datetime.date) -> bool:
        return self.done_on is None and today > self.due


def plan_milestones(plan) -> list[Milestone]:
    """Draft (first week of November), presentation (first week of December) of the year before,
    approval within the first twenty days of the plan's year (Art. 24, Dir. 003 §5.1, §6.1.1)."""
    year = plan.year
    on = datetime.date(year - 1, 10, 1)
    draft = rule("plan.draft_due", on=on)
    presentation = rule("plan.presentation_due", on=on)
    approval = rule("plan.approval_deadline", on=datetime.date(year, 1, 1))
    return [
        Milestone("draft", str(draft.name), calendar_point(draft, year - 1), draft.citation, plan.drafted_on),
        Milestone(
            "presentation",
            str(presentation.name),
            calendar_point(presentation, year - 1),
            presentation.citation,
            plan.presented_on,
        ),
        Milestone("approval", str(approval.name), calendar_point(approval, year), approval.citation, plan.approved_on),
    ]
