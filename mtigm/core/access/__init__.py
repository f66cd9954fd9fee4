"""The access layer: one answer to "may this user see or do this, on this object, on this date".

    from mtigm.core import access
    access.require(actor, "session.manage", session)        # in a service, before any change
    session = access.fetch(user, "session", Session.objects, pk=pk, action="session.manage")  # 404 / 403
    ballots = access.scope_visible(Ballot.objects.all(), user, "ballot")                     # lists

Roles come from current designations (``roles``); who may do what is the matrix (``matrix.toml``).
"""

from .middleware import route_permission
from .policy import (
    can,
    fetch,
    may_see_private,
    private_fields,
    private_value,
    require,
    scope,
    scope_visible,
    visible,
)
from .roles import (
    Role,
    UserRoles,
    register_person_role,
    register_role_set,
    register_roles_provider,
    request_roles,
    roles_for,
    roles_of,
)

__all__ = [
    "Role",
    "UserRoles",
    "can",
    "fetch",
    "may_see_private",
    "private_fields",
    "private_value",
    "register_person_role",
    "register_role_set",
    "register_roles_provider",
    "request_roles",
    "require",
    "roles_for",
    "roles_of",
    "route_permission",
    "scope",
    "scope_visible",
    "visible",
]
