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
    """Compute the roles of an active, authenticated ``user`` on ``day`` in few queries (they are
    paid by every request): one for a representative, two for anyone without a designation that day,
    and one more for the group ids of a coordinator or a subgroup lead.

    The Presidency is held by RREE's titular and alternate: the alternate acts in the titular's
    stead (Art. 15). Who presides a given session, and so casts its deciding vote, is decided per
    session from who is present (``decisions.ballots.selectors.presiding_designation``).
    """
    from django.db.models import Exists, OuterRef, Subquery

    from .models import (
        ApiClient,
        Designation,
        EntityKind,
        GroupCoordinator,
        Membership,
        SecretariatAppointment,
        SubgroupLead,
    )

    known = _without_person(user, day)
    if known is not None:
        return known
    api_active = ApiClient.objects.filter(user_id=user.pk).values("active")[:1]
    is_secretariat = Exists(SecretariatAppointment.objects.on(day).filter(person=OuterRef("person_id")))
    # The entity's kind on that day is its latest membership starting by then (one row in practice).
    kind_on_day = (
        Membership.objects.on(day).filter(entity_id=OuterRef("entity_id")).order_by("-start", "-pk").values("kind")
    )
    # A representative's roles come from one query: their designations, each with its person, its
    # entity's kind, whether the entity coordinates a group or leads a subgroup, and the person's
    # ST appointment and API client.
    designations = list(
        Designation.objects.on(day)
        .filter(person__user_id=user.pk)
        .select_related("entity", "person")
        .annotate(
            kind=Subquery(kind_on_day[:1]),
            coordinates=Exists(GroupCoordinator.objects.on(day).filter(entity_id=OuterRef("entity_id"))),
            leads=Exists(SubgroupLead.objects.on(day).filter(entity_id=OuterRef("entity_id"))),
            is_secretariat=is_secretariat,
            api_active=Subquery(api_active),
        )
    )
    person, is_st, active_client = _person_and_flags(user, day, designations)
    result = UserRoles(day=day, authenticated=True, person_id=person.pk if person is not None else None)
    if active_client:
        result.roles.add(Role.API_CLIENT)
    if person is None:
        return result
    if is_st:
        result.roles.add(Role.SECRETARIAT)

    coordinates = leads = False
    for designation in designations:
        kind = designation.kind
        if kind is None:
            continue  # the entity is not part of the commission on that day
        result.entity_ids.add(designation.entity_id)
        coordinates = coordinates or designation.coordinates
        leads = leads or designation.leads
        if kind == EntityKind.MEMBER:
            result.roles.add(Role.MEMBER_REPRESENTATIVE)
            result.member_entity_ids.add(designation.entity_id)
            if designation.entity.acronym == PRESIDING_ENTITY_ACRONYM:
                result.roles.add(Role.PRESIDENCY)
        elif kind == EntityKind.OBSERVER:
            result.roles.add(Role.OBSERVER_REPRESENTATIVE)
        else:
            result.roles.add(Role.SUPPORT_REPRESENTATIVE)

    if coordinates:
        result.coordinated_group_ids = set(
            GroupCoordinator.objects.on(day).filter(entity_id__in=result.entity_ids).values_list("group_id", flat=True)
        )
        result.roles.update([Role.GROUP_COORDINATOR] if result.coordinated_group_ids else [])
    if leads:
        result.led_subgroup_ids = set(
            SubgroupLead.objects.on(day).filter(entity_id__in=result.entity_ids).values_list("subgroup_id", flat=True)
        )
        result.roles.update([Role.SUBGROUP_LEAD] if result.led_subgroup_ids else [])
    return result


def _person_and_flags(user: Any, day: datetime.date, designations: list[Any]) -> tuple[Any, bool, bool]:
    """The user's person, whether it belongs to the ST that day and whether the user is an active API
    client; ``user.person`` and ``user.api_client`` are then known to later readers (services asking
    who acts) without another query."""
    from django.db.models import Exists, OuterRef

    from .models import ApiClient, Person, SecretariatAppointment

    if designations:
        first = designations[0]
        Person._meta.get_field("user").remote_field.set_cached_value(user, first.person)
        return first.person, bool(first.is_secretariat), bool(first.api_active)
    # Without a designation that day (the ST's staff, an API client): the user with its person and
    # API client joined, and the ST appointment, in one query.
    again = (
        user._meta.model.objects.filter(pk=user.pk)
        .select_related("person", "api_client")
        .annotate(is_secretariat=Exists(SecretariatAppointment.objects.on(day).filter(person__user_id=OuterRef("pk"))))
        .get()
    )
    person = getattr(again, "person", None)
    client = getattr(again, "api_client", None)
    Person._meta.get_field("user").remote_field.set_cached_value(user, person)
    ApiClient._meta.get_field("user").remote_field.set_cached_value(user, client)
    return person, bool(again.is_secretariat), client is not None and client.active


def _without_person(user: Any, day: datetime.date) -> UserRoles | None:
    """The roles of a user already known (from an earlier read of this user object) to have no
    person in the registry: an API client or nothing, with no query when its API client is known too."""
    from .models import Person

    person_cache = Person._meta.get_field("user").remote_field
    if not person_cache.is_cached(user) or person_cache.get_cached_value(user) is not None:
        return None
    result = UserRoles(day=day, authenticated=True)
    client = getattr(user, "api_client", None)
    if client is not None and client.active:
        result.roles.add(Role.API_CLIENT)
    return result
