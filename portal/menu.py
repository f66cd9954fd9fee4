"""Main-menu entry of the public portal: the Secretaría Técnica's news (shown to whom the access
matrix lets open the page)."""

from django.utils.translation import gettext_lazy as _

from mtigm.core.menu import MenuItem

MENU = [
    MenuItem(
        _("Noticias del portal"), "portal:news-manage", _("Noticias del portal público: borradores y publicadas"), 80
    ),
]
