"""Names of the messages the decisions subdomains queue (agreements, minutes, applications), for the
outbox pages."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "agreement_reminder": _("Recordatorio de acuerdo por vencer"),
    "agreement_overdue": _("Aviso de acuerdo vencido"),
    "minutes": _("Acta"),
    "invitation_letter": _("Carta de invitación"),
    "cso_application_copy": _("Copia de solicitud de organización de la sociedad civil"),
}
