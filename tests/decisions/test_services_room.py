"""A plenary run in the room (issue: real plenary): the ST's check-list, the session clock, votes
recorded by the ST beside e-votes, the titular's precedence, reasons for a vote, and the record
sealed by the approved acta. Through the services, on PostgreSQL."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from decisions import services
from decisions.ballots.selectors import room_roll
from decisions.minutes.selectors import signature_status
from decisions.models import MinutesSignature, Vote, VoteAuditEntry
from members.models import Designation
from mtigm.core.errors import RuleViolation, StateConflict
from sessions import services as session_services
from sessions.models import AbsenceNotice, Attendance, Session
from tests.decisions.factories import DAY, at, attend, plenary
from tests.factories.members import member_entity

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def open_ballot(p, text="Aprobar el informe"):
    return services.ballot_open(actor=p.st, agenda_item=p.item, text=text)


def test_checklist_marks_arrivals_departures_excuses_with_times():
    p = plenary(5, present=0, with_observer=False, state=Session.State.CALLED)
    entity = p.entities[1]
    session_services.attendance_mark(
        actor=p.st, session=p.session, entity=entity, action="arrive", role="alternate", now=at(DAY, 9, 50)
    )
    row = Attendance.objects.get(session=p.session, entity=entity)
    assert row.designation.role == Designation.Role.ALTERNATE and row.signed_in_at == at(DAY, 9, 50)
    session_services.attendance_mark(
        actor=p.st, session=p.session, entity=entity, action="leave", role="alternate", now=at(DAY, 11)
    )
    row.refresh_from_db()
    assert row.left_at == at(DAY, 11)
    # Coming back makes them present again; the acta keeps the first arrival, the history the departure.
    session_services.attendance_mark(
        actor=p.st, session=p.session, entity=entity, action="arrive", role="alternate", now=at(DAY, 11, 30)
    )
    row.refresh_from_db()
    assert row.left_at is None and row.signed_in_at == at(DAY, 9, 50)
    assert row.history.filter(left_at=at(DAY, 11)).exists()
    # An entity with someone present cannot be excused; an absent one can, and arriving clears it.
    with pytest.raises(StateConflict):
        session_services.attendance_mark(actor=p.st, session=p.session, entity=entity, action="excused", now=at(DAY))
    other = p.entities[2]
    session_services.attendance_mark(
        actor=p.st, session=p.session, entity=other, action="excused", reason="Viaje oficial", now=at(DAY)
    )
    notice = AbsenceNotice.objects.get(session=p.session, entity=other)
    assert notice.reason == "Viaje oficial" and notice.on_time is False
    session_services.attendance_mark(
        actor=p.st, session=p.session, entity=other, action="arrive", role="titular", now=at(DAY, 10)
    )
    assert not AbsenceNotice.objects.filter(session=p.session, entity=other).exists()
    # Only the ST keeps the list.
    with pytest.raises(Exception) as refused:
        session_services.attendance_mark(
            actor=p.titular(3), session=p.session, entity=p.entities[3], action="arrive", role="titular", now=at(DAY)
        )
    assert refused.type.__name__ in {"AccessDenied", "PermissionDenied"}


def test_not_installed_before_the_called_hour():
    p = plenary(5, present=5, with_observer=False, state=Session.State.CALLED)
    with pytest.raises(RuleViolation) as early:
        session_services.session_open(actor=p.st, session=p.session, now=at(DAY, 9, 59))
    assert "10:00" in str(early.value) and "Art. 11 y 12" in str(early.value)
    session = session_services.session_open(actor=p.st, session=p.session, now=at(DAY, 10, 7))
    assert session.opened_at == at(DAY, 10, 7)


def test_recess_stops_ballots_and_the_acta_records_the_real_times():
    p = plenary(5, with_observer=False)
    session_services.session_suspend(actor=p.st, session=p.session, reason="Cuarto intermedio", now=at(DAY, 11))
    with pytest.raises(StateConflict) as suspended:
        open_ballot(p)
    assert suspended.value.code == "session_suspended"
    session_services.session_resume(actor=p.st, session=p.session, now=at(DAY, 11, 20))
    open_ballot(p)
    session_services.session_close(actor=p.st, session=p.session, now=at(DAY, 12, 41))
    minutes = services.minutes_draft(actor=p.st, session=p.session)
    times = minutes.content["session"]
    assert (times["called_hour"], times["starts"], times["ends"]) == ("10:00", "10:05", "12:41")
    assert times["suspensions"] == [{"from": "11:00", "to": "11:20", "reason": "Cuarto intermedio"}]
    with pytest.raises(StateConflict):
        open_ballot(p)  # a closed session takes no ballot


def test_titular_precedes_the_alternate_while_present():
    p = plenary(5, alternates_present=2, with_observer=False)
    ballot = open_ballot(p)
    with pytest.raises(RuleViolation) as refused:
        services.vote_cast(actor=p.alternate(1), ballot=ballot, choice="yes")
    assert "titular" in str(refused.value) and "Art. 7.3, 7.7 y 15" in str(refused.value)
    services.vote_cast(actor=p.titular(1), ballot=ballot, choice="yes")
    # With the titular gone, the alternate casts the entity's vote.
    Attendance.objects.filter(session=p.session, person=p.titular(0).person).update(left_at=at(DAY, 10, 30))
    vote = services.vote_cast(actor=p.alternate(0), ballot=ballot, choice="no", reasons="Falta informe legal")
    assert vote.role == Designation.Role.ALTERNATE and vote.method == Vote.Method.ELECTRONIC
    assert vote.reasons == "Falta informe legal"


def test_st_records_room_votes_all_or_nothing_beside_e_votes():
    p = plenary(6, present=5, alternates_present=0, with_observer=False)
    ballot = open_ballot(p)
    services.vote_cast(actor=p.titular(0), ballot=ballot, choice="yes")
    e = p.entities
    # One line is refused (entity 5 is not present): nothing of the form is recorded.
    with pytest.raises(RuleViolation) as absent:
        services.ballot_record_room_votes(
            actor=p.st, ballot=ballot, votes=[(e[1], "yes", ""), (e[5], "no", "")], method="roll_call"
        )
    assert e[5].acronym in str(absent.value)
    assert Vote.objects.filter(ballot=ballot).count() == 1
    # An entity that already voted electronically is not voted again.
    with pytest.raises(RuleViolation):
        services.ballot_record_room_votes(actor=p.st, ballot=ballot, votes=[(e[0], "no", "")], method="roll_call")
    with pytest.raises(ValidationError) as reasons_with_yes:
        services.ballot_record_room_votes(actor=p.st, ballot=ballot, votes=[(e[1], "yes", "porque sí")])
    assert "reasons" in reasons_with_yes.value.message_dict
    recorded = services.ballot_record_room_votes(
        actor=p.st,
        ballot=ballot,
        votes=[
            (e[1], "yes", ""),
            (e[2], "yes", ""),
            (e[3], "no", "Contrario a la política sectorial"),
            (e[4], "abstain", ""),
        ],
        method="show_of_hands",
    )
    assert len(recorded) == 4
    by_entity = {v.entity_id: v for v in Vote.objects.filter(ballot=ballot)}
    assert by_entity[e[3].pk].reasons == "Contrario a la política sectorial"
    assert by_entity[e[3].pk].cast_by == p.st and by_entity[e[3].pk].method == Vote.Method.SHOW_OF_HANDS
    assert by_entity[e[3].pk].person == p.titular(3).person
    assert by_entity[e[0].pk].cast_by == p.titular(0)
    recorded_audit = VoteAuditEntry.objects.filter(ballot=ballot, event=VoteAuditEntry.Event.RECORDED)
    assert recorded_audit.count() == 4 and all(a.user == p.st for a in recorded_audit)
    assert [r.entity for r in room_roll(ballot) if r.vote is None] == []
    ballot = services.ballot_close(actor=p.st, ballot=ballot)
    assert (ballot.yes_count, ballot.no_count, ballot.abstain_count) == (3, 1, 1)
    # The acta carries the reasons beside the vote.
    session_services.session_close(actor=p.st, session=p.session, now=at(DAY, 12))
    minutes = services.minutes_draft(actor=p.st, session=p.session)
    roll = minutes.content["items"][0]["ballots"][0]["roll_call"]
    line = next(v for v in roll if v["entity"] == e[3].acronym)
    assert line["reasons"] == "Contrario a la política sectorial" and line["method"] == "show_of_hands"


def test_room_votes_follow_titular_precedence():
    p = plenary(5, alternates_present=1, with_observer=False)
    ballot = open_ballot(p)
    services.ballot_record_room_votes(actor=p.st, ballot=ballot, votes=[(p.entities[0], "yes", "")])
    assert Vote.objects.get(ballot=ballot).role == Designation.Role.TITULAR
    Attendance.objects.filter(session=p.session, person=p.titular(1).person).update(left_at=at(DAY, 10, 30))
    attend(p.session, p.alternate(1), p.entities[1])
    services.ballot_record_room_votes(actor=p.st, ballot=ballot, votes=[(p.entities[1], "no", "")])
    assert Vote.objects.get(ballot=ballot, entity=p.entities[1]).role == Designation.Role.ALTERNATE


def _approved(p):
    session_services.session_close(actor=p.st, session=p.session, now=at(DAY, 12))
    minutes = services.minutes_draft(actor=p.st, session=p.session)
    return services.minutes_approve(actor=p.st, minutes=minutes, in_session=p.session)


def test_approving_the_acta_requires_the_session_closed_and_seals_its_record():
    p = plenary(5, with_observer=False)
    minutes = services.minutes_draft(actor=p.st, session=p.session)
    with pytest.raises(StateConflict) as in_course:
        services.minutes_approve(actor=p.st, minutes=minutes, in_session=p.session)
    assert in_course.value.code == "session_state"
    _approved(p)
    p.session.refresh_from_db()
    assert p.session.record_sealed_at is not None
    for attempt in (
        lambda: session_services.attendance_mark(
            actor=p.st, session=p.session, entity=p.entities[1], action="leave", role="titular", now=at(DAY, 13)
        ),
        lambda: session_services.agenda_item_add(actor=p.st, session=p.session, title="Punto tardío"),
    ):
        with pytest.raises(StateConflict) as sealed:
            attempt()
        assert sealed.value.code == "record_sealed" and "Art. 14" in str(sealed.value)


def test_signatures_in_the_app_and_on_paper_cover_every_attending_entity(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    p = plenary(4, with_observer=True)
    # The titular of entity 3 has no login: only the paper acta can cover that entity.
    person = p.titular(3).person
    person.user = None
    person.save()
    minutes = _approved(p)
    status = signature_status(minutes)
    assert not status.fully_signed and len(status.entities) == 5
    assert [row.entity for row in status.entities if row.needs_paper] == [p.entities[3]]
    services.minutes_sign(actor=p.st, minutes=minutes)
    for index in range(3):
        services.minutes_sign(actor=p.titular(index), minutes=minutes)
    services.minutes_sign(actor=p.observer_user, minutes=minutes)
    assert not signature_status(minutes).fully_signed
    with pytest.raises(RuleViolation):
        services.minutes_upload_scan(
            actor=p.st, minutes=minutes, file=SimpleUploadedFile("acta.pdf", PDF), entities=[member_entity("NOASISTE")]
        )
    scan = services.minutes_upload_scan(
        actor=p.st, minutes=minutes, file=SimpleUploadedFile("acta firmada.pdf", PDF), entities=[p.entities[3]]
    )
    assert scan.content_hash == minutes.content_hash and len(scan.file_sha256) == 64
    paper = MinutesSignature.objects.get(minutes=minutes, entity=p.entities[3])
    assert paper.method == MinutesSignature.Method.PAPER and paper.scan == scan and paper.user == p.st
    assert signature_status(minutes).fully_signed
    with pytest.raises(StateConflict):
        services.minutes_upload_scan(
            actor=p.st, minutes=minutes, file=SimpleUploadedFile("otra.pdf", PDF), entities=[p.entities[3]]
        )


def test_a_ballot_left_open_cannot_be_closed_once_the_acta_seals_the_record():
    p = plenary(5, with_observer=False)
    ballot = open_ballot(p)
    services.vote_cast(actor=p.titular(0), ballot=ballot, choice="yes")
    # The session was closed with the ballot still open; the ballot can still be closed then...
    session_services.session_close(actor=p.st, session=p.session, now=at(DAY, 12))
    with pytest.raises(StateConflict) as closed:
        open_ballot(p, text="Otra moción")
    assert closed.value.code == "session_not_in_course"
    minutes = services.minutes_draft(actor=p.st, session=p.session)
    services.minutes_approve(actor=p.st, minutes=minutes, in_session=p.session)
    # ...but not after the acta was approved: the record is sealed, and so are its votes.
    with pytest.raises(StateConflict) as sealed:
        services.ballot_close(actor=p.st, ballot=ballot)
    assert sealed.value.code == "record_sealed"
    with pytest.raises(StateConflict) as sealed_vote:
        services.vote_cast(actor=p.titular(1), ballot=ballot, choice="no")
    assert sealed_vote.value.code == "record_sealed"
    assert Vote.objects.filter(ballot=ballot).count() == 1


def test_room_votes_need_the_quorum_and_recesses_stop_closing():
    p = plenary(5, present=3, with_observer=False)
    ballot = open_ballot(p)
    Attendance.objects.filter(session=p.session, person=p.titular(2).person).update(left_at=at(DAY, 11))
    with pytest.raises(RuleViolation) as lost:
        services.ballot_record_room_votes(actor=p.st, ballot=ballot, votes=[(p.entities[0], "yes", "")])
    assert "quórum" in str(lost.value) and "Art. 12" in str(lost.value)
    session_services.session_suspend(actor=p.st, session=p.session, now=at(DAY, 11, 5))
    with pytest.raises(StateConflict) as recess:
        services.ballot_close(actor=p.st, ballot=ballot)
    assert recess.value.code == "session_suspended"
