from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from members.roles import Role
from mtigm.core.menu import MenuItem


def menu_items(request: Any, user_roles: Any) -> list[MenuItem]:
    if not user_roles.roles or user_roles.roles == {Role.API_CLIENT}:
        return []
    items = [
        MenuItem(_("Votaciones"), reverse("decisions:my-ballots"), _("Votar en la sesión en curso."), 35),
        MenuItem(_("Acuerdos"), reverse("decisions:board"), _("Seguimiento de acuerdos de todas las sesiones."), 36),
    ]
    if user_roles.has(Role.SECRETARIAT, Role.MEMBER_REPRESENTATIVE, Role.PRESIDENCY):
        items.append(
            MenuItem(
                _("Solicitudes"), reverse("decisions:applications"), _("Incorporaciones y propuestas al Pleno."), 37
            )
        )
    return items
