"""A user's roles, derived from their current designations, never from flags set by hand.

When a representative is replaced (their designation gets an ``end``), the roles that came from it
end the next day. Superusers administer the site but get no commission role from that alone.

``derive_roles`` is registered with the access layer (``mtigm.core.access``) when Django starts;
``Role``, ``UserRoles``, ``roles_for`` and ``request_roles`` are re-exported here for the callers
that import them from the registry.
"""

from __future__ import annotations

import datetime
import functools
from typing import Any

from django.db import connection

from mtigm.core.access.roles import ROLE_LABELS, Role, UserRoles, person_roles, request_roles, roles_for

PRESIDING_ENTITY_ACRONYM = "RREE"  # Art. 15: RREE presides the commission.

__all__ = ["PRESIDING_ENTITY_ACRONYM", "ROLE_LABELS", "Role", "UserRoles", "derive_roles", "request_roles", "roles_for"]


def derive_roles(user: Any, day: datetime.date) -> UserRoles:
    """Compute the roles of an active, authenticated ``user`` on ``day`` in one query.

    Every request pays for this, so it is one hand-written statement (``_roles_sql``): building
    the equivalent ORM query with its subqueries cost about ten times what PostgreSQL takes to
    answer it (bench/run, figure B1). It returns one row per designation in force that day (or one
    row without a designation), each with the user's person and API client, whether the person is
    in the ST that day (and holds each role of ``person_roles``, such as a focal point's), the entity's kind that day and the groups it coordinates and subgroups it
    leads. The person and the API client are left on ``user`` for later readers (services asking
    who acts) without another query.

    The Presidency is held by RREE's titular and alternate: the alternate acts in the titular's
    stead (Art. 15). Who presides a given session, and so casts its deciding vote, is decided per
    session from who is present (``decisions.ballots.selectors.presiding_designation``).
    """
    from .models import ApiClient, EntityKind, GroupCoordinator, Person, SubgroupLead

    known = _without_person(user, day)
    if known is not None:
        return known
    sql, person_fields, client_fields, by_row = _roles_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, {"day": day, "user": user.pk})
        rows = cursor.fetchall()
    first = rows[0] if rows else None
    offset = len(person_fields)
    person = _instance(Person, person_fields, first[:offset]) if first else None
    client = _instance(ApiClient, client_fields, first[offset : offset + len(client_fields)]) if first else None
    Person._meta.get_field("user").remote_field.set_cached_value(user, person)
    ApiClient._meta.get_field("user").remote_field.set_cached_value(user, client)

    result = UserRoles(day=day, authenticated=True, person_id=person.pk if person is not None else None)
    if client is not None and client.active:
        result.roles.add(Role.API_CLIENT)
    if person is None:
        return result
    flags = offset + len(client_fields)
    # The person's own flags: in the ST, then one per role held through another app's dated row.
    flag_roles = (Role.SECRETARIAT, *by_row)
    if first is not None:
        result.roles.update(role for role, held in zip(flag_roles, first[flags:], strict=False) if held)
    flags += len(by_row)
    coordinates = leads = False
    for row in rows:
        entity_id, acronym, kind, entity_coordinates, entity_leads = row[flags + 1 :]
        if entity_id is None or kind is None:
            continue  # no designation that day, or its entity is not part of the commission then
        result.entity_ids.add(entity_id)
        coordinates = coordinates or bool(entity_coordinates)
        leads = leads or bool(entity_leads)
        if kind == EntityKind.MEMBER:
            result.roles.add(Role.MEMBER_REPRESENTATIVE)
            result.member_entity_ids.add(entity_id)
            if acronym == PRESIDING_ENTITY_ACRONYM:
                result.roles.add(Role.PRESIDENCY)
        elif kind == EntityKind.OBSERVER:
            result.roles.add(Role.OBSERVER_REPRESENTATIVE)
        else:
            result.roles.add(Role.SUPPORT_REPRESENTATIVE)
    # Which groups and subgroups, for the few who coordinate or lead: one more query each.
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


def group_ids(user_roles: UserRoles) -> set[int]:
    """The working groups the user's entities take part in on the day of ``user_roles``: as
    integrants, as coordinator (Art. 20), or through one of their subgroups (Art. 21: a subgroup
    works within its group). Asked for by the workspaces' access conditions only."""
    from .models import GroupMembership, Subgroup

    if not user_roles.entity_ids:
        return set()
    day = user_roles.day
    integrant = GroupMembership.objects.on(day).filter(entity_id__in=user_roles.entity_ids)
    through_subgroups = Subgroup.objects.filter(pk__in=user_roles.subgroup_ids).values_list("group_id", flat=True)
    return set(integrant.values_list("group_id", flat=True)) | set(through_subgroups) | user_roles.coordinated_group_ids


def subgroup_ids(user_roles: UserRoles) -> set[int]:
    """The subgroups the user's entities take part in on that day: as integrants or as lead (Art. 21)."""
    from .models import SubgroupMembership

    if not user_roles.entity_ids:
        return set()
    day = user_roles.day
    integrant = SubgroupMembership.objects.on(day).filter(entity_id__in=user_roles.entity_ids)
    return set(integrant.values_list("subgroup_id", flat=True)) | user_roles.led_subgroup_ids


def _instance(model: Any, attnames: list[str], values: tuple[Any, ...]) -> Any:
    """The ``model`` instance of a LEFT JOIN's columns, or None when the join found no row. Values
    go through each field's ``to_python``: SQLite (the embedded default) answers booleans as 0/1."""
    if values[0] is None:
        return None
    fields = [model._meta.get_field(name) for name in attnames]
    return model.from_db(connection.alias, attnames, [f.to_python(v) for f, v in zip(fields, values, strict=True)])


@functools.cache
def _roles_sql() -> tuple[str, list[str], list[str], tuple[Role, ...]]:
    """The statement of ``derive_roles``, the attribute names of its person and API client columns,
    and the roles held through a dated row naming the person (``person_roles``), one column each.

    Table and column names come from the models, so a renamed field changes the statement with it;
    "in force on a day" is the same test as ``DatedQuerySet.on``: started by then and not ended before.
    """
    from django.contrib.auth import get_user_model

    from .models import (
        ApiClient,
        Designation,
        Entity,
        GroupCoordinator,
        Membership,
        Person,
        SecretariatAppointment,
        SubgroupLead,
    )

    q = connection.ops.quote_name

    def table(model: Any) -> str:
        return q(model._meta.db_table)

    def column(model: Any, name: str) -> str:
        return q(model._meta.get_field(name).column)

    def in_force(alias: str, model: Any) -> str:
        start, end = column(model, "start"), column(model, "end")
        return f"{alias}.{start} <= %(day)s AND ({alias}.{end} IS NULL OR {alias}.{end} >= %(day)s)"

    person_fields = [f.attname for f in Person._meta.concrete_fields]
    client_fields = [f.attname for f in ApiClient._meta.concrete_fields]
    person_columns = ", ".join(f"p.{column(Person, name)}" for name in person_fields)
    client_columns = ", ".join(f"c.{column(ApiClient, name)}" for name in client_fields)
    by_row = person_roles()
    row_roles = tuple(by_row)
    row_flags = "".join(
        f"""
               EXISTS (SELECT 1 FROM {table(model)} r{index}
                        WHERE r{index}.{column(model, "person")} = p.{column(Person, "id")}
                          AND {in_force(f"r{index}", model)}),"""  # noqa: S608 - names only, as below
        for index, model in enumerate(by_row.values())
    )
    user_model = get_user_model()
    # Only names the models define and quote_name quotes go into the text; the values are parameters.
    sql = f"""
        SELECT {person_columns}, {client_columns},
               EXISTS (SELECT 1 FROM {table(SecretariatAppointment)} sa
                        WHERE sa.{column(SecretariatAppointment, "person")} = p.{column(Person, "id")}
                          AND {in_force("sa", SecretariatAppointment)}),{row_flags}
               d.{column(Designation, "entity")},
               e.{column(Entity, "acronym")},
               (SELECT m.{column(Membership, "kind")} FROM {table(Membership)} m
                 WHERE m.{column(Membership, "entity")} = d.{column(Designation, "entity")}
                   AND {in_force("m", Membership)}
                 ORDER BY m.{column(Membership, "start")} DESC, m.{column(Membership, "id")} DESC LIMIT 1),
               EXISTS (SELECT 1 FROM {table(GroupCoordinator)} gc
                        WHERE gc.{column(GroupCoordinator, "entity")} = d.{column(Designation, "entity")}
                          AND {in_force("gc", GroupCoordinator)}),
               EXISTS (SELECT 1 FROM {table(SubgroupLead)} sl
                        WHERE sl.{column(SubgroupLead, "entity")} = d.{column(Designation, "entity")}
                          AND {in_force("sl", SubgroupLead)})
          FROM {table(user_model)} u
          LEFT JOIN {table(Person)} p ON p.{column(Person, "user")} = u.{column(user_model, user_model._meta.pk.name)}
          LEFT JOIN {table(ApiClient)} c ON c.{column(ApiClient, "user")} = u.{column(user_model, user_model._meta.pk.name)}
          LEFT JOIN {table(Designation)} d
                 ON d.{column(Designation, "person")} = p.{column(Person, "id")} AND {in_force("d", Designation)}
          LEFT JOIN {table(Entity)} e ON e.{column(Entity, "id")} = d.{column(Designation, "entity")}
         WHERE u.{column(user_model, user_model._meta.pk.name)} = %(user)s
         ORDER BY d.{column(Designation, "id")}
    """  # noqa: S608
    return sql, person_fields, client_fields, row_roles


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
