"""Delivery of outbox messages: each message sent once, retried with backoff, failures left
visible to the ST.

Exactly once, on every database: a worker claims a row with one conditional UPDATE (``pending`` →
``sending``); only the worker whose UPDATE changed the row sends it. This holds where
``SELECT ... FOR UPDATE`` means nothing (SQLite, the embedded default, with two worker processes)
and keeps no transaction open while the SMTP server answers, so the database is never locked for
the length of a delivery.
"""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
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
    email = EmailMultiAlternatives(
        subject=message.subject, body=message.body_text, to=[to], headers=dict(message.headers or {})
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for spec in message.attachments:
        email.attach(*render_attachment(spec))
    return email


def claim(message_id: int, now: datetime.datetime) -> bool:
    """Take the row for this worker; False when it is not due, already sent, or taken by another."""
    due = Q(not_before__isnull=True) | Q(not_before__lte=now)
    updated = OutboundMessage.objects.filter(due, pk=message_id, status=Status.PENDING).update(
        status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    return updated == 1


def _finish(message_id: int, **fields: object) -> None:
    # Only the claim this worker holds is finished: a row given back to the queue by the sweep
    # after a (very) long delivery is not overwritten.
    OutboundMessage.objects.filter(pk=message_id, status=Status.SENDING).update(claimed_at=None, **fields)


@shared_task(bind=True, max_retries=None, acks_late=True)
def outbox_send(self, message_id: int) -> str:
    """Send one queued message. Running it twice, in two processes at once, sends it once."""
    now = timezone.now()
    if not claim(message_id, now):
        return "skipped"
    message = OutboundMessage.objects.get(pk=message_id)
    try:
        _email(message).send(fail_silently=False)
    except Exception as exc:  # noqa: BLE001 - SMTP, network and rendering errors are all retried
        error = f"{type(exc).__name__}: {exc}"[:2000]
        logger.warning("Outbox message %s failed (attempt %s): %s", message.pk, message.attempts, exc)
        if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            _finish(message_id, status=Status.FAILED, last_error=error, next_attempt_at=None)
            return "failed"
        delay = retry_delay(message.attempts)
        _finish(
            message_id,
            status=Status.PENDING,
            last_error=error,
            next_attempt_at=now + datetime.timedelta(seconds=delay),
        )
        try:
            raise self.retry(countdown=delay)
        except self.MaxRetriesExceededError:  # pragma: no cover - max_retries is None
            return "failed"
    _finish(message_id, status=Status.SENT, sent_at=timezone.now(), last_error="", next_attempt_at=None)
    return "sent"


@shared_task
def outbox_sweep() -> int:
    """Dispatch queued messages whose task never ran or whose retry is due (beat, every minute).

    This is what makes a broker outage harmless: messages queued while Redis was down wait as
    rows and go out on the first sweep after it is back. Rows claimed by a worker that died
    mid-delivery go back to the queue after ``OUTBOX_CLAIM_TIMEOUT_SECONDS``.
    """
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT_SECONDS)
    OutboundMessage.objects.filter(status=Status.SENDING, claimed_at__lt=stale).update(
        status=Status.PENDING, claimed_at=None
    )
    grace = now - datetime.timedelta(seconds=settings.OUTBOX_SWEEP_GRACE_SECONDS)
    due = list(
        OutboundMessage.objects.filter(status=Status.PENDING, created_at__lte=grace)
        .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .values_list("pk", flat=True)[: settings.OUTBOX_SWEEP_BATCH]
    )
    return dispatch.publish_many(OUTBOX_SEND_TASK, [(pk,) for pk in due])
