"""Numbering, state machine, extraordinary requests, agenda extension and the Art. 11 no-call case."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from directives.calendar import business_days_between
from mtigm.core.errors import AccessDenied, RuleViolation, StateConflict
from mtigm.core.models import OutboundMessage
from sessions import selectors, services
from sessions.models import AgendaItem, Session, SessionTransition
from tests.factories.members import member_entity, representative_user

from .conftest import aware, called_session, draft_session

D = datetime.date
pytestmark = pytest.mark.django_db


def test_numbers_are_proposed_from_history_per_series(commission):
    Session.objects.create(kind="ordinary", number=26, starts_at=aware(D(2015, 4, 21)), state="held")
    Session.objects.create(kind="ordinary", extended=True, number=2, starts_at=aware(D(2015, 6, 3)), state="held")
    ordinary = draft_session(commission, day=D(2026, 3, 25))
    extended = draft_session(commission, day=D(2026, 3, 26), extended=True)
    extraordinary = draft_session(commission, day=D(2026, 3, 27), kind=Session.Kind.EXTRAORDINARY)
    assert ordinary.title == "XXVII Sesión Ordinaria"
    assert extended.title == "III Sesión Ampliada"
    assert extraordinary.title == "I Sesión Extraordinaria"
    with pytest.raises(ValidationError):
        services.session_create(
            actor=commission.st, kind="ordinary", number=27, starts_at=aware(D(2026, 4, 1)), place="x"
        )


def test_only_the_secretariat_or_presidency_creates_plenary_sessions(commission):
    with pytest.raises(AccessDenied):
        services.session_create(actor=commission.user("MIEMBRO1"), kind="ordinary", starts_at=aware(D(2026, 3, 25)))
    by_presidency = services.session_create(
        actor=commission.user("RREE"), kind="ordinary", starts_at=aware(D(2026, 3, 25))
    )
    assert by_presidency.state == Session.State.DRAFT


def test_call_queues_one_message_per_titular_and_alternate(commission):
    session = called_session(commission, day=D(2025, 6, 11))
    messages = OutboundMessage.objects.filter(kind="session_call")
    # 5 members x (titular + alternate) + the observer's titular; support entities only for extended sessions.
    assert messages.count() == 11
    assert not messages.filter(recipient=commission.cso_user.person.email).exists()
    message = messages.first()
    assert {a["renderer"] for a in message.attachments} == {"sessions.call_pdf", "sessions.session_ics"}
    assert "Citación: I Sesión Ordinaria" in message.subject
    assert "Punto 1" in message.body_text and "Cancillería" in message.body_text
    # Enqueueing again for the same sequence queues nothing new (idempotent keys).
    services.enqueue_session_messages(session, kind="session_call", today=D(2025, 5, 22))
    assert messages.count() == 11
    extended = called_session(commission, day=D(2025, 6, 18), extended=True)
    assert OutboundMessage.objects.filter(object_id=str(extended.pk), kind="session_call").count() == 13


def test_call_requires_agenda_and_place(commission):
    session = draft_session(commission, day=D(2025, 6, 11), items=0)
    with pytest.raises(RuleViolation) as refused:
        services.session_call(actor=commission.st, session=session, now=aware(D(2025, 5, 20)))
    assert "agenda" in str(refused.value)
    assert OutboundMessage.objects.count() == 0


def test_state_machine_with_reasons_and_sequence(commission):
    day = D(2025, 6, 11)
    session = called_session(commission, day=day)
    with pytest.raises(ValidationError):
        services.session_postpone(actor=commission.st, session=session, reason=" ")
    session = services.session_postpone(
        actor=commission.st, session=session, reason="Viaje de la Presidencia", now=aware(D(2025, 6, 2))
    )
    assert (session.state, session.sequence) == (Session.State.POSTPONED, 1)
    # A reschedule is a new call: notice counted from the day it is made.
    with pytest.raises(RuleViolation):
        services.session_reschedule(
            actor=commission.st,
            session=session,
            starts_at=aware(D(2025, 6, 6)),
            reason="Nueva fecha",
            now=aware(D(2025, 6, 2)),
        )
    session = services.session_reschedule(
        actor=commission.st,
        session=session,
        starts_at=aware(D(2025, 6, 18)),
        reason="Nueva fecha",
        now=aware(D(2025, 6, 3)),
    )
    assert (session.state, session.sequence, session.called_on) == (Session.State.CALLED, 2, D(2025, 6, 3))
    assert OutboundMessage.objects.filter(kind="session_rescheduled").count() == 11
    session = services.session_cancel(
        actor=commission.st, session=session, reason="Falta de agenda", now=aware(D(2025, 6, 4))
    )
    assert (session.state, session.sequence) == (Session.State.CANCELLED, 3)
    assert OutboundMessage.objects.filter(kind="session_cancelled").count() == 11
    with pytest.raises(ValidationError):
        services.session_open(actor=commission.st, session=session, now=aware(D(2025, 6, 18)))
    states = list(SessionTransition.objects.filter(session=session).order_by("pk").values_list("to_state", "reason"))
    assert [s for s, _ in states] == ["draft", "called", "postponed", "called", "cancelled"]
    assert ("postponed", "Viaje de la Presidencia") in states
    assert session.history.count() >= 5


def test_extraordinary_request_needs_eight_member_entities(db):
    from .conftest import build_commission

    commission = build_commission(size=10)
    first = commission.user("MIEMBRO1")
    request = services.session_request_create(actor=first, subject="Convenios OIT 97 y 143")
    # Observers and support commissions cannot back it (Art. 10).
    with pytest.raises(RuleViolation) as refused:
        services.session_request_back(actor=commission.observer_user, request=request)
    assert "Art. 10" in str(refused.value)
    with pytest.raises(ValidationError):
        services.session_request_back(actor=commission.user("MIEMBRO1", "alternate"), request=request)  # same entity
    for index in range(2, 7):
        services.session_request_back(actor=commission.user(f"MIEMBRO{index}"), request=request)
    assert request.backings.count() == 6
    too_early = {
        "actor": commission.st,
        "kind": "extraordinary",
        "starts_at": aware(D(2026, 3, 25)),
        "place": "x",
        "request": request,
    }
    with pytest.raises(RuleViolation) as refused:
        services.session_create(**too_early)
    assert "6 entidades" in str(refused.value) and "Art. 10" in str(refused.value)
    assert not Session.objects.exists()
    services.session_request_back(actor=commission.user("MIEMBRO7", "alternate"), request=request)
    services.session_request_back(actor=commission.user("MIEMBRO8"), request=request)
    session = services.session_create(**too_early)
    request.refresh_from_db()
    assert session.initiative == Session.Initiative.MEMBERS_REQUEST
    assert request.session == session and request.status == "convened"
    presidency = services.session_create(actor=commission.st, kind="extraordinary", starts_at=aware(D(2026, 4, 1)))
    assert presidency.initiative == Session.Initiative.PRESIDENCY


def test_agenda_extension_window_and_majority_on_the_day(commission):
    day = D(2025, 6, 11)
    session = draft_session(commission, day=day)
    proposal = services.agenda_item_propose(actor=commission.user("MIEMBRO1"), session=session, title="Refugiados")
    assert proposal.status == AgendaItem.Status.PROPOSED
    services.agenda_item_decide(actor=commission.st, item=proposal, accept=True)
    session = services.session_call(actor=commission.st, session=session, now=aware(D(2025, 5, 28), 9))  # Wednesday
    # Within 2 business days of the call (Thursday 29, Friday 30 May): accepted as an extension.
    item = services.agenda_item_propose(
        actor=commission.user("MIEMBRO2"), session=session, title="Trata de personas", now=aware(D(2025, 5, 30), 17)
    )
    assert (item.status, item.origin) == (AgendaItem.Status.ACCEPTED, AgendaItem.Origin.EXTENSION_REQUEST)
    with pytest.raises(RuleViolation) as refused:
        services.agenda_item_propose(
            actor=commission.user("MIEMBRO3"), session=session, title="Tarde", now=aware(D(2025, 6, 2), 9)
        )
    assert "30/05/2025" in str(refused.value) and "Art. 11" in str(refused.value)
    # Observers do not propose agenda items.
    with pytest.raises(AccessDenied):
        services.agenda_item_propose(actor=commission.observer_user, session=session, title="Observación")
    # On the day, with the session open: a majority agreement extends the agenda.
    for acronym in ("RREE", "MIEMBRO1", "MIEMBRO2", "MIEMBRO3"):
        services.attendance_sign_in(actor=commission.user(acronym), session=session, now=aware(day, 10))
    services.session_open(actor=commission.st, session=session, now=aware(day, 10, 5))
    with pytest.raises(RuleViolation):
        services.agenda_item_add_by_agreement(
            actor=commission.st, session=session, title="Empate", votes_for=2, votes_against=2, now=aware(day, 11)
        )
    with pytest.raises(ValidationError):
        services.agenda_item_add_by_agreement(
            actor=commission.st, session=session, title="Demasiados", votes_for=5, votes_against=0, now=aware(day, 11)
        )
    agreed = services.agenda_item_add_by_agreement(
        actor=commission.st, session=session, title="Urgente", votes_for=3, votes_against=1, now=aware(day, 11)
    )
    assert agreed.origin == AgendaItem.Origin.SESSION_AGREEMENT and agreed.position == 5


def test_session_without_call_only_with_all_members_and_unanimity(commission):
    day = D(2025, 6, 11)
    session = draft_session(commission, day=day)
    for acronym in ("RREE", "MIEMBRO1", "MIEMBRO2", "MIEMBRO3"):
        services.attendance_record(
            actor=commission.st, session=session, person=commission.user(acronym).person, now=aware(day, 10)
        )
    with pytest.raises(RuleViolation) as refused:
        services.session_hold_without_call(
            actor=commission.st, session=session, unanimous_agreement=True, now=aware(day, 10, 30)
        )
    assert "MIEMBRO4" in str(refused.value) and "Art. 11" in str(refused.value)
    services.attendance_record(
        actor=commission.st, session=session, person=commission.user("MIEMBRO4", "alternate").person, now=aware(day, 10)
    )
    with pytest.raises(RuleViolation):
        services.session_hold_without_call(
            actor=commission.st, session=session, unanimous_agreement=False, now=aware(day, 10, 30)
        )
    held = services.session_hold_without_call(
        actor=commission.st, session=session, unanimous_agreement=True, now=aware(day, 10, 30)
    )
    assert held.held_without_call and held.state == Session.State.IN_SESSION and held.called_on is None


def test_member_admitted_later_can_back_only_once_in_office(commission):
    newcomer = member_entity("SUNEDU", start=D(2030, 1, 1))
    user = representative_user(newcomer, username="sunedu", start=D(2025, 1, 1))
    request = services.session_request_create(actor=commission.user("RREE"), subject="Pedido")
    with pytest.raises(RuleViolation):
        services.session_request_back(actor=user, request=request)


def test_periodicity_compliance(commission):
    Session.objects.create(kind="ordinary", number=1, starts_at=aware(D(2025, 2, 26)), state="held")
    Session.objects.create(kind="ordinary", number=2, starts_at=aware(D(2025, 4, 10)), state="cancelled")
    Session.objects.create(kind="ordinary", extended=True, number=1, starts_at=aware(D(2025, 9, 16)), state="held")
    periods = selectors.periodicity_compliance(2025)
    ordinary = [p for p in periods if p.kind == "ordinary"]
    extended = [p for p in periods if p.kind == "extended"]
    assert len(ordinary) == 6 and len(extended) == 2
    assert ordinary[0].complied and not ordinary[1].complied  # the cancelled one does not count
    assert ordinary[0].last_week_start == D(2025, 2, 22)  # the last week of January-February
    assert [p.complied for p in extended] == [False, True]
    assert ordinary[1].status(D(2025, 5, 2)) == "missed"


def test_the_proposed_number_is_free_when_the_last_one_was_cancelled(commission):
    Session.objects.create(kind="ordinary", number=27, starts_at=aware(D(2026, 1, 14)), state="held")
    Session.objects.create(kind="ordinary", number=28, starts_at=aware(D(2026, 2, 11)), state="cancelled")
    # Counting sessions or skipping the cancelled one would propose 28 again, which the cancelled keeps.
    assert selectors.proposed_number("ordinary", False) == 29
    assert draft_session(commission, day=D(2026, 3, 25)).title == "XXIX Sesión Ordinaria"


def test_a_taken_number_is_refused_naming_the_session_once(commission):
    Session.objects.create(kind="ordinary", number=28, starts_at=aware(D(2026, 2, 11)), state="cancelled")
    with pytest.raises(ValidationError) as refused:
        services.session_create(actor=commission.st, kind="ordinary", number=28, starts_at=aware(D(2026, 4, 1)))
    assert refused.value.message_dict["number"] == ["Ya existe la XXVIII Sesión Ordinaria."]


def test_a_draft_is_edited_until_it_is_called(commission):
    Session.objects.create(kind="extraordinary", number=2, starts_at=aware(D(2014, 6, 5)), state="held")
    session = draft_session(commission, day=D(2026, 3, 25))
    assert session.title == "I Sesión Ordinaria"
    edited = services.session_update(
        actor=commission.st,
        session=session,
        starts_at=aware(D(2026, 3, 26), 15),
        place="Sala Grau",
        kind=Session.Kind.EXTRAORDINARY,
        now=aware(D(2026, 3, 1)),
    )
    edited.refresh_from_db()
    # It moves to the extraordinary series with its next free number, on the President's initiative.
    assert edited.title == "III Sesión Extraordinaria"
    assert (edited.series, edited.initiative) == ("extraordinary", Session.Initiative.PRESIDENCY)
    assert edited.starts_at == aware(D(2026, 3, 26), 15) and edited.place == "Sala Grau"
    services.session_call(actor=commission.st, session=edited, now=aware(D(2026, 3, 10), 9))
    with pytest.raises(StateConflict) as refused:
        services.session_update(actor=commission.st, session=edited, place="Otra sala")
    assert refused.value.code == "session_not_draft"


def test_a_draft_convened_on_members_request_keeps_its_kind(commission):
    session = draft_session(commission, day=D(2026, 3, 25))
    session.initiative = Session.Initiative.MEMBERS_REQUEST
    session.save()
    with pytest.raises(ValidationError) as refused:
        services.session_update(actor=commission.st, session=session, kind=Session.Kind.EXTRAORDINARY)
    assert "kind" in refused.value.message_dict


def test_periodicity_counts_only_sessions_called_or_held(commission):
    for number, state in enumerate(["draft", "cancelled", "postponed"], start=1):
        Session.objects.create(kind="ordinary", number=number, starts_at=aware(D(2025, 2, 25)), state=state)
    march = [p for p in selectors.periodicity_compliance(2025) if p.kind == "ordinary"]
    assert not march[0].complied and march[0].status(D(2025, 3, 1)) == "missed"
    Session.objects.create(kind="ordinary", number=4, starts_at=aware(D(2025, 2, 10)), state="called")
    periods = [p for p in selectors.periodicity_compliance(2025) if p.kind == "ordinary"]
    # The session of 10 February complies: the window the verdict counts (and the page shows) is the
    # whole period, not only its last week.
    assert [s.number for s in periods[0].sessions] == [4]
    assert periods[0].window_start == D(2025, 1, 1) and periods[0].end == D(2025, 2, 28)
    assert periods[0].window_start <= timezone.localdate(periods[0].sessions[0].starts_at) <= periods[0].end


@pytest.mark.parametrize("today", [D(2026, 12, 4), D(2026, 12, 22), D(2026, 7, 24)])
def test_notice_hints_agree_with_the_notice_check(commission, today):
    day = today + datetime.timedelta(days=20)
    for hint in selectors.notice_hints(day, today=today):
        n = hint.business_days
        assert hint.latest_call is not None
        assert business_days_between(hint.latest_call, day) >= n
        assert business_days_between(hint.latest_call + datetime.timedelta(days=1), day) < n
        # A call made today reaches a session on the earliest day, and not the day before.
        assert business_days_between(today, hint.earliest_session) >= n
        assert business_days_between(today, hint.earliest_session - datetime.timedelta(days=1)) < n
    hints = selectors.notice_hints(None, today=today)
    assert {h.kind: h.business_days for h in hints} == {
        kind: int(selectors.notice_rule(kind, on=today).value) for kind in selectors.PLENARY_KINDS
    }
    assert all(h.latest_call is None for h in hints)
