"""The outbox: every e-mail the product promises is a row before it is a message.

A message row is written in the same transaction as the action that causes it (calling a session,
approving minutes, a reminder), so a rolled-back action sends nothing and a committed one cannot
lose its messages: a Celery task delivers the row after commit, and a periodic sweep re-dispatches
rows whose task never ran (for instance while Redis was down).
"""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

# Bounds of text typed by people: a reason, a note, a comment; and a narrative (an assessment, an
# article's text). Models carry them (forms and serializers take them from the model) and
# ``length_guard`` holds every save to them, so an oversized input is a 400 naming the field.
FREE_TEXT_MAX_LENGTH = 5000
LONG_TEXT_MAX_LENGTH = 20000


def no_truncate(name: str) -> pgtrigger.Trigger:
    """A statement-level trigger that refuses TRUNCATE: the append-only tables keep their rows even
    against the one statement that row-level triggers never see."""
    return pgtrigger.Trigger(
        name=name,
        level=pgtrigger.Statement,
        when=pgtrigger.Before,
        operation=pgtrigger.Truncate,
        func="RAISE EXCEPTION 'pgtrigger: % is append-only; TRUNCATE refused', TG_TABLE_NAME; RETURN NULL;",
    )


class OutboundMessage(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("En cola")
        SENDING = "sending", _("Enviándose")
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
    # Extra header lines of the message ({"List-Unsubscribe": "<https://…>"}), one line each.
    headers = models.JSONField(_("cabeceras"), default=dict, blank=True)
    status = models.CharField(_("estado"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("intentos"), default=0)
    last_error = models.TextField(_("último error"), blank=True)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    sent_at = models.DateTimeField(_("enviado"), null=True, blank=True)
    not_before = models.DateTimeField(_("no antes de"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("próximo intento"), null=True, blank=True)
    # Set when a worker claims the row (status "sending"); a claim older than
    # OUTBOX_CLAIM_TIMEOUT_SECONDS belongs to a worker that died and is given back to the queue.
    claimed_at = models.DateTimeField(_("tomado por un proceso el"), null=True, blank=True)
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


class SecurityEvent(models.Model):
    """The security log: who signed in, failed, was locked out or refused, and who took personal
    data out of the platform. Append-only (database triggers refuse UPDATE, DELETE and TRUNCATE)."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Ingreso")
        LOGIN_FAILED = "login_failed", _("Ingreso fallido")
        LOCKOUT = "lockout", _("Bloqueo por intentos fallidos")
        LOCKOUT_LIFTED = "lockout_lifted", _("Bloqueo levantado")
        LOGOUT = "logout", _("Salida")
        SESSION_EXPIRED = "session_expired", _("Sesión vencida")
        DENIED = "denied", _("Acceso denegado")
        TOKEN_CREATED = "token_created", _("Token de API emitido")
        TOKEN_REVOKED = "token_revoked", _("Token de API revocado")
        PASSWORD_CHANGED = "password_changed", _("Contraseña cambiada")
        EXPORT = "export", _("Exportación de datos personales")
        DOWNLOAD = "download", _("Descarga de archivo")
        PERSON_ANONYMISED = "person_anonymised", _("Datos de contacto anonimizados")

    at = models.DateTimeField(_("fecha y hora"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("evento"), max_length=30, choices=Kind.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("usuario"),
        db_constraint=False,
    )
    username = models.CharField(_("nombre de usuario"), max_length=150, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("dirección IP"), null=True, blank=True)
    method = models.CharField(_("método"), max_length=10, blank=True)
    path = models.CharField(_("ruta"), max_length=500, blank=True)
    detail = models.CharField(_("detalle"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        triggers = [
            pgtrigger.Protect(name="security_event_append_only", operation=pgtrigger.Update | pgtrigger.Delete),
            no_truncate("security_event_no_truncate"),
        ]
        verbose_name = _("evento de seguridad")
        verbose_name_plural = _("registro de seguridad")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_kind_display()} {self.username}"
