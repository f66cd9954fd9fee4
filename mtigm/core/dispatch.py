"""The one way work is handed to Celery: by task name, after the transaction that caused it commits.

Tasks are named, never imported, so a service never imports a tasks module (import-linter keeps
it so) and tasks can call services without a cycle. A broker that refuses a task never breaks the
user's action: the work waits as a row (a queued message, a pending PDF) that a periodic sweep
hands to the broker again, and ``on_failure`` lets the caller mark that row.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)


def send(task_name: str, *args: Any) -> bool:
    """Publish ``task_name`` now; False (and a warning) when the broker does not take it."""
    try:
        task = current_app.tasks.get(task_name)
        if task is not None:
            task.apply_async(args=list(args), retry=False)
        else:
            current_app.send_task(task_name, args=list(args), retry=False)
    except Exception:  # noqa: BLE001 - any broker failure must not break the user's action
        logger.warning("Broker unavailable; %s%s waits for its sweep", task_name, tuple(args), exc_info=True)
        return False
    return True


def after_commit(task_name: str, *args: Any, on_failure: Callable[[], None] | None = None) -> None:
    """Publish ``task_name`` once the current transaction commits (nothing if it rolls back)."""

    def publish() -> None:
        if not send(task_name, *args) and on_failure is not None:
            on_failure()

    transaction.on_commit(publish)
