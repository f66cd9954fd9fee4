"""Main-menu entries of the registry (shown to whom the access matrix lets open each page)."""

from django.utils.translation import gettext_lazy as _

from mtigm.core.menu import MenuItem

MENU = [
    MenuItem(
        _("Registro"), "members:entity-list", _("Entidades, representantes, grupos de trabajo y sociedad civil."), 20
    ),
    MenuItem(_("Composición"), "members:composition", _("Quiénes integraban la Mesa en una fecha dada."), 21),
]
