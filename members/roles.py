"""A user's roles, derived from their current designations, never from flags set by hand.

When a representative is replaced (their designation gets an ``end``), the roles that came from it
end the next day. Superusers administer the site but get no commission role from that alone.

``derive_roles`` is registered with the access layer (``mtigm.core.access``) when Django starts;
``Role``, ``UserRoles``, ``roles_for`` and ``request_roles`` are re-exported here for the callers
that import them from the registry.
"""

from __future__ import annotations

import datetime
from typing import Any

from mtigm.core.access.roles import ROLE_LABELS, Role, UserRoles, request_roles, roles_for

PRESIDING_ENTITY_ACRONYM = "RREE"  # Art. 15: RREE presides the commission.

__all__ = ["PRESIDING_ENTITY_ACRONYM", "ROLE_LABELS", "Role", "UserRoles", "derive_roles", "request_roles", "roles_for"]


def derive_roles(user: Any, day: datetime.date) -> UserRoles:
    """Compute the roles of an active, authenticated ``user`` on ``day``, in a few queries.

    The Presidency is held by RREE's titular and alternate: the alternate acts in the titular's
    stead (Art. 15). Who presides a given session, and so casts its deciding vote, is decided per
    session from who is present (``decisions.ballots.selectors.presiding_designation``).
    """
    from .models import Designation, EntityKind, GroupCoordinator, Membership, SecretariatAppointment, SubgroupLead

    person = getattr(user, "person", None)
    result = UserRoles(day=day, authenticated=True, person_id=person.pk if person is not None else None)
    if hasattr(user, "api_client") and user.api_client.active:
        result.roles.add(Role.API_CLIENT)
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
