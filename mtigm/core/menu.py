"""The main menu: each app contributes entries from its own ``menu.py``.

An app's ``menu.py`` defines ``MENU`` (a list of ``MenuItem``) naming the page each entry opens;
the menu shows an entry when the access matrix lets the user open that page, so the menu and the
pages can never disagree, and apps never edit a shared template to add a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.http import Http404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .access import UserRoles, can
from .access.middleware import MethodNotAllowed, page_permission
from .discovery import app_modules
from .errors import AccessDenied


@dataclass(frozen=True)
class MenuItem:
    label: str | Promise
    route: str  # the URL name of the page, without arguments
    description: str | Promise = ""
    order: int = 100
    # Only shown when the e-mail goes to the local outbox folder (the embedded default).
    local_outbox_only: bool = False

    @property
    def url(self) -> str:
        return reverse(self.route)


MENU = [
    MenuItem(_("Mensajes"), "outbox", _("Correos que la plataforma envió o tiene en cola, con su estado."), order=90),
    MenuItem(
        _("Bandeja local de correo"),
        "local_outbox:list",
        _("Correos guardados en la carpeta local en lugar de enviarse."),
        order=91,
        local_outbox_only=True,
    ),
    MenuItem(
        _("Seguridad"),
        "security-log",
        _("Ingresos, bloqueos, accesos denegados y salidas de datos personales."),
        order=95,
    ),
]


@cache
def _entries() -> tuple[MenuItem, ...]:
    found = [item for module in app_modules("menu") for item in getattr(module, "MENU", ())]
    return tuple(sorted(found, key=lambda item: (item.order, str(item.label))))


def menu_for(user_roles: UserRoles) -> list[MenuItem]:
    from django.conf import settings

    local_outbox = settings.EMAIL_BACKEND == "django.core.mail.backends.filebased.EmailBackend"
    if not user_roles.authenticated:
        return []
    shown = []
    for item in _entries():
        try:
            permission = page_permission(item.route, "GET", {}, {})
        except (AccessDenied, MethodNotAllowed, Http404):
            continue  # not a page anyone may open (the route test reports a missing entry)
        if can(user_roles, permission) and (local_outbox or not item.local_outbox_only):
            shown.append(item)
    return shown
