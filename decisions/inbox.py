"""What the decisions app puts in the home page's inbox: open ballots one's entity can vote in,
actas to approve and to sign (R12), agreements to follow up (R13) and procedures under way (R16–R18).

Whether an approved acta is fully signed is decided in one place, ``unsigned_minutes``, so that a
change in how signatures count (a scanned paper signature, say) is made there alone.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Designation, EntityKind
from mtigm.core import access
from mtigm.core.access import UserRoles
from mtigm.core.inbox import InboxItem, InboxSection, Urgency, section, urgency
from sessions.models import Attendance, Session, Suspension

from .models import Agreement, Application, Ballot, Minutes, MinutesSignature, Vote

# Who signs the acta besides the ST: the members and observers who attended (Art. 14).
SIGNING_KINDS = (EntityKind.MEMBER, EntityKind.OBSERVER)


def unsigned_minutes(queryset: QuerySet[Minutes], *, person_id: int | None = None) -> QuerySet[Minutes]:
    """The approved actas of ``queryset`` still in force (not replaced by an approved correction)
    that are not fully signed (R12, Art. 14): an attending member or observer entity counts as
    signed once one of its attendees signed, in the platform or on the scanned paper acta (as
    ``decisions.minutes.selectors.signature_status`` reads it).

    With ``person_id``: those the person attended for an entity not yet covered and has not signed.
    Without: those lacking the ST's signature or any attending entity's, annotated with
    ``secretariat_signed`` and ``missing_signatures`` (attending entities not yet covered).
    """
    in_force = queryset.filter(state=Minutes.State.APPROVED).exclude(
        Exists(Minutes.objects.filter(supersedes=OuterRef("pk"), state=Minutes.State.APPROVED))
    )
    signers = Attendance.objects.filter(session=OuterRef("session"), entity__kind__in=SIGNING_KINDS)
    covered = MinutesSignature.objects.filter(minutes=OuterRef(OuterRef("pk")), entity=OuterRef("entity"))
    if person_id is not None:
        return in_force.filter(Exists(signers.filter(person_id=person_id).exclude(Exists(covered))))
    missing = (
        signers.exclude(Exists(covered))
        .order_by()
        .values("session")
        .annotate(n=Count("entity", distinct=True))
        .values("n")
    )
    return (
        in_force.annotate(
            secretariat_signed=Exists(
                MinutesSignature.objects.filter(minutes=OuterRef("pk"), capacity=MinutesSignature.Capacity.SECRETARIAT)
            ),
            missing_signatures=Coalesce(Subquery(missing, output_field=IntegerField()), Value(0)),
        )
    ).filter(Q(secretariat_signed=False) | Q(missing_signatures__gt=0))


def _minutes_url(minutes: Minutes) -> str:
    return reverse("decisions:minutes", args=[minutes.session_id])


def _minutes_label(minutes: Minutes) -> str:
    return _("Acta de la %(session)s (versión %(version)s)") % {
        "session": minutes.session.title,
        "version": minutes.version,
    }


def _minutes(roles: UserRoles) -> QuerySet[Minutes]:
    return access.scope_visible(
        Minutes.objects.select_related("session__group", "session__subgroup"), roles, "minutes"
    ).order_by("session__starts_at", "version")


def minutes_to_approve(roles: UserRoles) -> Iterable[InboxSection]:
    """Draft actas, approved at the end of their session or at the start of the next (Art. 14)."""
    if not access.can(roles, "minutes.manage"):
        return
    drafts = access.scope(_minutes(roles).filter(state=Minutes.State.DRAFT), roles, "minutes.manage")

    def to_item(minutes: Minutes) -> InboxItem:
        detail = _("Borrador: se aprueba al final de la sesión o al inicio de la siguiente (Art. 14).")
        return InboxItem(_minutes_label(minutes), _minutes_url(minutes), detail=detail)

    yield section(
        "minutes_to_approve", gettext_lazy("Actas por aprobar"), drafts, to_item, url=reverse("sessions:list"), order=30
    )


def _sentence(parts: list[str]) -> str:
    text = "; ".join(parts)
    return f"{text[:1].upper()}{text[1:]}." if text else ""


def minutes_incomplete(roles: UserRoles) -> Iterable[InboxSection]:
    """Approved actas that the ST, or some member or observer who attended, has not signed yet."""
    if not access.can(roles, "minutes.manage"):
        return
    incomplete = unsigned_minutes(access.scope(_minutes(roles), roles, "minutes.manage"))

    def to_item(minutes: Minutes) -> InboxItem:
        parts = []
        if not minutes.secretariat_signed:  # type: ignore[attr-defined]
            parts.append(_("falta la firma de la Secretaría Técnica"))
        missing = minutes.missing_signatures  # type: ignore[attr-defined]
        if missing:
            parts.append(_("%(count)s entidades asistentes aún no firman") % {"count": missing})
        return InboxItem(_minutes_label(minutes), _minutes_url(minutes), detail=_sentence(parts))

    yield section(
        "minutes_unsigned",
        gettext_lazy("Actas con firmas pendientes"),
        incomplete,
        to_item,
        url=reverse("sessions:list"),
        order=31,
    )


def minutes_to_sign(roles: UserRoles) -> Iterable[InboxSection]:
    """Approved actas of sessions the user attended for their entity and has not signed (Art. 14).
    Who keeps the actas sees them all in ``minutes_incomplete`` instead."""
    if roles.person_id is None or not access.can(roles, "minutes.sign") or access.can(roles, "minutes.manage"):
        return
    mine = unsigned_minutes(access.scope(_minutes(roles), roles, "minutes.sign"), person_id=roles.person_id)

    def to_item(minutes: Minutes) -> InboxItem:
        return InboxItem(_minutes_label(minutes), _minutes_url(minutes), detail=_("Aprobada; falta su firma."))

    yield section("minutes_to_sign", gettext_lazy("Actas por firmar"), mine, to_item, order=15)


def open_ballots(roles: UserRoles) -> Iterable[InboxSection]:
    """Open ballots of sessions the user attends, in which their entity may vote and has not voted:
    member entities in the Plenary (Art. 7.3, 13), the group's entities in a group's meeting."""
    if roles.person_id is None or not access.can(roles, "ballot.vote"):
        return
    attending = Attendance.objects.filter(session=OuterRef("session"), person_id=roles.person_id, left_at__isnull=True)
    plenary = Q(session__kind__in=Session.PLENARY_KINDS)
    titular_present = Attendance.objects.filter(
        session=OuterRef("session"),
        entity=OuterRef("entity"),
        left_at__isnull=True,
        designation__role=Designation.Role.TITULAR,
    )
    ballots = (
        Ballot.objects.filter(state=Ballot.State.OPEN)
        .filter(
            (plenary & Q(Exists(attending.filter(entity_id__in=roles.member_entity_ids))))
            | (~plenary & Q(Exists(attending.filter(entity_id__in=roles.entity_ids))))
        )
        .exclude(Exists(Vote.objects.filter(ballot=OuterRef("pk"), entity_id__in=roles.entity_ids)))
        # Not during a recess, and not for an alternate whose titular is in the room: the titular
        # casts the entity's vote (rule vote.titular_precedence), so the item would only be refused.
        .exclude(Exists(Suspension.objects.filter(session=OuterRef("session"), resumed_at__isnull=True)))
        .exclude(Exists(attending.filter(designation__role=Designation.Role.ALTERNATE).filter(Exists(titular_present))))
        .select_related("session__group", "session__subgroup")
    )

    def to_item(ballot: Ballot) -> InboxItem:
        label = ballot.text if len(ballot.text) <= 120 else ballot.text[:119] + "…"
        return InboxItem(
            label,
            reverse("decisions:ballot", args=[ballot.pk]),
            urgency=Urgency.SOON,
            detail=_("Votación abierta en la %(session)s.") % {"session": ballot.session.title},
        )

    yield section(
        "open_ballots",
        gettext_lazy("Votaciones abiertas"),
        access.scope(ballots, roles, "ballot.vote").order_by("opened_at"),
        to_item,
        url=reverse("decisions:my-ballots"),
        order=5,
    )


def _agreements() -> QuerySet[Agreement]:
    return (
        Agreement.objects.exclude(status=Agreement.Status.DONE)
        .select_related("session__group", "session__subgroup", "owner")
        .order_by(F("due_date").asc(nulls_last=True), "session__starts_at", "number")
    )


def _agreement_item(today: datetime.date) -> Callable[[Agreement], InboxItem]:
    def to_item(agreement: Agreement) -> InboxItem:
        owner = agreement.owner.acronym if agreement.owner is not None else _("sin entidad responsable")
        return InboxItem(
            agreement.reference,
            reverse("decisions:agreement", args=[agreement.pk]),
            agreement.due_date,
            urgency(agreement.due_date, today),
            f"{owner} · {agreement.get_status_display()}",
        )

    return to_item


def overdue_agreements(roles: UserRoles) -> Iterable[InboxSection]:
    """Agreements past their due date and not fulfilled, for who follows them all up (Art. 18.9)."""
    if not access.can(roles, "agreement.manage"):
        return
    overdue = access.scope(_agreements().filter(due_date__lt=roles.day), roles, "agreement.manage")
    yield section(
        "overdue_agreements",
        gettext_lazy("Acuerdos vencidos"),
        overdue,
        _agreement_item(roles.day),
        url=reverse("decisions:board"),
        order=40,
    )


def own_agreements(roles: UserRoles) -> Iterable[InboxSection]:
    """Open agreements whose owner is the user's entity, to report their progress (R13)."""
    if access.can(roles, "agreement.manage") or not access.can(roles, "agreement.follow_up"):
        return
    yield section(
        "own_agreements",
        gettext_lazy("Acuerdos a cargo de su entidad"),
        access.scope(_agreements(), roles, "agreement.follow_up"),
        _agreement_item(roles.day),
        url=reverse("decisions:board"),
        order=40,
    )


PENDING_APPLICATION_STATES = (
    Application.State.RECEIVED,
    Application.State.SCHEDULED,
    Application.State.APPROVED,
    Application.State.INVITED,
)


def pending_applications(roles: UserRoles) -> Iterable[InboxSection]:
    """Procedures under way: to put on an agenda, to vote, to invite, to decree (R16–R18)."""
    if not access.can(roles, "application.manage"):
        return
    pending = access.scope(
        Application.objects.filter(state__in=PENDING_APPLICATION_STATES), roles, "application.manage"
    ).order_by("received_on", "pk")

    def to_item(application: Application) -> InboxItem:
        return InboxItem(
            application.title,
            reverse("decisions:application", args=[application.pk]),
            detail=f"{application.get_kind_display()} · {application.get_state_display()}",
        )

    yield section(
        "pending_applications",
        gettext_lazy("Solicitudes en trámite"),
        pending,
        to_item,
        url=reverse("decisions:applications"),
        order=50,
    )


INBOX = [
    open_ballots,
    minutes_to_sign,
    minutes_to_approve,
    minutes_incomplete,
    overdue_agreements,
    own_agreements,
    pending_applications,
]
