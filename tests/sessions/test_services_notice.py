"""Art. 11 notice in business days around Peru's holidays, counted strictly between call and session."""

import datetime

import pytest

from directives.models import NonWorkingDay
from mtigm.core.errors import RuleViolation
from sessions import services
from sessions.models import Session

from .conftest import aware, draft_session

D = datetime.date
pytestmark = pytest.mark.django_db


def call_on(commission, session, day):
    return services.session_call(actor=commission.st, session=session, now=aware(day, 9))


@pytest.mark.parametrize(
    ("session_day", "kind", "last_valid", "first_late"),
    [
        # Holy Week 2025: Thursday 17 and Friday 18 April are holidays. Without them the last valid
        # call for Wednesday 23 April would be Friday 11 April.
        (D(2025, 4, 23), Session.Kind.ORDINARY, D(2025, 4, 9), D(2025, 4, 10)),
        # Independence days 28-29 July 2025 (Monday, Tuesday), extraordinary session: 3 business days.
        (D(2025, 8, 1), Session.Kind.EXTRAORDINARY, D(2025, 7, 24), D(2025, 7, 25)),
        # 8 and 9 December 2025 (Immaculate Conception, Battle of Ayacucho): a call on Sunday 30
        # November still leaves the 7 business days 1-5, 10 and 11 December.
        (D(2025, 12, 12), Session.Kind.ORDINARY, D(2025, 11, 30), D(2025, 12, 1)),
    ],
)
def test_notice_counts_business_days_around_holidays(commission, session_day, kind, last_valid, first_late):
    assert services.latest_call_date(session_day, 7 if kind == Session.Kind.ORDINARY else 3) == last_valid

    late = draft_session(commission, day=session_day, kind=kind)
    with pytest.raises(RuleViolation) as refused:
        call_on(commission, late, first_late)
    assert "Art. 11" in str(refused.value)
    assert refused.value.rule_key == f"session.notice_business_days.{kind}"
    assert last_valid.strftime("%d/%m/%Y") in str(refused.value)
    late.refresh_from_db()
    assert late.state == Session.State.DRAFT and late.called_on is None  # nothing half-saved

    called = call_on(commission, late, last_valid)
    assert called.state == Session.State.CALLED
    assert called.called_on == last_valid


def test_recorded_non_working_day_moves_the_deadline(commission):
    NonWorkingDay.objects.create(date=D(2025, 4, 16), reason="Día no laborable decretado")
    session = draft_session(commission, day=D(2025, 4, 23))
    with pytest.raises(RuleViolation):
        call_on(commission, session, D(2025, 4, 9))
    assert call_on(commission, session, D(2025, 4, 8)).state == Session.State.CALLED


def test_group_meetings_need_no_plenary_notice(commission):
    from tests.factories.members import GroupCoordinatorFactory, WorkingGroupFactory

    group = WorkingGroupFactory()
    GroupCoordinatorFactory(group=group, entity=commission.members[1])
    coordinator = commission.user("MIEMBRO1")
    meeting = services.session_create(
        actor=coordinator, kind=Session.Kind.GROUP, group=group, starts_at=aware(D(2025, 4, 23)), place="MTPE"
    )
    services.agenda_item_add(actor=coordinator, session=meeting, title="Avance del subgrupo")
    called = services.session_call(actor=coordinator, session=meeting, now=aware(D(2025, 4, 22), 9))
    assert called.state == Session.State.CALLED
    # Another member's representative cannot convene that group.
    from mtigm.core.errors import AccessDenied

    with pytest.raises(AccessDenied):
        services.session_create(
            actor=commission.user("MIEMBRO2"),
            kind=Session.Kind.GROUP,
            group=group,
            starts_at=aware(D(2025, 5, 23)),
        )
