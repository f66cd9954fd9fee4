"""Main-menu entry of the reports to the PCM (shown to whom the access matrix lets open the page)."""

from django.utils.translation import gettext_lazy as _

from mtigm.core.menu import MenuItem

MENU = [
    MenuItem(
        _("Informes a la PCM"),
        "accountability:list",
        _("Informe anual de la comisión para el registro de comisiones multisectoriales de la PCM."),
        48,
    ),
]
