from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompactConfig(AppConfig):
    """The follow-up of the Global Compact for Safe, Orderly and Regular Migration: its reference
    data, the entities' focal points, the national consultation for the Informe País, indicators
    and the commission's reports to the PCM."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "compact"
    verbose_name = _("Pacto Mundial sobre Migración")

    def ready(self) -> None:
        from mtigm.core.access import Role, register_person_role, register_role_set

        from .models import FocalPoint
        from .selectors import focal_entity_ids

        # A focal point files the consultation's contributions of the entity that named them, even
        # when they are not that entity's designated representative (the thesis's network of focal
        # points, file 003): their role comes from the dated focal point row, as a representative's
        # comes from the designation.
        register_person_role(Role.FOCAL_POINT, FocalPoint)
        register_role_set("focal_entity_ids", focal_entity_ids)
