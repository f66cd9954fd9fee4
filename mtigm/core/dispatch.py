"""The one way work is handed to Celery: by task name, after the transaction that caused it commits.

Tasks are named, never imported, so a service never imports a tasks module (import-linter keeps
it so) and tasks can call services without a cycle. A broker that refuses a task never breaks the
user's action: the work waits as a row (a queued message, a pending PDF) that a periodic sweep
hands to the broker again, and ``on_failure`` lets the caller mark that row.

A broker that is down, or worse, accepts connections and never answers, costs a request at most
one probe (``BROKER_PUBLISH_BUDGET_SECONDS``): the first failure opens a breaker for
``BROKER_BACKOFF_SECONDS``, during which every publish of the process is skipped at once instead of
each waiting for its own timeout. The rows stay queued; the sweeps publish them when the broker
answers again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)


class _Breaker:
    """Per process: when the broker last failed, and when it last answered a probe."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.healthy_until = 0.0

    def trip(self) -> None:
        with self.lock:
            self.down_until = time.monotonic() + settings.BROKER_BACKOFF_SECONDS
            self.healthy_until = 0.0

    def reset(self) -> None:
        with self.lock:
            self.down_until = self.healthy_until = 0.0


breaker = _Breaker()
# A probe that succeeded vouches for the broker this long, so a burst of publishes probes once.
HEALTHY_FOR_SECONDS = 1.0


def _probe(url: str) -> bool:
    """Whether a Redis broker answers PING within the publish budget (other brokers: assumed up;
    kombu's filesystem transport needs no server)."""
    if not url.startswith(("redis://", "rediss://")):
        return True
    import redis

    budget = settings.BROKER_PUBLISH_BUDGET_SECONDS
    client = redis.Redis.from_url(url, socket_timeout=budget, socket_connect_timeout=budget)
    try:
        return bool(client.ping())
    except Exception:  # noqa: BLE001 - any failure means "not now"
        return False
    finally:
        client.close()


def broker_available() -> bool:
    now = time.monotonic()
    if now < breaker.down_until:
        return False
    if now < breaker.healthy_until:
        return True
    if _probe(str(current_app.conf.broker_url or "")):
        breaker.healthy_until = time.monotonic() + HEALTHY_FOR_SECONDS
        return True
    breaker.trip()
    return False


def send(task_name: str, *args: Any) -> bool:
    """Publish ``task_name`` now; False (and a warning) when the broker does not take it."""
    if not broker_available():
        logger.warning("Broker unavailable; %s%s waits for its sweep", task_name, tuple(args))
        return False
    try:
        task = current_app.tasks.get(task_name)
        if task is not None:
            task.apply_async(args=list(args), retry=False)
        else:
            current_app.send_task(task_name, args=list(args), retry=False)
    except Exception:  # noqa: BLE001 - any broker failure must not break the user's action
        breaker.trip()
        logger.warning("Broker unavailable; %s%s waits for its sweep", task_name, tuple(args), exc_info=True)
        return False
    return True


def publish_many(task_name: str, arguments: Iterable[tuple[Any, ...]]) -> int:
    """Publish one task per tuple of arguments; stops at the first failure (the rest wait for the
    next sweep). Returns how many were published."""
    count = 0
    for args in arguments:
        if not send(task_name, *args):
            break
        count += 1
    return count


def after_commit(task_name: str, *args: Any, on_failure: Callable[[], None] | None = None) -> None:
    """Publish ``task_name`` once the current transaction commits (nothing if it rolls back)."""

    def publish() -> None:
        if not send(task_name, *args) and on_failure is not None:
            on_failure()

    transaction.on_commit(publish)
