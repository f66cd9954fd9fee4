"""Main-menu entries of the decisions app (shown to whom the access matrix lets open each page)."""

from django.utils.translation import gettext_lazy as _

from mtigm.core.menu import MenuItem

MENU = [
    MenuItem(_("Votaciones"), "decisions:my-ballots", _("Votar en la sesión en curso."), 35),
    MenuItem(_("Acuerdos"), "decisions:board", _("Seguimiento de acuerdos de todas las sesiones."), 36),
    MenuItem(_("Solicitudes"), "decisions:applications", _("Incorporaciones y propuestas al Pleno."), 37),
]
