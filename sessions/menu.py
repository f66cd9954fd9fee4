"""Main-menu entries of the sessions app (shown to whom the access matrix lets open each page)."""

from django.utils.translation import gettext_lazy as _

from mtigm.core.menu import MenuItem

MENU = [
    MenuItem(_("Sesiones"), "sessions:list", _("Calendario, citaciones, agenda y asistencia"), 20),
    MenuItem(_("Pedidos de sesión"), "sessions:requests", _("Sesiones extraordinarias (Art. 10)"), 22),
    MenuItem(_("Periodicidad"), "sessions:compliance", _("Cumplimiento del Art. 10 y 26"), 24),
]
