"""Main-menu entries of the Global Compact follow-up (shown to whom the access matrix lets open each page)."""

from django.utils.translation import gettext_lazy as _

from mtigm.core.menu import MenuItem

MENU = [
    MenuItem(
        _("Pacto Mundial"),
        "compact:home",
        _("Objetivos, principios y áreas temáticas del Pacto Mundial para la Migración, con sus fuentes."),
        45,
    ),
    MenuItem(_("Puntos focales"), "compact:focal-points", _("Puntos focales de cada entidad por objetivo o área."), 46),
    MenuItem(_("Consulta nacional"), "compact:consultations", _("Aportes de las entidades para el Informe País."), 47),
    MenuItem(
        _("Indicadores"),
        "compact:indicators",
        _("Indicadores del Pacto Mundial: valores anuales y avance por objetivo."),
        48,
    ),
]
