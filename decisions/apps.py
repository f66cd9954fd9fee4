from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    # Votes, agreements, admission procedures and minutes (acta) of the sessions.
    name = "decisions"
    verbose_name = _("Acuerdos y actas")

    def ready(self) -> None:
        # The outbox renders attachments by name in whatever process sends the message, and a
        # decided ballot carries out its procedure through the receiver of decisions.applications.
        from . import tasks  # noqa: F401
        from .applications import services  # noqa: F401
