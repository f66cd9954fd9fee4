"""Writes of the minutes (acta, Art. 14, R12): the draft built from the session's records, its approval
at the end of the session or at the start of the next, signatures, the PDF (rendered by a Celery task
named after commit) and its delivery to every member and observer. An approved version is never
edited: a correction is a new version."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directives.rules import rule
from members.models import Entity, EntityKind, Membership
from mtigm.core import access
from mtigm.core.access import Role
from mtigm.core.dispatch import after_commit
from mtigm.core.errors import RuleViolation, StateConflict
from mtigm.core.files import validate_document_upload
from mtigm.core.outbox import Attachment, in_commission_language, outbox_enqueue
from sessions.models import Session
from sessions.services import session_seal_record

from ..common import person_of, representatives_of, session_day
from ..models import Minutes, MinutesScan, MinutesSignature
from . import selectors

RENDER_TASK = "decisions.tasks.render_minutes_pdf"
MANAGE_ONLY = gettext_lazy("Solo la Secretaría Técnica redacta el acta.")


def _session_title(session: Session) -> str:
    return f"{session.title} ({session_day(session):%d/%m/%Y})"


# A render queued or running for longer than this was lost (a worker that died); it may be asked again.
RENDER_STALE_AFTER = datetime.timedelta(minutes=10)


def render_pending(minutes: Minutes) -> bool:
    """Whether a render of this acta is queued or running, and recent enough to be alive."""
    since = {Minutes.PdfStatus.QUEUED: minutes.pdf_requested_at, Minutes.PdfStatus.RENDERING: minutes.pdf_started_at}
    started = since.get(Minutes.PdfStatus(minutes.pdf_status))
    return started is not None and started > timezone.now() - RENDER_STALE_AFTER


def render_claimable(now: datetime.datetime) -> Q:
    """The actas a render task may take: not rendered or rendering, or rendering for so long that
    the worker doing it must have died. A second task for the same request finds the first one's
    claim and stops (one conditional UPDATE decides, as for the outbox)."""
    waiting = Q(pdf_status__in=[Minutes.PdfStatus.QUEUED, Minutes.PdfStatus.NONE, Minutes.PdfStatus.FAILED])
    return waiting | render_lost(now)


def render_lost(now: datetime.datetime) -> Q:
    """Actas whose render started so long ago that the worker doing it must have died."""
    return Q(pdf_status=Minutes.PdfStatus.RENDERING) & (
        Q(pdf_started_at__isnull=True) | Q(pdf_started_at__lt=now - RENDER_STALE_AFTER)
    )


def _render_after_commit(minutes: Minutes) -> None:
    Minutes.objects.filter(pk=minutes.pk).update(
        pdf_status=Minutes.PdfStatus.QUEUED, pdf_progress=0, pdf_error="", pdf_requested_at=timezone.now()
    )
    # A broker outage leaves the PDF queued: decisions.tasks.sweep_queued_minutes sends it again.
    after_commit(RENDER_TASK, minutes.pk)


@transaction.atomic
def minutes_draft(*, actor: Any, session: Session) -> Minutes:
    """Create or refresh the draft acta from the session's records (R12)."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    access.require(actor, "minutes.manage", session, subject="session", message=str(MANAGE_ONLY))
    if session.state not in (Session.State.IN_SESSION, Session.State.HELD):
        raise StateConflict(_("El acta se redacta de una sesión en curso o realizada."), code="session_state")
    latest = Minutes.objects.filter(session=session).order_by("-version").first()
    if latest is not None and latest.is_approved:
        raise StateConflict(
            _("El acta ya está aprobada; una corrección es una nueva versión."), code="minutes_approved"
        )
    if latest is None:
        latest = Minutes(session=session, version=1)
    latest.content = selectors.minutes_content(session, summaries=latest.summaries)
    latest.save()
    return latest


@transaction.atomic
def minutes_update(
    *, actor: Any, minutes: Minutes, summaries: dict[str, str] | None = None, observations: str | None = None
) -> Minutes:
    minutes = Minutes.objects.select_for_update().select_related("session").get(pk=minutes.pk)
    access.require(actor, "minutes.manage", minutes, message=str(MANAGE_ONLY))
    if minutes.is_approved:
        raise StateConflict(_("Un acta aprobada no se edita; registre una corrección."), code="minutes_approved")
    if summaries is not None:
        minutes.summaries = {str(k): v.strip() for k, v in summaries.items()}
    if observations is not None:
        minutes.observations = observations.strip()
    minutes.content = selectors.minutes_content(minutes.session, summaries=minutes.summaries)
    minutes.save()
    return minutes


def approval_sessions(session: Session) -> list[Session]:
    """The acta is approved at the end of its own session or at the start of the next one (Art. 14)."""
    later = Session.objects.filter(starts_at__gt=session.starts_at).exclude(
        state__in=[Session.State.CANCELLED, Session.State.POSTPONED]
    )
    if session.is_plenary:
        later = later.filter(kind__in=Session.PLENARY_KINDS)
    else:
        later = later.filter(kind=session.kind, group=session.group_id, subgroup=session.subgroup_id)
    following = later.order_by("starts_at").first()
    return [session] + ([following] if following else [])


@transaction.atomic
def minutes_approve(*, actor: Any, minutes: Minutes, in_session: Session) -> Minutes:
    """Record the approval of the draft in its own session or at the start of the next (Art. 14)."""
    minutes = Minutes.objects.select_for_update().select_related("session").get(pk=minutes.pk)
    access.require(
        actor, "minutes.manage", minutes, message=_("Solo la Secretaría Técnica registra la aprobación del acta.")
    )
    if minutes.is_approved:
        raise StateConflict(_("El acta ya está aprobada."), code="minutes_approved")
    window = rule("minutes.approval_sessions", on=session_day(minutes.session))
    allowed = approval_sessions(minutes.session)
    if in_session.pk not in {s.pk for s in allowed}:
        raise RuleViolation(
            _("El acta se aprueba al final de la misma sesión o al inicio de la siguiente"), rule=window
        )
    if in_session.state not in (Session.State.IN_SESSION, Session.State.HELD):
        raise RuleViolation(_("La sesión en que se aprueba el acta debe estar en curso"), rule=window)
    if minutes.session.state != Session.State.HELD:
        # The acta records the real closing time (R12), so its own session is closed first.
        raise StateConflict(
            _("Levante la sesión antes de aprobar su acta: el acta registra la hora real de cierre."),
            code="session_state",
        )
    minutes.content = selectors.minutes_content(minutes.session, summaries=minutes.summaries)
    minutes.content_hash = selectors.content_hash(minutes.content, minutes.observations)
    minutes.state = Minutes.State.APPROVED
    minutes.approved_at = timezone.now()
    minutes.approved_in_session = in_session
    minutes.approved_by = actor
    minutes.save()
    session_seal_record(minutes.session, now=minutes.approved_at)
    _render_after_commit(minutes)
    return minutes


@transaction.atomic
def minutes_correct(*, actor: Any, minutes: Minutes, reason: str) -> Minutes:
    """Start a correction: a new draft version that, once approved, replaces the old one (R12)."""
    minutes = Minutes.objects.select_for_update().select_related("session").get(pk=minutes.pk)
    access.require(
        actor, "minutes.manage", minutes, message=_("Solo la Secretaría Técnica registra correcciones del acta.")
    )
    if not minutes.is_approved:
        raise StateConflict(
            _("Solo se corrige un acta aprobada; el borrador se edita directamente."), code="minutes_draft"
        )
    if Minutes.objects.filter(supersedes=minutes).exists():
        raise StateConflict(_("Esta versión ya tiene una corrección."), code="minutes_corrected")
    if not reason.strip():
        raise ValidationError({"reason": _("Indique el motivo de la corrección.")})
    last = Minutes.objects.filter(session=minutes.session).aggregate(n=Max("version"))["n"] or 0
    return Minutes.objects.create(
        session=minutes.session,
        version=last + 1,
        supersedes=minutes,
        correction_reason=reason.strip(),
        summaries=minutes.summaries,
        observations=minutes.observations,
        content=selectors.minutes_content(minutes.session, summaries=minutes.summaries),
    )


def _signer_capacity(actor: Any, minutes: Minutes) -> tuple[str, Entity | None, str]:
    person = person_of(actor)
    session = minutes.session
    day = session_day(session)
    if access.roles_of(actor).has(Role.SECRETARIAT):
        return MinutesSignature.Capacity.SECRETARIAT, None, ""
    kinds = dict(
        Membership.objects.on(day)
        .filter(kind__in=[EntityKind.MEMBER, EntityKind.OBSERVER])
        .values_list("entity_id", "kind")
    )
    attendance = (
        session.attendances.filter(person=person, entity_id__in=kinds.keys())
        .select_related("entity", "designation")
        .first()
    )
    if attendance is None:
        raise RuleViolation(
            _("Firman el acta la Secretaría Técnica y los miembros y observadores que asistieron a la sesión"),
            rule=rule("minutes.approval_sessions", on=day),
        )
    capacity = (
        MinutesSignature.Capacity.MEMBER
        if kinds[attendance.entity_id] == EntityKind.MEMBER
        else MinutesSignature.Capacity.OBSERVER
    )
    role = attendance.designation.role if attendance.designation is not None else ""
    return capacity, attendance.entity, role


@transaction.atomic
def minutes_sign(*, actor: Any, minutes: Minutes, ip_address: str | None = None) -> MinutesSignature:
    """Sign the approved acta in the browser; the signature binds the approved content's hash."""
    minutes = Minutes.objects.select_for_update().select_related("session").get(pk=minutes.pk)
    access.require(actor, "minutes.sign", minutes)
    if not minutes.is_approved:
        raise StateConflict(_("Solo se firma el acta aprobada."), code="minutes_draft")
    capacity, entity, role = _signer_capacity(actor, minutes)
    person = person_of(actor)
    if minutes.signatures.filter(person=person).exists():
        raise StateConflict(_("Usted ya firmó esta acta."), code="duplicate")
    signature = MinutesSignature.objects.create(
        minutes=minutes,
        person=person,
        entity=entity,
        capacity=capacity,
        role=role,
        content_hash=minutes.content_hash,
        user=actor,
        ip_address=ip_address,
    )
    _render_after_commit(minutes)
    return signature


@transaction.atomic
def minutes_upload_scan(*, actor: Any, minutes: Minutes, file: Any, entities: list[Entity]) -> MinutesScan:
    """The ST uploads the approved acta signed on paper by the attendees of ``entities`` (those who
    could not sign in the platform). Their signatures are recorded as made on paper, bound to the
    approved version's hash and to the scan's own hash, so the signature list says who signed and how."""
    minutes = Minutes.objects.select_for_update().select_related("session").get(pk=minutes.pk)
    access.require(
        actor, "minutes.manage", minutes, message=_("Solo la Secretaría Técnica sube el acta firmada en papel.")
    )
    if not minutes.is_approved:
        raise StateConflict(_("Solo se firma el acta aprobada."), code="minutes_draft")
    if not entities:
        raise ValidationError({"entities": _("Marque las entidades cuyos representantes firmaron en papel.")})
    status = selectors.signature_status(minutes)
    rows = {row.entity.pk: row for row in status.entities}
    window = rule("minutes.approval_sessions", on=session_day(minutes.session))
    for entity in entities:
        row = rows.get(entity.pk)
        if row is None:
            raise RuleViolation(
                _("%(entity)s no asistió a la sesión: firman el acta quienes asistieron") % {"entity": entity.acronym},
                rule=window,
            )
        if row.covered:
            raise StateConflict(_("%(entity)s ya firmó el acta.") % {"entity": entity.acronym}, code="duplicate")
    if file is None:
        raise ValidationError({"file": _("Adjunte el acta firmada escaneada.")})
    try:
        validate_document_upload(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    scan = MinutesScan.objects.create(
        minutes=minutes,
        file=file,
        file_sha256=digest.hexdigest(),
        content_hash=minutes.content_hash,
        uploaded_by=actor,
    )
    capacity: dict[str, str] = {
        EntityKind.MEMBER: MinutesSignature.Capacity.MEMBER,
        EntityKind.OBSERVER: MinutesSignature.Capacity.OBSERVER,
    }
    roles = dict(
        minutes.session.attendances.filter(entity__in=entities, designation__isnull=False).values_list(
            "person_id", "designation__role"
        )
    )
    for entity in entities:
        row = rows[entity.pk]
        for person in row.attendees:
            MinutesSignature.objects.create(
                minutes=minutes,
                person=person,
                entity=entity,
                capacity=capacity[row.kind],
                role=roles.get(person.pk, ""),
                content_hash=minutes.content_hash,
                method=MinutesSignature.Method.PAPER,
                scan=scan,
                user=actor,
            )
    # The PDF lists the signatures and how they were made: render it again.
    _render_after_commit(minutes)
    return scan


@transaction.atomic
def minutes_request_pdf(*, actor: Any, minutes: Minutes) -> Minutes:
    minutes = Minutes.objects.select_for_update(of=("self",)).select_related("session__subgroup").get(pk=minutes.pk)
    access.require(actor, "minutes.render", minutes, message=_("No tiene acceso a las actas."))
    # At most one pending render per acta: asking again while one is queued or running adds nothing.
    if not render_pending(minutes):
        _render_after_commit(minutes)
    return minutes


@transaction.atomic
@in_commission_language
def minutes_send(*, actor: Any, minutes: Minutes) -> int:
    """E-mail the approved, signed acta as PDF to every member and observer representative (Art. 14)."""
    minutes = Minutes.objects.select_for_update().select_related("session").get(pk=minutes.pk)
    access.require(actor, "minutes.manage", minutes, message=_("Solo la Secretaría Técnica envía el acta."))
    if not minutes.is_approved:
        raise StateConflict(_("Solo se envía el acta aprobada."), code="minutes_draft")
    if not minutes.signatures.filter(capacity=MinutesSignature.Capacity.SECRETARIAT).exists():
        raise RuleViolation(
            _("El acta se envía firmada; falta la firma de la Secretaría Técnica"),
            rule=rule("minutes.approval_sessions", on=session_day(minutes.session)),
        )
    today = timezone.localdate()
    title = minutes.session.title
    sent = 0
    for designation in representatives_of(today, (EntityKind.MEMBER, EntityKind.OBSERVER)):
        outbox_enqueue(
            key=f"minutes:{minutes.pk}:send:{designation.person_id}",
            kind="minutes",
            recipient=designation.person.email,
            recipient_name=str(designation.person),
            subject=_("Acta de la %(session)s") % {"session": _session_title(minutes.session)},
            body_text=_(
                "Estimado(a) %(name)s:\n\nAdjuntamos el acta aprobada y firmada de la %(session)s "
                "(versión %(version)s), en cumplimiento del artículo 14 del Reglamento.\n\n"
                "Secretaría Técnica de la MTIGM"
            )
            % {"name": designation.person, "session": title, "version": minutes.version},
            attachments=[Attachment("decisions.minutes_pdf", {"minutes_id": minutes.pk})],
            related=minutes,
        )
        sent += 1
    minutes.sent_at = timezone.now()
    minutes.save(update_fields=["sent_at", "updated_at"])
    return sent
