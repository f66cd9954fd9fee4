"""Reads of the minutes (acta): its versions, who signs, and its content built from the records."""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members.models import Designation, EntityKind, Membership
from sessions.models import AgendaItem, Session
from sessions.selectors import quorum_status

from ..common import session_day
from ..models import Agreement, Ballot, Minutes, MinutesSignature, Vote


def minutes_versions(session: Session) -> QuerySet[Minutes]:
    return Minutes.objects.filter(session=session).select_related("approved_in_session", "supersedes")


def current_minutes(session: Session) -> Minutes | None:
    """The latest version: a draft being written, or the approved one not yet corrected."""
    return minutes_versions(session).order_by("-version").first()


def minutes_signatures(minutes: Minutes) -> QuerySet[MinutesSignature]:
    return minutes.signatures.select_related("person", "entity").order_by("signed_at")


def expected_signers(minutes: Minutes) -> list[dict[str, Any]]:
    """Members and observers who attended (one line per person), besides the ST (Art. 14)."""
    session = minutes.session
    day = session_day(session)
    kinds = dict(
        Membership.objects.on(day)
        .filter(kind__in=[EntityKind.MEMBER, EntityKind.OBSERVER])
        .values_list("entity_id", "kind")
    )
    signed = set(minutes.signatures.values_list("person_id", flat=True))
    out = []
    for attendance in session.attendances.select_related("person", "entity").order_by("entity__acronym"):
        if attendance.entity_id in kinds:
            out.append(
                {
                    "person": attendance.person,
                    "entity": attendance.entity,
                    "signed": attendance.person_id in signed,
                }
            )
    return out


def _fmt_time(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%H:%M") if value else ""


def _previous_minutes_approved_in(session: Session) -> list[dict[str, Any]]:
    return [
        {"session": m.session.title, "version": m.version, "approved_at": timezone.localtime(m.approved_at).isoformat()}
        for m in Minutes.objects.filter(approved_in_session=session, state=Minutes.State.APPROVED)
        .exclude(session=session)
        .select_related("session")
    ]


def minutes_content(session: Session, *, summaries: dict[str, str] | None = None) -> dict[str, Any]:
    """Everything the acta says, built from the session's records (R12, Art. 14).

    The result is plain JSON so that an approved version can be frozen as it was approved.
    """
    summaries = summaries or {}
    day = session_day(session)
    kinds = dict(Membership.objects.on(day).values_list("entity_id", "kind"))
    kind_labels = dict(EntityKind.choices)
    designations = {
        (d.person_id, d.entity_id): d.role for d in Designation.objects.on(day).filter(entity_id__in=kinds.keys())
    }
    attendance = []
    for row in session.attendances.select_related("person", "entity", "designation").order_by(
        "entity__kind", "entity__acronym", "signed_in_at"
    ):
        role = (
            row.designation.role
            if row.designation is not None
            else designations.get((row.person_id, row.entity_id), "")
        )
        kind = kinds.get(row.entity_id, row.entity.kind)
        attendance.append(
            {
                "entity": row.entity.acronym,
                "entity_name": row.entity.name,
                "kind": kind,
                "kind_label": str(kind_labels.get(kind, "")),
                "person": str(row.person),
                "role": role,
                "role_label": str(dict(Designation.Role.choices).get(role, _("Invitado"))),
                "signed_in_at": _fmt_time(row.signed_in_at),
                "left_at": _fmt_time(row.left_at),
            }
        )
    absences = [
        {"entity": a.entity.acronym, "reason": a.reason, "on_time": a.on_time}
        for a in session.absences.select_related("entity").order_by("entity__acronym")
    ]
    if session.is_plenary:
        quorum = quorum_status(session)
        members_in_office = quorum.members_in_office
        present_members = len({a["entity"] for a in attendance if a["kind"] == EntityKind.MEMBER})
        quorum_data = {
            "members_in_office": members_in_office,
            "present": present_members,
            "required": quorum.required,
            "has_quorum": present_members >= quorum.required,
            "citation": quorum.citation,
        }
    else:
        quorum_data = None
    ballots_by_item: dict[int, list[dict[str, Any]]] = {}
    for ballot in (
        Ballot.objects.filter(session=session)
        .select_related("kind", "casting_person")
        .prefetch_related(Prefetch("votes", queryset=Vote.objects.select_related("entity", "person")))
        .order_by("opened_at")
    ):
        ballots_by_item.setdefault(ballot.agenda_item_id, []).append(
            {
                "id": ballot.pk,
                "text": ballot.text,
                "kind": ballot.kind.name,
                "method": ballot.method,
                "state": ballot.state,
                "citation": ballot.rule_citation,
                "yes": ballot.yes_count,
                "no": ballot.no_count,
                "abstain": ballot.abstain_count,
                "required_yes": ballot.required_yes,
                "members_in_office": ballot.members_in_office,
                "outcome": ballot.outcome,
                "outcome_label": ballot.get_outcome_display() if ballot.outcome else "",
                "casting_vote": ballot.get_casting_vote_display() if ballot.casting_vote else "",
                "casting_person": str(ballot.casting_person) if ballot.casting_person_id else "",
                "roll_call": [
                    {
                        "entity": v.entity.acronym,
                        "person": str(v.person),
                        "role": v.get_role_display(),
                        "choice": v.get_choice_display(),
                        "at": _fmt_time(v.cast_at),
                    }
                    for v in sorted(ballot.votes.all(), key=lambda v: v.entity.acronym)
                ],
            }
        )
    agreements_by_item: dict[int | None, list[dict[str, Any]]] = {}
    agreements = []
    for agreement in (
        Agreement.objects.filter(session=session).select_related("owner", "certified_by").order_by("number")
    ):
        data = {
            "number": agreement.number,
            "text": agreement.text,
            "method": agreement.get_method_display(),
            "yes": agreement.yes_count,
            "no": agreement.no_count,
            "abstain": agreement.abstain_count,
            "casting": agreement.decided_by_casting_vote,
            "owner": agreement.owner.acronym if agreement.owner is not None else "",
            "due_date": agreement.due_date.isoformat() if agreement.due_date else "",
            "certified_at": timezone.localtime(agreement.certified_at).strftime("%d/%m/%Y %H:%M")
            if agreement.certified_at
            else "",
        }
        agreements.append(data)
        agreements_by_item.setdefault(agreement.agenda_item_id, []).append(data)
    items = []
    for item in AgendaItem.objects.filter(session=session, status=AgendaItem.Status.ACCEPTED).order_by("position"):
        items.append(
            {
                "id": item.pk,
                "position": item.position,
                "title": item.title,
                "summary": summaries.get(str(item.pk), item.summary),
                "ballots": ballots_by_item.get(item.pk, []),
            }
        )
    starts = session.opened_at or session.starts_at
    with translation.override("es"):  # the acta is a Spanish document whatever the reader's language
        date_label = date_format(day, "j \\d\\e F \\d\\e Y")
    return {
        "session": {
            "id": session.pk,
            "title": session.title,
            "kind": session.kind,
            "extended": session.extended,
            "date": day.isoformat(),
            "date_label": date_label,
            "place": session.place,
            "starts": _fmt_time(starts),
            "ends": _fmt_time(session.closed_at or session.ends_at),
            "called_on": session.called_on.isoformat() if session.called_on else "",
            "held_without_call": session.held_without_call,
        },
        "quorum": quorum_data,
        "attendance": attendance,
        "absences": absences,
        "items": items,
        "agreements": agreements,
        "previous_minutes_approved": _previous_minutes_approved_in(session),
    }


def content_hash(content: dict[str, Any], observations: str = "") -> str:
    payload = json.dumps({"content": content, "observations": observations}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()
