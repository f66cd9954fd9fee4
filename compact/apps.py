from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompactConfig(AppConfig):
    """The follow-up of the Global Compact for Safe, Orderly and Regular Migration: its reference
    data, the entities' focal points, the national consultation for the Informe País, indicators
    and the commission's reports to the PCM."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "compact"
    verbose_name = _("Pacto Mundial sobre Migración")
