"""Main-menu entries of the work plan."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from mtigm.core.menu import MenuItem


def menu_items(request: Any, user_roles: Any) -> list[MenuItem]:
    from members.roles import Role

    if not user_roles.roles:
        return []
    items = [
        MenuItem(
            _("Plan de trabajo"), reverse("workplans:list"), _("Planes anuales, evaluaciones y tablero."), order=40
        )
    ]
    if user_roles.has(Role.GROUP_COORDINATOR, Role.SUBGROUP_LEAD):
        items.append(
            MenuItem(
                _("Mis informes"), reverse("workplans:my-reports"), _("Informes de evaluación a su cargo."), order=41
            )
        )
    return items
