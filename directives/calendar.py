"""Business days in Peru: the one place every deadline is counted.

A business day is a weekday that is neither a national holiday of Peru (the ``holidays`` package)
nor a non-working day recorded by the Secretaría Técnica (``NonWorkingDay``).

National holidays come from the ``holidays`` package's Peru calendar (checked against version
0.109): New Year, Maundy Thursday and Good Friday (Holy Week), 1 May, 29 June, 28 and 29 July,
30 August, 8 October, 1 November, 8 and 25 December every year; 6 August (Batalla de Junín) and
9 December (Batalla de Ayacucho) from 2022; 23 July (Día de la Fuerza Aérea, Ley N° 31822) from
2023; and 7 June (Batalla de Arica y Día de la Bandera, Ley N° 31788) from 2024. Days the
executive declares non-working for the public sector by decree (e.g. bridge days) are not in the
package: the ST records them as ``NonWorkingDay`` rows with their legal basis.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

import holidays
from django.utils import translation
from django.utils.translation import gettext as _

ONE_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=64)
def _national_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("PE", years=year).keys())


@lru_cache(maxsize=128)
def _national_holiday_names(year: int, language: str) -> dict[datetime.date, str]:
    return dict(holidays.country_holidays("PE", years=year, language=language))


def _holiday_language() -> str:
    # The package speaks "es" and "en_US"; the site speaks "es"/"es-pe" and "en".
    return "en_US" if (translation.get_language() or "es").startswith("en") else "es"


def national_holiday_name(day: datetime.date) -> str | None:
    """The holiday's name in the active language (Spanish by default), or None on other days."""
    return _national_holiday_names(day.year, _holiday_language()).get(day)


def national_holidays_in(year: int) -> list[tuple[datetime.date, str]]:
    return sorted(_national_holiday_names(year, _holiday_language()).items())


def _read_recorded_days(start: datetime.date, end: datetime.date) -> dict[datetime.date, str]:
    from .models import NonWorkingDay

    return dict(NonWorkingDay.objects.filter(date__gte=start, date__lte=end).values_list("date", "reason"))


_preloaded: ContextVar[tuple[datetime.date, datetime.date, dict[datetime.date, str]] | None] = ContextVar(
    "mtigm_recorded_days", default=None
)


@contextmanager
def recorded_days_preloaded(start: datetime.date, end: datetime.date) -> Iterator[None]:
    """Read the recorded non-working days of ``start``..``end`` once for the calendars built inside:
    a page that computes deadlines for many years (the list of plans) then costs one query, not one
    per deadline."""
    token = _preloaded.set((start, end, _read_recorded_days(start, end)))
    try:
        yield
    finally:
        _preloaded.reset(token)


def _recorded_days(start: datetime.date, end: datetime.date) -> dict[datetime.date, str]:
    preloaded = _preloaded.get()
    if preloaded is not None and preloaded[0] <= start and end <= preloaded[1]:
        return {day: reason for day, reason in preloaded[2].items() if start <= day <= end}
    return _read_recorded_days(start, end)


@dataclass(frozen=True)
class NonBusinessDay:
    date: datetime.date
    kind: str  # "weekend", "holiday" or "recorded"
    reason: str


class BusinessCalendar:
    """Answers business-day questions for a date range with one query for recorded days."""

    def __init__(self, start: datetime.date, end: datetime.date) -> None:
        if end < start:
            raise ValueError(f"calendar range ends before it starts: {start}..{end}")
        self.start, self.end = start, end
        self.recorded = _recorded_days(start, end)

    def _check(self, day: datetime.date) -> None:
        if not self.start <= day <= self.end:
            raise ValueError(f"{day} is outside the calendar's range {self.start}..{self.end}")

    def is_business_day(self, day: datetime.date) -> bool:
        self._check(day)
        return day.weekday() < 5 and day not in _national_holidays(day.year) and day not in self.recorded

    def why_not(self, day: datetime.date) -> NonBusinessDay | None:
        """Why ``day`` is not a business day (a holiday wins over a weekend), or None if it is one."""
        self._check(day)
        name = national_holiday_name(day)
        if name:
            return NonBusinessDay(day, "holiday", name)
        if day in self.recorded:
            return NonBusinessDay(day, "recorded", self.recorded[day])
        if day.weekday() >= 5:
            return NonBusinessDay(day, "weekend", _("Sábado") if day.weekday() == 5 else _("Domingo"))
        return None


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


def non_business_days_between(start: datetime.date, end: datetime.date) -> list[NonBusinessDay]:
    """The days strictly between ``start`` and ``end`` that are not business days, with the reason."""
    if end <= start + ONE_DAY:
        return []
    first, last = start + ONE_DAY, end - ONE_DAY
    calendar = BusinessCalendar(first, last)
    found, day = [], first
    while day <= last:
        reason = calendar.why_not(day)
        if reason:
            found.append(reason)
        day += ONE_DAY
    return found


def _window(days: int) -> datetime.timedelta:
    # Generous enough for any run of non-working days: two weekends and a long holiday week per
    # five business days would still fit.
    return datetime.timedelta(days=days * 3 + 21)


def add_business_days(start: datetime.date, days: int) -> datetime.date:
    """The date that is ``days`` business days after ``start`` (``start`` itself not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    calendar = BusinessCalendar(start, start + _window(days))
    day = start
    while days:
        day += ONE_DAY
        days -= calendar.is_business_day(day)
    return day


def subtract_business_days(start: datetime.date, days: int) -> datetime.date:
    """The date that is ``days`` business days before ``start`` (``start`` itself not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    calendar = BusinessCalendar(start - _window(days), start)
    day = start
    while days:
        day -= ONE_DAY
        days -= calendar.is_business_day(day)
    return day


def latest_call_date(session_date: datetime.date, notice_business_days: int) -> datetime.date:
    """The last day on which a call still leaves ``notice_business_days`` strictly before the session.

    For every n >= 1: ``business_days_between(latest_call_date(s, n), s) >= n`` and the day after
    leaves fewer than n. With no notice required the call may be made on the session day itself.
    """
    if notice_business_days < 0:
        raise ValueError("notice_business_days must not be negative")
    if notice_business_days == 0:
        return session_date
    # The business day that starts the notice is not the call's own day, hence the day before it.
    return subtract_business_days(session_date, notice_business_days) - ONE_DAY


def nth_business_day_of_week(year: int, month: int, week: int) -> datetime.date:
    """The last business day of the ``week``-th week (1-based, weeks of 7 days from day 1) of a month.

    Deadlines such as "first week of April" (Dir. 003 §6.1.3) fall due at the end of that week.
    """
    first = datetime.date(year, month, 1)
    end = first + datetime.timedelta(days=7 * week - 1)
    calendar = BusinessCalendar(end - datetime.timedelta(days=20), end)
    day = end
    while not calendar.is_business_day(day):
        day -= ONE_DAY
    return day
