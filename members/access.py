"""Fetch-or-raise helpers of the registry (Zulip's ``access_*`` shape).

Each asks the access layer (``mtigm.core.access``): 404 when the object does not exist or is hidden
from the user, 403 when it is visible but ``action`` (a permission, e.g. "registry.change") is not
theirs. ``for_update`` locks the row for the caller's transaction.
"""

from __future__ import annotations

from typing import Any

from mtigm.core import access

from .models import CsoRegistration, Designation, Entity, Membership, Person, Subgroup, WorkingGroup


def access_entity(user: Any, entity_id: Any, *, action: str = "view", for_update: bool = False) -> Entity:
    queryset = Entity.objects.select_related("support_commission")
    return access.fetch(user, "entity", queryset, pk=entity_id, action=action, for_update=for_update)


def access_membership(user: Any, membership_id: Any, *, action: str = "view", for_update: bool = False) -> Membership:
    queryset = Membership.objects.select_related("entity")
    return access.fetch(user, "membership", queryset, pk=membership_id, action=action, for_update=for_update)


def access_designation(
    user: Any, designation_id: Any, *, action: str = "view", for_update: bool = False
) -> Designation:
    queryset = Designation.objects.select_related("entity", "person", "replaced_by__person")
    return access.fetch(user, "designation", queryset, pk=designation_id, action=action, for_update=for_update)


def access_group(user: Any, group_id: Any, *, action: str = "view", for_update: bool = False) -> WorkingGroup:
    return access.fetch(user, "group", WorkingGroup.objects.all(), pk=group_id, action=action, for_update=for_update)


def access_subgroup(user: Any, subgroup_id: Any, *, action: str = "view", for_update: bool = False) -> Subgroup:
    queryset = Subgroup.objects.select_related("group")
    return access.fetch(user, "subgroup", queryset, pk=subgroup_id, action=action, for_update=for_update)


def access_cso_registration(
    user: Any, registration_id: Any, *, action: str = "view", for_update: bool = False
) -> CsoRegistration:
    queryset = CsoRegistration.objects.select_related("entity")
    return access.fetch(user, "cso_registration", queryset, pk=registration_id, action=action, for_update=for_update)


def access_person(user: Any, person_id: Any, *, action: str = "view") -> Person:
    return access.fetch(user, "person", Person.objects.select_related("user"), pk=person_id, action=action)
