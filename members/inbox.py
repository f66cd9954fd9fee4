"""What the registry puts in the home page's inbox, for who keeps it (the ST): entities without a
titular or an alternate in office, and designations recorded without their resolution (R1, Art. 7.5)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mtigm.core import access
from mtigm.core.access import UserRoles
from mtigm.core.inbox import InboxItem, InboxSection, section

from .models import Designation, Entity, EntityKind, Membership

# R1 asks a titular and an alternate of every member and observer entity (Art. 7.5).
REPRESENTED_KINDS = (EntityKind.MEMBER, EntityKind.OBSERVER)


def _missing_item(entity: Entity) -> InboxItem:
    missing_titular = not entity.has_titular  # type: ignore[attr-defined]
    missing_alternate = not entity.has_alternate  # type: ignore[attr-defined]
    if missing_titular and missing_alternate:
        detail = _("Sin titular ni alterno designados (Art. 7.5).")
    elif missing_titular:
        detail = _("Sin titular designado (Art. 7.5).")
    else:
        detail = _("Sin alterno designado (Art. 7.5).")
    role = Designation.Role.TITULAR if missing_titular else Designation.Role.ALTERNATE
    url = f"{reverse('members:designation-create')}?{urlencode({'entidad': entity.pk, 'calidad': role})}"
    return InboxItem(f"{entity.acronym} — {entity.name}", url, detail=detail)


def unrepresented_entities(roles: UserRoles) -> Iterable[InboxSection]:
    """Member and observer entities in office without a titular or an alternate in office (R1)."""
    if not access.can(roles, "registry.change"):
        return
    day = roles.day
    in_office = Membership.objects.on(day).filter(entity=OuterRef("pk"), kind__in=REPRESENTED_KINDS)
    current = Designation.objects.on(day).filter(entity=OuterRef("pk"))
    entities = (
        Entity.objects.filter(Exists(in_office))
        .annotate(
            has_titular=Exists(current.filter(role=Designation.Role.TITULAR)),
            has_alternate=Exists(current.filter(role=Designation.Role.ALTERNATE)),
        )
        .filter(Q(has_titular=False) | Q(has_alternate=False))
    )
    yield section(
        "unrepresented_entities",
        gettext_lazy("Entidades sin titular o alterno"),
        access.scope(entities, roles, "registry.change").order_by("acronym"),
        _missing_item,
        url=reverse("members:entity-list"),
        order=70,
    )


def designations_without_resolution(roles: UserRoles) -> Iterable[InboxSection]:
    """Designations in office recorded without the number or date of their resolution (Art. 7.5)."""
    if not access.can(roles, "registry.change"):
        return
    designations = (
        Designation.objects.on(roles.day)
        .filter(Q(resolution_number="") | Q(resolution_date__isnull=True))
        .select_related("entity", "person")
    )

    def to_item(designation: Designation) -> InboxItem:
        return InboxItem(
            f"{designation.entity.acronym} — {designation.person}",
            reverse("members:designation-update", args=[designation.pk]),
            detail=_("%(role)s sin resolución de designación registrada.") % {"role": designation.get_role_display()},
        )

    yield section(
        "designations_without_resolution",
        gettext_lazy("Designaciones sin resolución"),
        access.scope(designations, roles, "registry.change", subject="designation").order_by("entity__acronym", "role"),
        to_item,
        url=reverse("members:designation-list"),
        order=71,
    )


INBOX = [unrepresented_entities, designations_without_resolution]
