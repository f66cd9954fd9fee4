from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mtigm.core"
    label = "core"
    verbose_name = "MTIGM"

    def ready(self) -> None:
        from django.contrib import admin

        from . import audit, auth, guards  # noqa: F401 - their signal receivers

        audit.connect_axes()
        guards.connect()

        # The admin site is for superusers only: commission roles come from designations, and
        # is_staff alone must not open a back door around the services' permission checks.
        admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser  # type: ignore[method-assign]
