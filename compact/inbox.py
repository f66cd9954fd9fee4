"""What the Global Compact follow-up puts in the home page's inbox: for the representatives and focal
points of an invited entity, the open consultations it has not answered and its contributions still
to send (drafts, and those the ST returned); for the ST, the contributions and indicator values
waiting for its review. One query per section, whatever the data's size."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mtigm.core import access
from mtigm.core.access import UserRoles
from mtigm.core.inbox import InboxItem, InboxSection, Urgency, section, urgency

from .models import Consultation, Contribution, IndicatorValue
from .selectors import ANSWERED, filing_entity_ids


def _consultation_item(today: datetime.date) -> Callable[[Consultation], InboxItem]:
    def to_item(consultation: Consultation) -> InboxItem:
        return InboxItem(
            consultation.title,
            reverse("compact:consultation", args=[consultation.pk]),
            consultation.deadline,
            urgency(consultation.deadline, today),
            _("Su entidad aún no envió aportes"),
        )

    return to_item


def _contribution_item(contribution: Contribution) -> InboxItem:
    returned = contribution.state == Contribution.State.RETURNED
    detail = contribution.get_state_display()
    if returned and contribution.observations:
        detail = f"{detail}: {contribution.observations[:120]}"
    return InboxItem(
        f"{contribution.entity.acronym} — {contribution.title}",
        reverse("compact:contribution", args=[contribution.pk]),
        contribution.consultation.deadline,
        Urgency.LATE if returned else Urgency.NONE,
        detail,
    )


def consultations_to_answer(roles: UserRoles) -> Iterable[InboxSection]:
    """Open consultations an entity the user files for was invited to and has not answered yet."""
    if not access.can(roles, "contribution.write"):
        return
    entities = filing_entity_ids(roles)
    if not entities:
        return
    answered = Contribution.objects.filter(consultation=OuterRef("pk"), entity_id__in=entities, state__in=ANSWERED)
    invited = Consultation.invited.through.objects.filter(entity_id__in=entities).values("consultation_id")
    consultations = (
        Consultation.objects.filter(state=Consultation.State.OPEN, pk__in=invited)
        .exclude(Exists(answered))
        .order_by("deadline", "pk")
    )
    yield section(
        "compact_consultations_to_answer",
        gettext_lazy("Consultas del Pacto Mundial por responder"),
        consultations,
        _consultation_item(roles.day),
        url=reverse("compact:consultations"),
        order=60,
    )


def contributions_to_send(roles: UserRoles) -> Iterable[InboxSection]:
    """The drafts and returned contributions of the user's entities in open consultations."""
    if not access.can(roles, "contribution.write"):
        return
    entities = filing_entity_ids(roles)
    if not entities:
        return
    contributions = Contribution.objects.filter(
        entity_id__in=entities,
        state__in=[Contribution.State.DRAFT, Contribution.State.RETURNED],
        consultation__state=Consultation.State.OPEN,
    ).select_related("entity", "consultation")
    yield section(
        "compact_contributions_to_send",
        gettext_lazy("Aportes por enviar a la Secretaría Técnica"),
        contributions.order_by("-state", "consultation__deadline", "pk"),
        _contribution_item,
        url=reverse("compact:consultations"),
        order=61,
    )


def contributions_to_review(roles: UserRoles) -> Iterable[InboxSection]:
    """For the ST: contributions sent and waiting to be accepted or returned."""
    if not access.can(roles, "contribution.review"):
        return
    contributions = Contribution.objects.filter(state=Contribution.State.SUBMITTED).select_related(
        "entity", "consultation"
    )
    yield section(
        "compact_contributions_to_review",
        gettext_lazy("Aportes por revisar"),
        access.scope_visible(contributions, roles, "contribution").order_by("submitted_at", "pk"),
        _contribution_item,
        url=reverse("compact:consultations"),
        order=62,
    )


def _value_item(value: IndicatorValue) -> InboxItem:
    return InboxItem(
        f"{value.indicator.name} ({value.year})",
        reverse("compact:indicator", args=[value.indicator_id]),
        detail=value.indicator.responsible_entity.acronym,
    )


def values_to_validate(roles: UserRoles) -> Iterable[InboxSection]:
    """For the ST: indicator values the responsible entities sent."""
    if not access.can(roles, "indicator_value.validate"):
        return
    values = IndicatorValue.objects.filter(state=IndicatorValue.State.SUBMITTED).select_related(
        "indicator__responsible_entity"
    )
    yield section(
        "compact_values_to_validate",
        gettext_lazy("Valores de indicadores por validar"),
        values.order_by("submitted_at", "pk"),
        _value_item,
        url=reverse("compact:indicators"),
        order=63,
    )


INBOX = [consultations_to_answer, contributions_to_send, contributions_to_review, values_to_validate]
