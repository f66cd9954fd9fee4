"""Roles: what a user is in the commission on a given day, derived from current designations.

Roles are never flags set by hand. The registry (the ``members`` app) knows how to derive them from
designations, appointments and assignments; it registers that function here when Django starts
(``members.apps``), so that every layer, this one included, can ask for a user's roles without
importing the registry.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

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
    FOCAL_POINT = "focal_point"

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
    Role.FOCAL_POINT: _("Punto focal del Pacto Mundial"),
}


@dataclass
class UserRoles:
    """What a user may do on a given day, with the entities and groups it comes from."""

    day: datetime.date
    authenticated: bool = False
    person_id: int | None = None
    roles: set[Role] = field(default_factory=set)
    entity_ids: set[int] = field(default_factory=set)  # entities the user represents
    member_entity_ids: set[int] = field(default_factory=set)
    coordinated_group_ids: set[int] = field(default_factory=set)
    led_subgroup_ids: set[int] = field(default_factory=set)

    def has(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    def __getattr__(self, name: str) -> Any:
        """A set of ids derived only when a condition first asks for it (see ``LAZY_ROLE_SETS``):
        every request pays for the fields above, only the pages that need these pay for these."""
        resolver = _lazy_resolvers.get(name) if name in LAZY_ROLE_SETS else None
        if resolver is None:
            raise AttributeError(name)
        # Each resolver answers an empty set at once when the user has nothing it derives from.
        value: set[int] = resolver(self) if self.authenticated else set()
        # Kept on the instance: later reads find it without calling __getattr__ again. It depends
        # on the entities and day only, which the fingerprint already holds.
        self.__dict__[name] = value
        return value

    def fingerprint(self) -> tuple[Any, ...]:
        """Everything these roles are made of, in a stable order: two users with the same
        fingerprint may see exactly the same things, so a cached answer may be keyed by it."""
        return (
            self.day.isoformat(),
            self.authenticated,
            self.person_id,
            *(sorted(values) for values in (self.roles, self.entity_ids, self.member_entity_ids)),
            *(sorted(values) for values in (self.coordinated_group_ids, self.led_subgroup_ids)),
        )

    @property
    def person_ids(self) -> set[int]:
        """The user's own person, as a set, so that access conditions can test "is it me"."""
        return {self.person_id} if self.person_id is not None else set()


# Sets of ids derived on first use, by a resolver an app registers: the working groups and
# subgroups whose work the user's entities take part in (as integrants, coordinator or lead), from
# the registry; the entities whose focal point for the Global Compact the user is, from compact.
LAZY_ROLE_SETS = frozenset({"group_ids", "subgroup_ids", "focal_entity_ids"})
_lazy_resolvers: dict[str, Callable[[UserRoles], set[int]]] = {}


def register_role_set(name: str, resolver: Callable[[UserRoles], set[int]]) -> None:
    """Called once by the app that derives it when Django starts, for each name of ``LAZY_ROLE_SETS``."""
    if name not in LAZY_ROLE_SETS:
        raise ValueError(f"Unknown lazy role set {name!r}")
    _lazy_resolvers[name] = resolver


# Roles a person holds while a dated row of another app names them, not through a designation: the
# focal points an entity names for the Global Compact (app compact, a layer above the registry). The
# registry's one statement tests each of these rows too, so no request pays another query for them.
_person_roles: dict[Role, Any] = {}


def register_person_role(role: Role, model: Any) -> None:
    """Called once by the app that owns ``model`` (a dated model: ``person``, ``start``, ``end``)."""
    _person_roles[role] = model


def person_roles() -> dict[Role, Any]:
    """The roles held through a dated row naming the person, with the model of those rows."""
    return dict(_person_roles)


RolesProvider = Callable[[Any, datetime.date], UserRoles]
_provider: RolesProvider | None = None


def register_roles_provider(provider: RolesProvider) -> None:
    """Called once by the registry app when Django starts."""
    global _provider
    _provider = provider


# Within one request the same user's roles are asked for by the gate, the access_* helpers and the
# services; deriving them takes several queries, so they are derived once per request and day.
_request_cache: ContextVar[dict[tuple[int, datetime.date], UserRoles] | None] = ContextVar(
    "mtigm_roles_cache", default=None
)


@contextmanager
def roles_cached() -> Iterator[None]:
    """Remember each user's roles until the block ends (AccessMiddleware wraps each request in it)."""
    token = _request_cache.set({})
    try:
        yield
    finally:
        _request_cache.reset(token)


def roles_for(user: Any, *, on: datetime.date | None = None) -> UserRoles:
    """The roles of ``user`` on ``on`` (today in Lima by default)."""
    day = on or timezone.localdate()
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return UserRoles(day=day)
    if _provider is None:
        raise RuntimeError("No roles provider is registered; is the members app installed?")
    cache = _request_cache.get()
    if cache is None:
        return _provider(user, day)
    key = (user.pk, day)
    if key not in cache:
        cache[key] = _provider(user, day)
    return cache[key]


def request_roles(request: Any) -> UserRoles:
    """Roles of the request's user (derived once per request: see ``roles_cached``)."""
    return roles_for(getattr(request, "user", None))


def roles_of(actor: Any) -> UserRoles:
    """``actor`` may be a user (its roles are derived now) or roles already derived."""
    return actor if isinstance(actor, UserRoles) else roles_for(actor)
