"""Names of the messages the Global Compact app queues (``services.py``), for the outbox pages."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "compact_consultation_call": _("Convocatoria a la consulta nacional del Pacto Mundial"),
    "compact_consultation_reminder": _("Recordatorio del plazo de la consulta nacional"),
    "compact_contribution_returned": _("Aporte devuelto con observaciones"),
    "compact_contribution_submitted": _("Aporte enviado a la Secretaría Técnica"),
}
