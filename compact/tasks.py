"""Celery tasks of the Global Compact follow-up: the daily reminders of open consultations."""

from __future__ import annotations

from celery import shared_task

from .services import consultation_send_reminders


@shared_task
def send_consultation_reminders() -> int:
    """Idempotent: each message is keyed per consultation, entity and day (see the service)."""
    return consultation_send_reminders()
