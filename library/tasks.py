"""Celery tasks of the library: the daily digest (idempotent per person and day)."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from .digest import send_digests


@shared_task(bind=True, max_retries=3, acks_late=True)
def send_library_digests(self: Any) -> int:
    try:
        return send_digests()
    except Exception as exc:  # a database outage: try again later; the outbox keys prevent doubles
        raise self.retry(exc=exc, countdown=60 * (2**self.request.retries)) from exc
