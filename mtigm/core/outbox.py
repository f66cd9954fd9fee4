"""Services of the outbox: queue a message inside the caller's transaction, send it after commit.

    from mtigm.core.outbox import Attachment, outbox_enqueue
    outbox_enqueue(
        key=f"session:{session.pk}:call:{person.pk}",
        kind="session_call",
        recipient=person.email,
        subject=..., body_text=..., body_html=...,
        attachments=[Attachment("sessions.call_pdf", {"session_id": session.pk})],
        related=session,
    )

Attachment renderers are registered by name (``register_attachment``) and run in the worker.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import access
from .dispatch import after_commit
from .models import OutboundMessage

P = ParamSpec("P")
R = TypeVar("R")

RenderedAttachment = tuple[str, bytes, str]  # filename, content, MIME type
_renderers: dict[str, Callable[..., RenderedAttachment]] = {}


@dataclass(frozen=True)
class Attachment:
    renderer: str
    params: dict[str, Any] = field(default_factory=dict)


def register_attachment(name: str) -> Callable[[Callable[..., RenderedAttachment]], Callable[..., RenderedAttachment]]:
    """Register ``func(**params) -> (filename, bytes, mimetype)`` under ``name``."""

    def decorator(func: Callable[..., RenderedAttachment]) -> Callable[..., RenderedAttachment]:
        _renderers[name] = func
        return func

    return decorator


def render_attachment(spec: dict[str, Any]) -> RenderedAttachment:
    if spec["renderer"] not in _renderers:
        # Renderers live in app modules imported at start-up (each app's tasks.py or apps.ready).
        raise LookupError(f"No attachment renderer registered as {spec['renderer']!r}")
    return _renderers[spec["renderer"]](**spec.get("params", {}))


def commission_language() -> Any:
    """The same as ``in_commission_language``, for a block: the text of a message composed inside a
    service whose own refusals should stay in the user's language."""
    return translation.override(settings.LANGUAGE_CODE)


def in_commission_language(func: Callable[P, R]) -> Callable[P, R]:
    """Compose messages in the commission's working language (Spanish).

    Messages are queued by actions of people who may be browsing in English; the calls, reminders
    and minutes that reach every member must not follow that person's choice.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override(settings.LANGUAGE_CODE):
            return func(*args, **kwargs)

    return wrapper


OUTBOX_SEND_TASK = "mtigm.core.tasks.outbox_send"


def outbox_enqueue(
    *,
    key: str,
    kind: str,
    recipient: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    recipient_name: str = "",
    attachments: Iterable[Attachment] = (),
    related: models.Model | None = None,
    not_before: Any = None,
    headers: dict[str, str] | None = None,
) -> OutboundMessage:
    """Queue one message; the same ``key`` never queues a second one.

    Must be called inside the transaction of the action that causes the message: the task is
    dispatched only after that transaction commits. ``headers`` are extra header lines (say the
    RFC 8058 ``List-Unsubscribe`` pair), each a single line.
    """
    headers = dict(headers or {})
    for name, value in headers.items():
        if any(c in f"{name}{value}" for c in "\r\n") or ":" in name:
            raise ValueError(f"Header {name!r} must be a single line")
    defaults: dict[str, Any] = {
        "kind": kind,
        "recipient": recipient,
        "recipient_name": recipient_name,
        "subject": subject[:300],
        "body_text": body_text,
        "body_html": body_html,
        "attachments": [{"renderer": a.renderer, "params": a.params} for a in attachments],
        "not_before": not_before,
        "headers": headers,
    }
    if related is not None:
        defaults["content_type"] = ContentType.objects.get_for_model(related)
        defaults["object_id"] = str(related.pk)
    with transaction.atomic():
        message, created = OutboundMessage.objects.get_or_create(key=key, defaults=defaults)
    if created and (not_before is None or not_before <= timezone.now()):
        # A broker outage only delays the message: the sweep (tasks.outbox_sweep) sends it later.
        after_commit(OUTBOX_SEND_TASK, message.pk)
    return message


def messages_for(obj: models.Model) -> models.QuerySet[OutboundMessage]:
    return OutboundMessage.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).order_by("kind", "recipient")


def outbox_resend(*, actor: Any, message: OutboundMessage) -> OutboundMessage:
    """Put a failed message back in the queue (Secretaría Técnica only)."""
    access.require(actor, "outbox.resend", message, message=_("Solo la Secretaría Técnica puede reenviar mensajes."))
    with transaction.atomic():
        locked = OutboundMessage.objects.select_for_update().get(pk=message.pk)
        # Only a failed message goes back: a sent one is not sent twice, a queued or sending one is
        # already on its way.
        if locked.status != OutboundMessage.Status.FAILED:
            return locked
        locked.status = OutboundMessage.Status.PENDING
        locked.attempts = 0
        locked.last_error = ""
        locked.next_attempt_at = None
        locked.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])
        after_commit(OUTBOX_SEND_TASK, locked.pk)
    return locked
