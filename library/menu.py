"""Main-menu entry of the workspaces (shown to whom the access matrix lets open the page)."""

from django.utils.translation import gettext_lazy as _

from mtigm.core.menu import MenuItem

MENU = [
    MenuItem(
        _("Espacios de trabajo"), "library:workspaces", _("Grupos, subgrupos y sus bibliotecas de documentos."), 45
    ),
]
