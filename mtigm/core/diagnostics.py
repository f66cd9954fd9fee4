"""Diagnostic Celery task: proves that a worker consumes what the web process sends.

It is not in a ``tasks`` module on purpose, so that it is only registered where it is wanted:
``scripts/run`` starts its worker with ``-I mtigm.core.diagnostics`` and ``manage.py celery_ping``
imports it to send a ping.
"""

from __future__ import annotations

from pathlib import Path

from celery import shared_task
from django.utils import timezone


@shared_task(name="mtigm.core.diagnostics.ping_task", ignore_result=True)
def ping_task(path: str, token: str) -> None:
    """Write ``token`` into ``path``; the sender waits for the file to appear."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(f"{token}\n{timezone.now().isoformat()}\n", encoding="utf-8")
    # Rename so the sender never reads a half-written file.
    tmp.replace(target)
