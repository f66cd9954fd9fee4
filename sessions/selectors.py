"""Reads of the sessions app. ``quorum_status`` is the single place quorum is computed (R2, R9)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from directives.calendar import latest_call_date
from directives.rules import RuleValue, rule
from members.models import Designation, EntityKind, Membership
from members.selectors import memberships_on
from mtigm.core import access

from .models import Session

PLENARY_KINDS = Session.PLENARY_KINDS


def notice_rule(session_kind: str, *, on: datetime.date) -> RuleValue:
    """The notice a call of a plenary session of ``session_kind`` must give (Art. 11)."""
    return rule(f"session.notice_business_days.{session_kind}", on=on)


def latest_valid_call_date(session: Session) -> datetime.date | None:
    """The last day a call still gives the notice of Art. 11 (None for group meetings, which have none)."""
    if session.kind not in PLENARY_KINDS:
        return None
    day = timezone.localdate(session.starts_at)
    return latest_call_date(day, int(notice_rule(session.kind, on=day).value))


@dataclass(frozen=True)
class NoticeHint:
    """What the notice rule (Art. 11) means for one kind of plenary session, shown while programming.

    ``latest_call`` is the last day a call still gives the notice for a session on the chosen day
    (None when no day is chosen yet); ``earliest_session`` is the first day a session may be held
    if it is called today.
    """

    kind: str
    label: str
    business_days: int
    citation: str
    latest_call: datetime.date | None
    earliest_session: datetime.date


def notice_hints(day: datetime.date | None, *, today: datetime.date) -> list[NoticeHint]:
    """The notice of each plenary kind, for a session on ``day`` and for a call made ``today``.

    The rule is read as ``check_notice`` reads it, in force on the day of the call (today), and the
    business days come from the calendar of ``directives``, so the hint and the refusal agree.
    """
    from directives.calendar import add_business_days

    hints = []
    for kind in PLENARY_KINDS:
        notice = notice_rule(kind, on=today)
        days = int(notice.value)
        # n business days strictly between the call and the session: the session may fall on the
        # day after the n-th business day that follows the call.
        earliest = add_business_days(today, days) + datetime.timedelta(days=1) if days else today
        hints.append(
            NoticeHint(
                kind=kind,
                label=str(Session.Kind(kind).label),
                business_days=days,
                citation=notice.citation,
                latest_call=latest_call_date(day, days) if day else None,
                earliest_session=earliest,
            )
        )
    return hints


def member_entity_ids_on(day: datetime.date) -> set[int]:
    """Member entities in office on ``day``; observers and support commissions never count (Art. 12)."""
    return set(memberships_on(day, EntityKind.MEMBER).values_list("entity_id", flat=True))


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


# Who is called, who may attend ---------------------------------------------------------------


def session_day(session: Session) -> datetime.date:
    """The day of the session in Lima, the day the registry and the rules are read on."""
    return timezone.localdate(session.starts_at)


def entity_ids_called(session: Session, *, on: datetime.date | None = None) -> set[int]:
    """Entities whose representatives are called to ``session`` and may attend it.

    Plenary: members and observers in office (Art. 7); the support commissions' agencies and CSOs
    only for extended sessions (Art. 26–27, Dir. 002 §4.2.5 f). Group and subgroup meetings: the
    group's (subgroup's) entities and its coordinator (lead).
    """
    from members.models import GroupCoordinator, GroupMembership, SubgroupLead, SubgroupMembership

    day = on or session_day(session)
    if session.kind == Session.Kind.GROUP:
        ids = set(GroupMembership.objects.on(day).filter(group_id=session.group_id).values_list("entity_id", flat=True))
        ids |= set(
            GroupCoordinator.objects.on(day).filter(group_id=session.group_id).values_list("entity_id", flat=True)
        )
        return ids
    if session.kind == Session.Kind.SUBGROUP:
        ids = set(
            SubgroupMembership.objects.on(day)
            .filter(subgroup_id=session.subgroup_id)
            .values_list("entity_id", flat=True)
        )
        ids |= set(
            SubgroupLead.objects.on(day).filter(subgroup_id=session.subgroup_id).values_list("entity_id", flat=True)
        )
        return ids
    kinds = [EntityKind.MEMBER, EntityKind.OBSERVER]
    if session.extended:
        kinds += [EntityKind.COOPERATION_AGENCY, EntityKind.CIVIL_SOCIETY]
    return set(Membership.objects.on(day).filter(kind__in=kinds).values_list("entity_id", flat=True))


def session_addressees(session: Session, *, on: datetime.date | None = None) -> list[Designation]:
    """Current designations (titular and alternate) of every entity called, people with their e-mail."""
    day = on or timezone.localdate()
    entity_ids = entity_ids_called(session, on=max(day, session_day(session)) if on is None else on)
    return list(
        Designation.objects.on(day)
        .filter(entity_id__in=entity_ids)
        .select_related("person", "entity")
        .order_by("entity__kind", "entity__acronym", "role")
    )


# Lists ---------------------------------------------------------------------------------------


def session_list() -> QuerySet[Session]:
    """Sessions with the joins every list needs (lists narrow it with ``visible_sessions``)."""
    from django.apps import apps
    from django.db.models import Prefetch

    from .models import AgendaItem

    # The minutes belong to the decisions app, which builds on this one: resolve its model lazily.
    minutes = apps.get_model("decisions", "Minutes")
    return Session.objects.select_related("group", "subgroup", "subgroup__group").prefetch_related(
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.filter(status=AgendaItem.Status.ACCEPTED).select_related("presenter"),
            to_attr="accepted_items",
        ),
        Prefetch(
            "minutes",
            queryset=minutes.objects.filter(state=minutes.State.APPROVED).order_by("-version").only("pk", "session"),
            to_attr="published_minutes",
        ),
    )


def visible_sessions(actor: Any) -> QuerySet[Session]:
    """``session_list`` narrowed to what ``actor`` may see (support commissions: extended sessions only)."""
    return access.scope_visible(session_list(), actor, "session")


def attendance_list(session: Session):
    return session.attendances.select_related("person", "entity", "designation").order_by(
        "entity__kind", "entity__acronym", "signed_in_at"
    )


def proposed_number(kind: str, extended: bool) -> int:
    """The next free number of the series, from history (R3): XXVII after XXVI.

    A cancelled session keeps its number (it was announced, and the unique constraint holds it),
    so cancelled sessions count too: the proposal is the highest number used plus one, never a
    count of sessions, which would collide once the series has a gap or a cancellation.
    """
    from django.db.models import Max

    series = Session.series_for(kind, extended)
    current = Session.objects.filter(series=series).aggregate(Max("number"))
    return (current["number__max"] or 0) + 1


# Periodicity (R4) ----------------------------------------------------------------------------


# Only a session actually called (or held) fulfils a period: a draft may never be called, and a
# cancelled or postponed one will not take place on that date.
COMPLYING_STATES = (Session.State.CALLED, Session.State.IN_SESSION, Session.State.HELD)


@dataclass(frozen=True)
class PeriodCompliance:
    label: str
    kind: str  # "ordinary" (two-month period) or "extended" (semester)
    start: datetime.date
    end: datetime.date
    window_start: datetime.date  # from when a session counts for the verdict (the window shown)
    last_week_start: datetime.date  # the last week of the period (Art. 10): a missing session is urgent
    sessions: tuple
    citation: str

    @property
    def complied(self) -> bool:
        return bool(self.sessions)

    def status(self, today: datetime.date) -> str:
        if self.complied:
            return "ok"
        if today > self.end:
            return "missed"
        if today < self.start:
            return "future"
        return "pending"


def _period_bounds(year: int, months: int) -> list[tuple[datetime.date, datetime.date]]:
    bounds = []
    for first_month in range(1, 13, months):
        start = datetime.date(year, first_month, 1)
        last_month = first_month + months - 1
        end = (
            datetime.date(year + 1, 1, 1) if last_month == 12 else datetime.date(year, last_month + 1, 1)
        ) - datetime.timedelta(days=1)
        bounds.append((start, end))
    return bounds


MONTHS_ES = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "set", "oct", "nov", "dic"]


def periodicity_compliance(year: int) -> list[PeriodCompliance]:
    """Two-month periods needing an ordinary session (Art. 10) and semesters needing an extended one (Art. 26).

    A session counts for its period when it was called or held (``COMPLYING_STATES``). The rule
    asks that the ordinary session be held "at least in the last week" of the period, read as: by
    the end of the period at the latest, so the window that counts is the whole period (the page
    shows that window, and the last week as the time the missing session becomes urgent).
    """
    day = datetime.date(year, 6, 30)
    ordinary_months = int(rule("session.ordinary_period_months", on=day).value)
    extended_months = int(rule("session.extended_period_months", on=day).value)
    last_week = rule("session.ordinary_last_week_days", on=day)
    extended_min = rule("session.extended_min_per_period", on=day)
    ordinary_rule = rule("session.ordinary_period_months", on=day)
    sessions = list(
        Session.objects.filter(starts_at__year=year, kind__in=PLENARY_KINDS, state__in=COMPLYING_STATES).order_by(
            "starts_at"
        )
    )
    result = []
    for start, end in _period_bounds(year, ordinary_months):
        found = tuple(
            s
            for s in sessions
            if s.kind == Session.Kind.ORDINARY and not s.extended and start <= timezone.localdate(s.starts_at) <= end
        )
        label = f"{MONTHS_ES[start.month - 1]}–{MONTHS_ES[end.month - 1]} {year}"
        result.append(
            PeriodCompliance(
                label=label,
                kind="ordinary",
                start=start,
                end=end,
                window_start=start,
                last_week_start=end - datetime.timedelta(days=int(last_week.value) - 1),
                sessions=found,
                citation=ordinary_rule.citation,
            )
        )
    for start, end in _period_bounds(year, extended_months):
        found = tuple(s for s in sessions if s.extended and start <= timezone.localdate(s.starts_at) <= end)
        complied = found if len(found) >= int(extended_min.value) else ()
        label = f"{MONTHS_ES[start.month - 1]}–{MONTHS_ES[end.month - 1]} {year}"
        result.append(
            PeriodCompliance(
                label=label,
                kind="extended",
                start=start,
                end=end,
                window_start=start,
                last_week_start=end - datetime.timedelta(days=int(last_week.value) - 1),
                sessions=complied,
                citation=extended_min.citation,
            )
        )
    return result


def calendar_version(sessions: QuerySet[Session]) -> dict[str, Any]:
    """Which version of a list of sessions this is, in one aggregate query: every change of a
    session or its agenda touches ``updated_at`` (the acta's approval too), a session entering or
    leaving the list changes the count and the sum of the ids, and the call letter (stored without
    touching ``updated_at``, so that calendar clients' ``modified_since`` stays quiet) is counted
    apart. Calendar feeds and the calendar API answer 304 and serve their cached copy while it holds.
    """
    from django.db.models import Count, Max, Q, Sum

    # Django wraps a distinct list (a personal feed) in a subquery itself.
    return sessions.order_by().aggregate(
        count=Count("pk"), ids=Sum("pk"), last=Max("updated_at"), letters=Count("pk", filter=~Q(call_pdf=""))
    )
