"""Writes of agreements: numbering them within their session, the ST's follow-up (Art. 18.9), the
early certification before the acta (Art. 14) and the reminders to their owners."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from directives.rules import rule
from members.models import EntityKind
from mtigm.core import access
from mtigm.core.errors import RuleViolation, StateConflict
from mtigm.core.outbox import in_commission_language, outbox_enqueue
from mtigm.core.services import model_update
from sessions.models import AgendaItem, Session

from ..common import representatives_of, secretariat_people, session_day
from ..models import Agreement, Ballot, Minutes
from . import selectors


def agreement_create(
    *,
    session: Session,
    agenda_item: AgendaItem | None,
    ballot: Ballot | None,
    text: str,
    method: str,
    counts: tuple[int | None, int | None, int | None],
    decided_by_casting_vote: bool = False,
) -> Agreement:
    # Numbers are consecutive per session; the session row lock makes two closings never share one.
    Session.objects.select_for_update().get(pk=session.pk)
    last = Agreement.objects.filter(session=session).aggregate(n=Max("number"))["n"] or 0
    yes, no, abstain = counts
    return Agreement.objects.create(
        session=session,
        number=last + 1,
        ballot=ballot,
        agenda_item=agenda_item,
        text=text,
        method=method,
        yes_count=yes,
        no_count=no,
        abstain_count=abstain,
        decided_by_casting_vote=decided_by_casting_vote,
    )


AGREEMENT_EDITABLE = ("owner", "due_date", "status", "status_note", "public")
# What the owner entity reports (agreement.follow_up); the rest is the ST's (agreement.manage).
FOLLOW_UP_FIELDS = {"status", "status_note"}


def _status_from_due_date(agreement: Agreement) -> None:
    """An open agreement past its due date is overdue; one whose due date moved ahead is not."""
    today = timezone.localdate()
    if agreement.status == Agreement.Status.OVERDUE and agreement.due_date and agreement.due_date >= today:
        agreement.status = Agreement.Status.IN_PROGRESS
    if (
        agreement.status in (Agreement.Status.PENDING, Agreement.Status.IN_PROGRESS)
        and agreement.due_date
        and agreement.due_date < today
    ):
        agreement.status = Agreement.Status.OVERDUE


@transaction.atomic
def agreement_update(*, actor: Any, agreement: Agreement, **fields: Any) -> Agreement:
    """The ST assigns owner and due date and follows up (Art. 18.9); the owner entity may report progress."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    permission = "agreement.follow_up" if set(fields) <= FOLLOW_UP_FIELDS else "agreement.manage"
    access.require(
        actor,
        permission,
        agreement,
        message=_("Solo la Secretaría Técnica asigna y edita los acuerdos; la entidad responsable informa su avance."),
    )
    if "status" in fields and fields["status"] not in Agreement.Status.values:
        raise ValidationError({"status": _("Estado desconocido.")})
    if "due_date" in fields and fields["due_date"] != agreement.due_date:
        agreement.reminder_sent_on = None
        agreement.overdue_notified_on = None
    fields_to_save = (*AGREEMENT_EDITABLE, "reminder_sent_on", "overdue_notified_on")
    model_update(instance=agreement, fields=fields_to_save, data=fields, check=_status_from_due_date)
    return agreement


@transaction.atomic
def agreement_certify(*, actor: Any, agreement: Agreement) -> Agreement:
    """The ST certifies an agreement for immediate execution before the acta is approved (Art. 14)."""
    agreement = Agreement.objects.select_for_update().select_related("session").get(pk=agreement.pk)
    access.require(actor, "agreement.manage", agreement, message=_("Solo la Secretaría Técnica certifica acuerdos."))
    day = session_day(agreement.session)
    certification = rule("minutes.early_certification", on=day)
    if Minutes.objects.filter(session=agreement.session, state=Minutes.State.APPROVED).exists():
        raise RuleViolation(
            _("El acta ya está aprobada: la certificación anticipada solo procede antes de su aprobación"),
            rule=certification,
        )
    if agreement.certified_at:
        raise StateConflict(_("El acuerdo ya fue certificado."), code="already_certified")
    agreement.certified_at = timezone.now()
    agreement.certified_by = actor
    agreement.save()
    return agreement


@in_commission_language
def agreement_reminders(*, today: datetime.date | None = None) -> dict[str, int]:
    """Remind owners before due dates and tell the ST about overdue agreements (beat task)."""
    today = today or timezone.localdate()
    days_before = int(rule("agreement.reminder_days_before_due", on=today).value)
    reminded = overdue = 0
    for agreement in selectors.agreements_due_for_reminder(today, days_before):
        with transaction.atomic():
            locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
            if locked.reminder_sent_on:
                continue
            # The selector only returns agreements with an owner and a due date.
            assert agreement.owner is not None and agreement.due_date is not None
            for designation in representatives_of(today, tuple(EntityKind.values)).filter(entity=agreement.owner_id):
                outbox_enqueue(
                    key=f"agreement:{agreement.pk}:reminder:{agreement.due_date}:{designation.person_id}",
                    kind="agreement_reminder",
                    recipient=designation.person.email,
                    recipient_name=str(designation.person),
                    subject=_("Recordatorio: %(ref)s vence el %(date)s")
                    % {"ref": agreement.reference, "date": agreement.due_date.strftime("%d/%m/%Y")},
                    body_text=_(
                        "Estimado(a) %(name)s:\n\nLe recordamos que el %(ref)s, a cargo de %(entity)s, vence el "
                        "%(date)s.\n\nTexto del acuerdo: %(text)s\n\nSecretaría Técnica de la MTIGM"
                    )
                    % {
                        "name": designation.person,
                        "ref": agreement.reference,
                        "entity": agreement.owner.acronym,
                        "date": agreement.due_date.strftime("%d/%m/%Y"),
                        "text": agreement.text,
                    },
                    related=agreement,
                )
            locked.reminder_sent_on = today
            locked.save(update_fields=["reminder_sent_on", "updated_at"])
            reminded += 1
    for agreement in selectors.agreements_overdue(today):
        with transaction.atomic():
            locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
            if locked.status == Agreement.Status.DONE:
                continue
            # The selector only returns agreements whose due date has passed, so they have one.
            assert agreement.due_date is not None
            locked.status = Agreement.Status.OVERDUE
            if locked.overdue_notified_on is None:
                for person in secretariat_people(today):
                    outbox_enqueue(
                        key=f"agreement:{agreement.pk}:overdue:{agreement.due_date}:{person.pk}",
                        kind="agreement_overdue",
                        recipient=person.email,
                        recipient_name=str(person),
                        subject=_("Acuerdo vencido: %(ref)s") % {"ref": agreement.reference},
                        body_text=_(
                            "El %(ref)s venció el %(date)s sin registrarse su cumplimiento.\n\nResponsable: "
                            "%(entity)s\nTexto: %(text)s"
                        )
                        % {
                            "ref": agreement.reference,
                            "date": agreement.due_date.strftime("%d/%m/%Y"),
                            "entity": agreement.owner.acronym if agreement.owner is not None else _("sin asignar"),
                            "text": agreement.text,
                        },
                        related=agreement,
                    )
                locked.overdue_notified_on = today
            locked.save(update_fields=["status", "overdue_notified_on", "updated_at"])
            overdue += 1
    return {"reminded": reminded, "overdue": overdue}
