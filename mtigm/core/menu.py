"""The main menu: each app contributes entries from its own ``menu.py``.

An app's ``menu.py`` defines ``menu_items(request, user_roles) -> list[MenuItem]`` and returns only
the entries the user's current roles allow, so apps never edit a shared template to add a page.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    description: str = ""
    order: int = 100


@cache
def _providers() -> list[Any]:
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.menu"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        if hasattr(module, "menu_items"):
            found.append(module.menu_items)
    return found


def menu_for(request: Any, user_roles: Any) -> list[MenuItem]:
    if not request.user.is_authenticated:
        return []
    items = [item for provider in _providers() for item in provider(request, user_roles)]
    return sorted(items, key=lambda item: (item.order, item.label))


def menu_items(request: Any, user_roles: Any) -> list[MenuItem]:
    """The site-wide entries; this module is also a provider like any app's menu.py."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from members.roles import Role

    if not user_roles.has(Role.SECRETARIAT):
        return []
    items = [
        MenuItem(
            _("Mensajes"),
            reverse("outbox"),
            _("Correos que la plataforma envió o tiene en cola, con su estado."),
            order=90,
        )
    ]
    if settings.EMAIL_BACKEND == "django.core.mail.backends.filebased.EmailBackend":
        items.append(
            MenuItem(
                _("Bandeja local de correo"),
                reverse("local_outbox:list"),
                _("Correos guardados en la carpeta local en lugar de enviarse."),
                order=91,
            )
        )
    return items
