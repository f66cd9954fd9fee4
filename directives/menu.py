from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from members.roles import Role
from mtigm.core.menu import MenuItem


def menu_items(request: Any, user_roles: Any) -> list[MenuItem]:
    items = [
        MenuItem(
            _("Normas"), reverse("directives:norm-list"), _("Decreto, Reglamento, directivas y lineamientos."), 70
        ),
        MenuItem(
            _("Reglas vigentes"),
            reverse("directives:rule-list"),
            _("Plazos, quórum y mayorías con su artículo; calculadora de plazos."),
            71,
        ),
    ]
    if user_roles.has(Role.SECRETARIAT):
        items.append(
            MenuItem(
                _("Días no laborables"),
                reverse("directives:nonworkingday-list"),
                _("Feriados y días no laborables que no cuentan como días hábiles."),
                72,
            )
        )
    return items
