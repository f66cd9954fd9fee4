from django.urls import reverse
from django.utils.translation import gettext as _

from members.roles import Role
from mtigm.core.menu import MenuItem


def menu_items(request, user_roles) -> list[MenuItem]:  # type: ignore[no-untyped-def]
    if not user_roles.roles:
        return []
    items = [MenuItem(_("Sesiones"), reverse("sessions:list"), _("Calendario, citaciones, agenda y asistencia"), 20)]
    if user_roles.has(Role.MEMBER_REPRESENTATIVE, Role.SECRETARIAT, Role.PRESIDENCY):
        items.append(
            MenuItem(_("Pedidos de sesión"), reverse("sessions:requests"), _("Sesiones extraordinarias (Art. 10)"), 22)
        )
    if user_roles.has(Role.SECRETARIAT, Role.PRESIDENCY):
        items.append(
            MenuItem(_("Periodicidad"), reverse("sessions:compliance"), _("Cumplimiento del Art. 10 y 26"), 24)
        )
    return items
