"""Quorum (Art. 12): member entities in office on the day; an entity counts once; observers never."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from members.models import Designation
from mtigm.core.errors import AccessDenied, RuleViolation
from sessions import selectors, services
from sessions.models import Session
from tests.factories.members import member_entity, representative_user

from .conftest import aware, called_session

D = datetime.date
pytestmark = pytest.mark.django_db


def sign(user, session, day, hour=10):
    return services.attendance_sign_in(actor=user, session=session, now=aware(day, hour))


def test_titular_and_alternate_count_once_and_observers_never(commission):
    day = D(2025, 6, 11)
    session = called_session(commission, day=day)
    status = selectors.quorum_status(session)
    assert (status.members_in_office, status.required, status.present) == (5, 3, 0)

    sign(commission.user("RREE"), session, day)
    sign(commission.user("RREE", "alternate"), session, day)  # same entity: still one
    sign(commission.observer_user, session, day)  # observer: listed, never counted
    status = selectors.quorum_status(session)
    assert status.present == 1
    assert session.attendances.count() == 3
    with pytest.raises(RuleViolation) as refused:
        services.session_open(actor=commission.st, session=session, now=aware(day, 10, 5))
    assert "Art. 12" in str(refused.value) and "1 de las 3" in str(refused.value)

    sign(commission.user("MIEMBRO1", "alternate"), session, day)  # the alternate in its entity's name
    sign(commission.user("MIEMBRO2"), session, day)
    status = selectors.quorum_status(session)
    assert status.present == 3 and status.has_quorum
    opened = services.session_open(actor=commission.st, session=session, now=aware(day, 10, 12))
    assert opened.state == Session.State.IN_SESSION

    # Quorum is lost when members leave: the panel shows it.
    attendance = session.attendances.get(person__user=commission.user("MIEMBRO2"))
    services.attendance_leave(actor=commission.st, attendance=attendance, now=aware(day, 11))
    status = selectors.quorum_status(session)
    assert status.present == 2 and not status.has_quorum and status.missing == 1


def test_tolerance_comes_from_the_rule_registry(commission):
    day = D(2025, 6, 11)
    session = called_session(commission, day=day)
    status = selectors.quorum_status(session)
    assert status.tolerance_ends_at == aware(day, 10, 15)
    assert not status.tolerance_elapsed(aware(day, 10, 14))
    assert status.tolerance_elapsed(aware(day, 10, 15))
    assert "Art. 12" in status.tolerance_citation


def test_entity_admitted_after_the_date_does_not_count(commission):
    # RENIEC was admitted at the XVI ordinary session, 12 March 2014.
    reniec = member_entity("RENIEC", start=D(2014, 3, 12))
    reniec_user = representative_user(reniec, username="reniec", start=D(2014, 3, 12))
    before = called_session(commission, day=D(2014, 2, 12))
    assert selectors.quorum_status(before).members_in_office == 5
    with pytest.raises(Exception) as refused:
        sign(reniec_user, before, D(2014, 2, 12))
    assert "no es titular ni alterno" in str(refused.value)
    on_the_day = called_session(commission, day=D(2014, 3, 12), hour=15)
    sign(reniec_user, on_the_day, D(2014, 3, 12), 15)
    status = selectors.quorum_status(on_the_day)
    assert (status.members_in_office, status.required, status.present) == (6, 4, 1)


def test_reference_composition_quorum_over_time(db):
    from django.core.management import call_command

    call_command("load_reference", verbosity=0)
    # 19 original members; RENIEC from 12 March 2014, SUNEDU from 10 April 2014 (Art. 7.1, DOMAIN §2).
    counts = {day: len(selectors.member_entity_ids_on(day)) for day in (D(2014, 3, 11), D(2014, 3, 12), D(2014, 4, 10))}
    assert counts == {D(2014, 3, 11): 19, D(2014, 3, 12): 20, D(2014, 4, 10): 21}
    assert selectors.quorum_required(19, on=D(2014, 3, 11))[0] == 10
    assert selectors.quorum_required(20, on=D(2014, 3, 12))[0] == 11


def test_duplicate_sign_in_is_refused(commission):
    day = D(2025, 6, 11)
    session = called_session(commission, day=day)
    sign(commission.user("RREE"), session, day)
    with pytest.raises(ValidationError) as refused:
        sign(commission.user("RREE"), session, day)
    assert "ya registró su asistencia" in str(refused.value)
    assert session.attendances.count() == 1


def test_sign_in_only_on_the_day_and_support_only_at_extended_sessions(commission):
    day = D(2025, 6, 11)
    session = called_session(commission, day=day)
    with pytest.raises(ValidationError):
        sign(commission.user("RREE"), session, D(2025, 6, 10))
    with pytest.raises(AccessDenied) as refused:
        sign(commission.cso_user, session, day)
    assert "ampliadas" in str(refused.value)
    extended = called_session(commission, day=D(2025, 6, 18), extended=True)
    assert sign(commission.cso_user, extended, D(2025, 6, 18)).entity == commission.cso
    assert sign(commission.agency_user, extended, D(2025, 6, 18)).entity == commission.agency
    assert selectors.quorum_status(extended).present == 0


def test_absence_notice_a_day_ahead(commission):
    day = D(2025, 6, 11)
    session = called_session(commission, day=day)
    on_time = services.absence_notify(actor=commission.user("MIEMBRO3"), session=session, now=aware(D(2025, 6, 10), 9))
    assert on_time.on_time
    late = services.absence_notify(actor=commission.user("MIEMBRO4"), session=session, now=aware(day, 8))
    assert not late.on_time
    with pytest.raises(ValidationError):
        services.absence_notify(
            actor=commission.user("MIEMBRO4", Designation.Role.ALTERNATE), session=session, now=aware(day, 8)
        )
