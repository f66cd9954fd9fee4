"""Celery tasks of the portal: the fan-out of subscription notices, and their sweep (beat.py)."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task

from . import subscriptions

logger = logging.getLogger(__name__)
RETRY_BASE_SECONDS = 30


@shared_task(bind=True, max_retries=6, acks_late=True)
def subscription_fan_out(self: Any, event_id: int) -> str:
    """Queue one outbox message per confirmed subscriber of the event's topic (idempotent by key)."""
    try:
        count = subscriptions.event_fan_out(event_id=event_id)
    except Exception as exc:  # noqa: BLE001 - retried with backoff; the sweep takes it up after that
        logger.warning("Subscription event %s not fanned out (attempt %s): %s", event_id, self.request.retries, exc)
        raise self.retry(exc=exc, countdown=RETRY_BASE_SECONDS * 2**self.request.retries) from exc
    return "waiting" if count is None else f"queued {count}"


@shared_task
def subscription_sweep() -> dict[str, Any]:
    """Delete requests never confirmed after 30 days; hand undone events to the broker again."""
    return subscriptions.sweep()
