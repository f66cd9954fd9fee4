"""A user's roles, derived from their current designations, never from flags set by hand.

When a representative is replaced (their designation gets an ``end``), the roles that came from it
end the next day. Superusers administer the site but get no commission role from that alone.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(enum.StrEnum):
    SECRETARIAT = "secretariat"
    PRESIDENCY = "presidency"
    MEMBER_REPRESENTATIVE = "member_representative"
    OBSERVER_REPRESENTATIVE = "observer_representative"
    SUPPORT_REPRESENTATIVE = "support_representative"
    GROUP_COORDINATOR = "group_coordinator"
    SUBGROUP_LEAD = "subgroup_lead"
    API_CLIENT = "api_client"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.SECRETARIAT: _("Secretaría Técnica"),
    Role.PRESIDENCY: _("Presidencia"),
    Role.MEMBER_REPRESENTATIVE: _("Representante de entidad miembro"),
    Role.OBSERVER_REPRESENTATIVE: _("Representante de entidad observadora"),
    Role.SUPPORT_REPRESENTATIVE: _("Representante de comisión de apoyo"),
    Role.GROUP_COORDINATOR: _("Coordinación de grupo de trabajo"),
    Role.SUBGROUP_LEAD: _("Responsable de subgrupo"),
    Role.API_CLIENT: _("Cliente de la API"),
}

PRESIDING_ENTITY_ACRONYM = "RREE"  # Art. 15: RREE presides the commission.


@dataclass
class UserRoles:
    """What a user may do on a given day, with the entities and groups it comes from."""

    day: datetime.date
    roles: set[Role] = field(default_factory=set)
    entity_ids: set[int] = field(default_factory=set)  # entities the user represents
    member_entity_ids: set[int] = field(default_factory=set)
    coordinated_group_ids: set[int] = field(default_factory=set)
    led_subgroup_ids: set[int] = field(default_factory=set)
    designation_ids: set[int] = field(default_factory=set)

    def has(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_secretariat(self) -> bool:
        return Role.SECRETARIAT in self.roles


def roles_for(user, *, on: datetime.date | None = None) -> UserRoles:  # type: ignore[no-untyped-def]
    """Compute the roles of ``user`` on ``on`` (today in Lima by default), in a few queries."""
    from .models import Designation, EntityKind, GroupCoordinator, Membership, SecretariatAppointment, SubgroupLead

    day = on or timezone.localdate()
    result = UserRoles(day=day)
    if user is None or not user.is_authenticated or not user.is_active:
        return result
    if hasattr(user, "api_client") and user.api_client.active:
        result.roles.add(Role.API_CLIENT)
    person = getattr(user, "person", None)
    if person is None:
        return result
    if SecretariatAppointment.objects.on(day).filter(person=person).exists():
        result.roles.add(Role.SECRETARIAT)

    designations = list(Designation.objects.on(day).filter(person=person).select_related("entity"))
    if not designations:
        return result
    entity_ids = {d.entity_id for d in designations}
    kinds = dict(Membership.objects.on(day).filter(entity_id__in=entity_ids).values_list("entity_id", "kind"))
    for designation in designations:
        kind = kinds.get(designation.entity_id)
        if kind is None:
            continue  # the entity is not part of the commission on that day
        result.designation_ids.add(designation.pk)
        result.entity_ids.add(designation.entity_id)
        if kind == EntityKind.MEMBER:
            result.roles.add(Role.MEMBER_REPRESENTATIVE)
            result.member_entity_ids.add(designation.entity_id)
            if designation.entity.acronym == PRESIDING_ENTITY_ACRONYM:
                result.roles.add(Role.PRESIDENCY)
        elif kind == EntityKind.OBSERVER:
            result.roles.add(Role.OBSERVER_REPRESENTATIVE)
        else:
            result.roles.add(Role.SUPPORT_REPRESENTATIVE)

    result.coordinated_group_ids = set(
        GroupCoordinator.objects.on(day).filter(entity_id__in=result.entity_ids).values_list("group_id", flat=True)
    )
    if result.coordinated_group_ids:
        result.roles.add(Role.GROUP_COORDINATOR)
    result.led_subgroup_ids = set(
        SubgroupLead.objects.on(day).filter(entity_id__in=result.entity_ids).values_list("subgroup_id", flat=True)
    )
    if result.led_subgroup_ids:
        result.roles.add(Role.SUBGROUP_LEAD)
    return result


def request_roles(request) -> UserRoles:  # type: ignore[no-untyped-def]
    """Roles of the request's user, computed once per request."""
    cached = getattr(request, "_mtigm_roles", None)
    if cached is None:
        cached = roles_for(getattr(request, "user", None))
        request._mtigm_roles = cached
    return cached
