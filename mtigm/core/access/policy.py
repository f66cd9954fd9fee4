"""The access policy: may this user see or do this, on this object, today?

Everything here reads the matrix (``matrix.toml``); nothing else in the code base decides a
permission. Services call ``require`` before they change anything; pages and API views fetch
objects with ``fetch`` (through each app's ``access_*`` helpers), which answers 404 when the object
is hidden from the user and 403 when it is visible but the action is not theirs; lists and exports
narrow their querysets with ``scope``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from ..errors import AccessDenied
from .matrix import ALL, ANONYMOUS, AUTHENTICATED, Clause, Condition, Permission, matrix
from .roles import UserRoles, roles_of

ModelT = TypeVar("ModelT", bound=models.Model)


def grants(user_roles: UserRoles, permission: Permission) -> set[str]:
    """The grant values that apply to ``user_roles``: "all" or condition names."""
    keys = [role.value for role in user_roles.roles]
    keys.append(AUTHENTICATED if user_roles.authenticated else ANONYMOUS)
    return {value for key in keys for value in permission.grants.get(key, ())}


def _lookup(subject: str, clause: Clause) -> str:
    prefix = matrix().subjects[subject].paths[clause.path]
    return "__".join(part for part in (prefix, *clause.fields) if part)


def _subject(permission: Permission, subject: str | None) -> str:
    """The subject whose paths the conditions walk: the object's, or else the permission's own."""
    found = subject or permission.subject
    if found is None:
        raise ValueError(f"Permission {permission.name!r} has no subject; say which one the object is")
    return found


def _allowed_values(clause: Clause, user_roles: UserRoles) -> Iterable[Any]:
    return getattr(user_roles, clause.roles_attr) if clause.roles_attr else clause.constants


def condition_q(condition: Condition, subject: str, user_roles: UserRoles) -> Q:
    result = Q(pk__in=[])
    for alternative in condition.alternatives:
        terms = Q()
        for clause in alternative:
            terms &= Q(**{f"{_lookup(subject, clause)}__in": list(_allowed_values(clause, user_roles))})
        result |= terms
    return result


def _value_at(obj: Any, lookup: str) -> Any:
    for attribute in lookup.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, attribute, None)
    return obj


def condition_holds(condition: Condition, subject: str, user_roles: UserRoles, obj: Any) -> bool:
    """The same test as ``condition_q``, on an object in memory (it may not be saved yet)."""
    return any(
        all(_value_at(obj, _lookup(subject, clause)) in set(_allowed_values(clause, user_roles)) for clause in alt)
        for alt in condition.alternatives
    )


def can(actor: Any, permission_name: str, obj: Any = None, *, subject: str | None = None) -> bool:
    """Whether the actor holds the permission: on ``obj`` (of ``subject``, by default the
    permission's own) if given, otherwise on some object."""
    user_roles = roles_of(actor)
    permission = matrix().permission(permission_name)
    granted = grants(user_roles, permission)
    if ALL in granted:
        return True
    if obj is None or not granted:
        return bool(granted)
    target = _subject(permission, subject)
    conditions = matrix().conditions
    return any(condition_holds(conditions[name], target, user_roles, obj) for name in granted)


def require(
    actor: Any, permission_name: str, obj: Any = None, *, subject: str | None = None, message: str | None = None
) -> UserRoles:
    """Raise ``AccessDenied`` unless the actor holds the permission; return the actor's roles."""
    user_roles = roles_of(actor)
    if not can(user_roles, permission_name, obj, subject=subject):
        raise AccessDenied(message or _("Su designación vigente no le permite esta operación."))
    return user_roles


def scope(
    queryset: models.QuerySet[ModelT], actor: Any, permission_name: str, *, subject: str | None = None
) -> models.QuerySet[ModelT]:
    """``queryset`` (of ``subject``, by default the permission's own) narrowed to the objects on
    which the actor holds the permission."""
    user_roles = roles_of(actor)
    permission = matrix().permission(permission_name)
    granted = grants(user_roles, permission)
    if ALL in granted:
        return queryset
    if not granted:
        return queryset.none()
    target = _subject(permission, subject)
    conditions = matrix().conditions
    allowed = Q(pk__in=[])
    for name in sorted(granted):
        allowed |= condition_q(conditions[name], target, user_roles)
    return queryset.filter(allowed)


def visible(actor: Any, subject: str, obj: Any) -> bool:
    """Whether ``obj`` (of ``subject``) is visible to the actor under the subject's view permission."""
    return can(actor, matrix().subjects[subject].view, obj, subject=subject)


def scope_visible(queryset: models.QuerySet[ModelT], actor: Any, subject: str) -> models.QuerySet[ModelT]:
    """``queryset`` of ``subject`` narrowed to what the actor may see at all."""
    return scope(queryset, actor, matrix().subjects[subject].view, subject=subject)


def _field_at(model: type[models.Model], lookup: str) -> Any:
    """The field a lookup such as ``norm__code`` ends at, walking the relations before it."""
    *relations, name = lookup.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model  # type: ignore[assignment]
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    # A relation given as a value means its key ("pk" of the related model).
    return field.target_field if field.is_relation and hasattr(field, "target_field") else field


def fetch(
    actor: Any,
    subject: str,
    queryset: models.QuerySet[ModelT],
    *,
    action: str = "view",
    for_update: bool = False,
    message: str | None = None,
    **lookup: Any,
) -> ModelT:
    """Fetch one object of ``subject`` or raise: 404 when it does not exist or is hidden from the
    actor, 403 when it is visible but ``action`` (a permission name; "view" for none beyond
    seeing it) is not the actor's.

    ``lookup`` values come from URLs and request bodies; one that cannot be a value of its field
    ("abc" for an id) is a missing object, never a server error.
    """
    user_roles = roles_of(actor)
    try:
        cleaned = {name: _field_at(queryset.model, name).to_python(value) for name, value in lookup.items()}
    except (DjangoValidationError, TypeError, ValueError, OverflowError):
        raise Http404 from None
    queryset = scope_visible(queryset, user_roles, subject)
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    try:
        obj = queryset.get(**cleaned)
    except ObjectDoesNotExist:
        raise Http404 from None
    if action != "view":
        require(user_roles, action, obj, subject=subject, message=message)
    return obj


def private_fields(obj: Any) -> tuple[str, ...]:
    """The fields of ``obj`` (an instance or a model) the matrix marks private (personal contact data)."""
    subject = matrix().subject_of(obj._meta.label)
    return subject.private_fields if subject is not None else ()


def may_see_private(actor: Any, obj: Any) -> bool:
    subject = matrix().subject_of(obj._meta.label)
    if subject is None or subject.private is None:
        return True
    return can(actor, subject.private, obj, subject=subject.name)


def private_value(actor: Any, obj: Any, field_name: str) -> Any:
    """``obj.field_name``, or None when the field is private and the actor may not see it."""
    if field_name in private_fields(obj) and not may_see_private(actor, obj):
        return None
    return getattr(obj, field_name)
