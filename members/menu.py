"""Main-menu entries of the registry: read pages for every commission role."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from mtigm.core.menu import MenuItem


def menu_items(request: Any, user_roles: Any) -> list[MenuItem]:
    if not user_roles.roles:
        return []
    return [
        MenuItem(
            label=_("Registro"),
            url=reverse("members:entity-list"),
            description=_("Entidades, representantes, grupos de trabajo y sociedad civil."),
            order=20,
        ),
        MenuItem(
            label=_("Composición"),
            url=reverse("members:composition"),
            description=_("Quiénes integraban la Mesa en una fecha dada."),
            order=21,
        ),
    ]
