from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The public site ("Perú Contigo" in the 2015 book): what the commission decided and produced,
    for anyone, without a login. It only reads; every read goes through the access layer."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = _("Portal público")

    def ready(self) -> None:
        # Writes of what the public pages show drop the public site's cached version (cache.py).
        from . import signals

        signals.connect()
        # Sessions called, actas approved and news published become notices to subscribers.
        from . import subscription_signals

        subscription_signals.connect()
