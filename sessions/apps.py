from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommissionSessionsConfig(AppConfig):
    # Django's own session framework already owns the label "sessions".
    name = "sessions"
    label = "commission_sessions"
    verbose_name = _("Sesiones")

    def ready(self) -> None:
        # Registers the outbox attachment renderers (call PDF, .ics) in every process, so that the
        # worker can render attachments of messages queued by the web process.
        from . import tasks  # noqa: F401
