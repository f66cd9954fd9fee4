"""Names of the messages the portal queues (``services.py``), for the outbox pages."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "portal_contact": _("Mensaje del formulario de contacto"),
}
