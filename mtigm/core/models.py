"""The outbox: every e-mail the product promises is a row before it is a message.

A message row is written in the same transaction as the action that causes it (calling a session,
approving minutes, a reminder), so a rolled-back action sends nothing and a committed one cannot
lose its messages: a Celery task delivers the row after commit, and a periodic sweep re-dispatches
rows whose task never ran (for instance while Redis was down).
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboundMessage(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("En cola")
        SENT = "sent", _("Enviado")
        FAILED = "failed", _("Fallido")

    # One message per (cause, recipient, kind): the key makes enqueueing and sending idempotent.
    key = models.CharField(_("clave"), max_length=255, unique=True)
    kind = models.CharField(_("tipo"), max_length=60, db_index=True)
    recipient = models.EmailField(_("destinatario"))
    recipient_name = models.CharField(_("nombre del destinatario"), max_length=300, blank=True)
    subject = models.CharField(_("asunto"), max_length=300)
    body_text = models.TextField(_("texto"))
    body_html = models.TextField(_("HTML"), blank=True)
    # Attachments are rendered when sending, by renderers registered per name (see outbox.py),
    # so that a PDF is produced by the worker and never inside the request that queued it.
    attachments = models.JSONField(_("adjuntos"), default=list, blank=True)
    status = models.CharField(_("estado"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("intentos"), default=0)
    last_error = models.TextField(_("último error"), blank=True)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    sent_at = models.DateTimeField(_("enviado"), null=True, blank=True)
    not_before = models.DateTimeField(_("no antes de"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("próximo intento"), null=True, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    related = GenericForeignKey("content_type", "object_id")

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="outbox_status_created"),
            models.Index(fields=["content_type", "object_id"], name="outbox_related"),
        ]
        verbose_name = _("mensaje saliente")
        verbose_name_plural = _("mensajes salientes")

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient} ({self.get_status_display()})"
