"""Main-menu entries of the work plan (shown to whom the access matrix lets open each page)."""

from django.utils.translation import gettext_lazy as _

from mtigm.core.menu import MenuItem

MENU = [
    MenuItem(_("Plan de trabajo"), "workplans:list", _("Planes anuales, evaluaciones y tablero."), 40),
    MenuItem(_("Mis informes"), "workplans:my-reports", _("Informes de evaluación a su cargo."), 41),
]
