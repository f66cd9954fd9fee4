import datetime

import pytest

from directives.models import NonWorkingDay
from workplans.models import Plan
from workplans.rules import evaluation_due, plan_milestones

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        # Q1 2015: Holy Thursday and Good Friday (2–3 April) are holidays; the first week ends Tue 7 April.
        ("q1", datetime.date(2015, 4, 7)),
        ("q2", datetime.date(2015, 7, 7)),
        ("q3", datetime.date(2015, 10, 7)),
        ("annual", datetime.date(2015, 12, 21)),
    ],
)
def test_due_dates_2015(period, expected):
    due, found = evaluation_due(2015, period)
    assert due == expected
    assert "6.1.3" in found.citation


def test_due_date_moves_back_over_holidays_and_recorded_days():
    # In 2018 the first week of April ends Saturday 7; Friday 6 is a business day.
    assert evaluation_due(2018, "q1")[0] == datetime.date(2018, 4, 6)
    NonWorkingDay.objects.create(date=datetime.date(2015, 4, 7), reason="Día no laborable decretado")
    NonWorkingDay.objects.create(date=datetime.date(2015, 4, 6), reason="Día no laborable decretado")
    # 6–7 April recorded, 4–5 weekend, 2–3 Holy Week: the due date falls back to Wednesday 1 April.
    assert evaluation_due(2015, "q1")[0] == datetime.date(2015, 4, 1)


def test_plan_milestones_from_rule_registry():
    plan = Plan(year=2015)
    draft, presentation, approval = plan_milestones(plan)
    assert draft.due == datetime.date(2014, 11, 7)
    assert presentation.due == datetime.date(2014, 12, 5)
    assert approval.due == datetime.date(2015, 1, 20)
    assert "Art. 24" in approval.citation
