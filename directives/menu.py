"""Main-menu entries of the norms and rules (shown to whom the access matrix lets open each page)."""

from django.utils.translation import gettext_lazy as _

from mtigm.core.menu import MenuItem

MENU = [
    MenuItem(_("Normas"), "directives:norm-list", _("Decreto, Reglamento, directivas y lineamientos."), 70),
    MenuItem(
        _("Reglas vigentes"),
        "directives:rule-list",
        _("Plazos, quórum y mayorías con su artículo; calculadora de plazos."),
        71,
    ),
    MenuItem(
        _("Días no laborables"),
        "directives:nonworkingday-list",
        _("Feriados y días no laborables que no cuentan como días hábiles."),
        72,
    ),
]
