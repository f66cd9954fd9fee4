"""Business days in Peru: the one place every deadline is counted.

A business day is a weekday that is neither a national holiday of Peru (the ``holidays`` package)
nor a non-working day recorded by the Secretaría Técnica (``NonWorkingDay``).
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays

ONE_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=64)
def _national_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("PE", years=year).keys())


def national_holiday_name(day: datetime.date) -> str | None:
    return holidays.country_holidays("PE", years=day.year, language="es").get(day)


def _recorded_days(start: datetime.date, end: datetime.date) -> set[datetime.date]:
    from .models import NonWorkingDay

    return set(NonWorkingDay.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True))


class BusinessCalendar:
    """Answers business-day questions for a date range with one query for recorded days."""

    def __init__(self, start: datetime.date, end: datetime.date) -> None:
        self.start, self.end = start, end
        self.recorded = _recorded_days(start, end)

    def is_business_day(self, day: datetime.date) -> bool:
        if not self.start <= day <= self.end:
            raise ValueError(f"{day} is outside the calendar's range {self.start}..{self.end}")
        return day.weekday() < 5 and day not in _national_holidays(day.year) and day not in self.recorded


def is_business_day(day: datetime.date) -> bool:
    return BusinessCalendar(day, day).is_business_day(day)


def business_days_between(start: datetime.date, end: datetime.date) -> int:
    """Count the business days strictly between ``start`` and ``end`` (both excluded).

    This is how Art. 11 notice is counted: neither the day of the call nor the day of the session.
    Returns 0 when ``end`` is not after ``start``.
    """
    if end <= start + ONE_DAY:
        return 0
    first, last = start + ONE_DAY, end - ONE_DAY
    calendar = BusinessCalendar(first, last)
    count, day = 0, first
    while day <= last:
        count += calendar.is_business_day(day)
        day += ONE_DAY
    return count


def add_business_days(start: datetime.date, days: int) -> datetime.date:
    """The date that is ``days`` business days after ``start`` (``start`` itself not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    # A generous window: no run of non-working days in Peru is longer than a week.
    calendar = BusinessCalendar(start, start + datetime.timedelta(days=days * 3 + 15))
    day = start
    while days:
        day += ONE_DAY
        days -= calendar.is_business_day(day)
    return day


def latest_call_date(session_date: datetime.date, notice_business_days: int) -> datetime.date:
    """The last day on which a call still leaves ``notice_business_days`` strictly before the session."""
    calendar = BusinessCalendar(session_date - datetime.timedelta(days=notice_business_days * 3 + 15), session_date)
    day, remaining = session_date, notice_business_days
    while remaining:
        day -= ONE_DAY
        remaining -= calendar.is_business_day(day)
    return day - ONE_DAY


def nth_business_day_of_week(year: int, month: int, week: int) -> datetime.date:
    """The last business day of the ``week``-th week (1-based, weeks of 7 days from day 1) of a month.

    Deadlines such as "first week of April" (Dir. 003 §6.4) fall due at the end of that week.
    """
    first = datetime.date(year, month, 1)
    end = first + datetime.timedelta(days=7 * week - 1)
    calendar = BusinessCalendar(end - datetime.timedelta(days=20), end)
    day = end
    while not calendar.is_business_day(day):
        day -= ONE_DAY
    return day
