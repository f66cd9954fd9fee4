"""Names of the messages the library queues, for the outbox pages."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "library_digest": _("Resumen diario de documentos nuevos"),
}
