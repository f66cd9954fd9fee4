from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    """The working groups' workspaces and their document library (the intranet of the 2015 book,
    section III.3.ii): folders, versioned documents with a classification, evidence attached to
    plan products and agenda items, and a daily digest of what is new."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "library"
    verbose_name = _("Espacios de trabajo")

    def ready(self) -> None:
        # Plan products and agenda items show the documents linked to them (mtigm.core.attachments).
        from . import attachments

        attachments.connect()
