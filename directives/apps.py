from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    name = "directives"
    verbose_name = _("Normas y reglas")

    def ready(self) -> None:
        from . import signals  # noqa: F401
