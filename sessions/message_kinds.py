"""Names of the messages the sessions app queues (``emails.py``), for the outbox pages."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "session_call": _("Citación"),
    "session_rescheduled": _("Reprogramación"),
    "session_postponed": _("Postergación"),
    "session_cancelled": _("Cancelación"),
    "session_reminder_2bd": _("Recordatorio (2 días hábiles antes)"),
    "session_reminder_day": _("Recordatorio (mañana de la sesión)"),
    "secretariat_alert": _("Alerta a la Secretaría Técnica"),
}
