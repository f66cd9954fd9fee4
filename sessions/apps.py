from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommissionSessionsConfig(AppConfig):
    # Django's own session framework already owns the label "sessions".
    name = "sessions"
    label = "commission_sessions"
    verbose_name = _("Sesiones")
