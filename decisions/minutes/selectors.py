"""Reads of the minutes (acta): its versions, who signs, and its content built from the records."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members.models import Designation, Entity, EntityKind, Membership, Person
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
    return minutes.signatures.select_related("person", "entity", "scan").order_by("signed_at")


@dataclass
class EntitySignatures:
    """One attending member or observer entity on the signature list: who attended for it, who
    signed and how. The entity is covered once one of its attendees signed, in the platform or on
    the scanned paper acta (Art. 14)."""

    entity: Entity
    kind: str
    attendees: list[Person] = field(default_factory=list)
    signatures: list[MinutesSignature] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return bool(self.signatures)

    @property
    def can_sign_in_app(self) -> list[Person]:
        """Attendees with an active account who have not signed yet: they sign in the platform."""
        signed = {s.person_id for s in self.signatures}
        return [p for p in self.attendees if p.pk not in signed and p.user is not None and p.user.is_active]

    @property
    def needs_paper(self) -> bool:
        """Nobody of the entity can sign in the platform: only the scanned paper acta covers it."""
        return not self.covered and not self.can_sign_in_app


@dataclass
class SignatureStatus:
    entities: list[EntitySignatures]
    secretariat: list[MinutesSignature]

    @property
    def fully_signed(self) -> bool:
        return bool(self.secretariat) and all(row.covered for row in self.entities)

    @property
    def missing(self) -> list[EntitySignatures]:
        return [row for row in self.entities if not row.covered]


def signature_status(minutes: Minutes) -> SignatureStatus:
    """The signature list of an acta: every member and observer entity that attended, who attended
    for it, who signed and how, and the ST's signature. Three queries."""
    session = minutes.session
    day = session_day(session)
    kinds = dict(
        Membership.objects.on(day)
        .filter(kind__in=[EntityKind.MEMBER, EntityKind.OBSERVER])
        .values_list("entity_id", "kind")
    )
    rows: dict[int, EntitySignatures] = {}
    for attendance in (
        session.attendances.filter(entity_id__in=kinds.keys())
        .select_related("person__user", "entity")
        .order_by("entity__acronym", "signed_in_at")
    ):
        row = rows.setdefault(
            attendance.entity_id, EntitySignatures(entity=attendance.entity, kind=kinds[attendance.entity_id])
        )
        if attendance.person not in row.attendees:
            row.attendees.append(attendance.person)
    secretariat = []
    for signature in minutes_signatures(minutes):
        if signature.capacity == MinutesSignature.Capacity.SECRETARIAT:
            secretariat.append(signature)
        elif signature.entity_id in rows:
            rows[signature.entity_id].signatures.append(signature)
    return SignatureStatus(entities=list(rows.values()), secretariat=secretariat)


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
                        "method": v.method,
                        "method_label": v.get_method_display(),
                        "reasons": v.reasons,
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
    # The real times of the session (R12: the hour): installation, recesses, closing. The called
    # hour is shown apart, never passed off as the real one.
    starts = session.opened_at
    suspensions = [
        {"from": _fmt_time(s.suspended_at), "to": _fmt_time(s.resumed_at), "reason": s.reason}
        for s in session.suspensions.order_by("suspended_at")
    ]
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
            "called_hour": _fmt_time(session.starts_at),
            "starts": _fmt_time(starts),
            "ends": _fmt_time(session.closed_at),
            "suspensions": suspensions,
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
