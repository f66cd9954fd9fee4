"""Names of the messages the portal queues (``services.py``), for the outbox pages."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "portal_contact": _("Mensaje del formulario de contacto"),
    "portal_subscription_confirm": _("Confirmación de suscripción a los avisos del portal"),
    "portal_subscription_notice": _("Aviso a suscriptores del portal"),
}
