from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    """The commission's accountability to the PCM: its annual report in the shape of the PCM's
    registry of multisectoral commissions, generated from the registry, sessions, decisions and
    plan of a year (the 2015 book, Anexo X)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "accountability"
    verbose_name = _("Informes a la PCM")
