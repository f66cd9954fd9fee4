import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directives.calendar import (
    add_business_days,
    business_days_between,
    is_business_day,
    latest_call_date,
    national_holiday_name,
    non_business_days_between,
    nth_business_day_of_week,
)
from directives.models import NonWorkingDay

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2014, 4, 17), "Jueves Santo"),
        (D(2014, 4, 18), "Viernes Santo"),
        (D(2015, 4, 2), "Jueves Santo"),
        (D(2015, 4, 3), "Viernes Santo"),
        (D(2014, 7, 28), "Día de la Independencia"),
        (D(2014, 7, 29), "Día de la Gran Parada Militar"),
        (D(2015, 7, 28), "Día de la Independencia"),
        (D(2015, 7, 29), "Día de la Gran Parada Militar"),
        (D(2014, 8, 30), "Santa Rosa de Lima"),
        (D(2014, 11, 1), "Todos Los Santos"),
        (D(2014, 12, 8), "Inmaculada Concepción"),
        (D(2022, 12, 9), "Batalla de Ayacucho"),
        (D(2022, 8, 6), "Batalla de Junín"),
        (D(2024, 6, 7), "Batalla de Arica y Día de la Bandera"),
    ],
)
def test_national_holidays_in_spanish(day, name):
    assert national_holiday_name(day) == name
    assert not is_business_day(day)


@pytest.mark.parametrize("day", [D(2014, 12, 9), D(2015, 12, 9), D(2014, 8, 6), D(2015, 8, 6), D(2023, 6, 7)])
def test_days_that_were_not_yet_holidays(day):
    # 9 Dec and 6 Aug are national holidays from 2022 only, 7 June from 2024 (Ley N° 31788).
    assert national_holiday_name(day) is None
    assert day.weekday() >= 5 or is_business_day(day)


def test_recorded_non_working_day_is_not_a_business_day():
    day = D(2015, 1, 2)  # a Friday
    assert is_business_day(day)
    NonWorkingDay.objects.create(date=day, reason="Día no laborable", legal_basis="D.S.")
    assert not is_business_day(day)
    assert [d.kind for d in non_business_days_between(D(2015, 1, 1), D(2015, 1, 3))] == ["recorded"]


def test_counting_is_strictly_between():
    # Mon 2014-07-21 -> Mon 2014-07-28: Tue..Fri between (4), 28 July is the session day itself.
    assert business_days_between(D(2014, 7, 21), D(2014, 7, 28)) == 4
    assert business_days_between(D(2014, 7, 21), D(2014, 7, 22)) == 0
    assert business_days_between(D(2014, 7, 22), D(2014, 7, 21)) == 0
    # Holy week 2014: Thu 17 and Fri 18 April are holidays.
    assert business_days_between(D(2014, 4, 14), D(2014, 4, 21)) == 2
    reasons = {d.date: d.kind for d in non_business_days_between(D(2014, 4, 14), D(2014, 4, 21))}
    assert reasons == {
        D(2014, 4, 17): "holiday",
        D(2014, 4, 18): "holiday",
        D(2014, 4, 19): "weekend",
        D(2014, 4, 20): "holiday",
    }  # Easter Sunday is a holiday too


def test_real_history_xvi_session_notice():
    # XVI ordinary session, Wed 12 March 2014: a call on Mon 3 March leaves Tue..Tue = 6 business days.
    assert business_days_between(D(2014, 3, 3), D(2014, 3, 12)) == 6
    assert latest_call_date(D(2014, 3, 12), 7) == D(2014, 3, 2)
    assert latest_call_date(D(2014, 3, 12), 0) == D(2014, 3, 12)


def test_add_business_days_skips_holidays():
    assert add_business_days(D(2014, 7, 25), 1) == D(2014, 7, 30)
    assert add_business_days(D(2014, 7, 25), 0) == D(2014, 7, 25)


def test_week_deadlines():
    # First week of April 2015 ends Tue 7 April; 2, 3 April are Holy Week; 7 April is a Tuesday.
    assert nth_business_day_of_week(2015, 4, 1) == D(2015, 4, 7)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    session=st.dates(min_value=D(2012, 1, 1), max_value=D(2030, 12, 31)),
    notice=st.integers(min_value=1, max_value=20),
)
def test_latest_call_date_is_the_inverse_of_the_count(session, notice):
    last = latest_call_date(session, notice)
    assert business_days_between(last, session) >= notice
    assert business_days_between(last + datetime.timedelta(days=1), session) < notice
