"""Names of the messages the workplans app queues (``services.py``), for the outbox pages."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "workplans_report_submitted": _("Informe de subgrupo enviado"),
    "workplans_report_returned": _("Informe de subgrupo devuelto con observaciones"),
    "workplans_group_report_filed": _("Informe de grupo remitido"),
    "workplans_corrective_alert": _("Alerta de medidas correctivas"),
    "workplans_reminder_before": _("Recordatorio de informe por vencer"),
    "workplans_reminder_late": _("Recordatorio de informe vencido"),
    "workplans_plan_calendar": _("Calendario de informes del plan"),
}
