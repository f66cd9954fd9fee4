"""Delivery of outbox messages: idempotent, retried with backoff, failures left visible to the ST."""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import dispatch
from .models import OutboundMessage
from .outbox import OUTBOX_SEND_TASK, render_attachment

logger = logging.getLogger(__name__)
Status = OutboundMessage.Status


def retry_delay(attempts: int) -> int:
    """Exponential backoff in seconds after ``attempts`` failed tries."""
    return int(settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0))


def _email(message: OutboundMessage) -> EmailMultiAlternatives:
    to = f"{message.recipient_name} <{message.recipient}>" if message.recipient_name else message.recipient
    email = EmailMultiAlternatives(subject=message.subject, body=message.body_text, to=[to])
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for spec in message.attachments:
        email.attach(*render_attachment(spec))
    return email


@shared_task(bind=True, max_retries=None, acks_late=True)
def outbox_send(self, message_id: int) -> str:
    """Send one queued message. Running it twice never sends twice: the row is locked and its
    status checked first, and a row that is being sent by another worker is skipped."""
    now = timezone.now()
    with transaction.atomic():
        message = (
            OutboundMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=Status.PENDING)
            .first()
        )
        if message is None:
            return "skipped"
        if message.not_before and message.not_before > now:
            return "not-yet"
        message.attempts += 1
        try:
            _email(message).send(fail_silently=False)
        except Exception as exc:  # noqa: BLE001 - SMTP, network and rendering errors are all retried
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                message.status = Status.FAILED
                message.next_attempt_at = None
            else:
                message.next_attempt_at = now + datetime.timedelta(seconds=retry_delay(message.attempts))
            message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            logger.warning("Outbox message %s failed (attempt %s): %s", message.pk, message.attempts, exc)
        else:
            message.status = Status.SENT
            message.sent_at = timezone.now()
            message.last_error = ""
            message.next_attempt_at = None
            message.save(update_fields=["attempts", "status", "sent_at", "last_error", "next_attempt_at"])
            return "sent"
    if message.status == Status.FAILED:
        return "failed"
    try:
        raise self.retry(countdown=retry_delay(message.attempts))
    except self.MaxRetriesExceededError:  # pragma: no cover - max_retries is None
        return "failed"


@shared_task
def outbox_sweep() -> int:
    """Dispatch queued messages whose task never ran or whose retry is due (beat, every minute).

    This is what makes a broker outage harmless: messages queued while Redis was down wait as
    rows and go out on the first sweep after it is back.
    """
    now = timezone.now()
    grace = now - datetime.timedelta(seconds=settings.OUTBOX_SWEEP_GRACE_SECONDS)
    due = (
        OutboundMessage.objects.filter(status=Status.PENDING, created_at__lte=grace)
        .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .values_list("pk", flat=True)[: settings.OUTBOX_SWEEP_BATCH]
    )
    count = 0
    for message_id in due:
        dispatch.send(OUTBOX_SEND_TASK, message_id)
        count += 1
    return count
