"""Template tags that ask the access layer, so templates never test roles themselves.

{% load access %}
{% can "session.manage" session as can_manage %}
{% private designation.person "email" %}
"""

from __future__ import annotations

from typing import Any

from django import template

from mtigm.core import access

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context: template.Context, permission: str, obj: Any = None, subject: str | None = None) -> bool:
    """Whether the user of the request holds ``permission`` (on ``obj`` when given)."""
    request = context.get("request")
    return request is not None and access.can(access.request_roles(request), permission, obj, subject=subject)


@register.simple_tag(takes_context=True)
def private(context: template.Context, obj: Any, field: str) -> Any:
    """The value of a private field (contact data) of ``obj``, or "—" when the user may not see it."""
    request = context.get("request")
    if request is None or obj is None:
        return "—"
    return access.private_value(access.request_roles(request), obj, field) or "—"
