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

A transaction publishes once: every ``after_commit`` of one transaction (calling a session queues
some thirty messages) joins one batch, published by a single on-commit callback in one loop that
stops at the first refusal, so a broker that is down is asked once per request, not once per task.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

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


@dataclass
class _Batch:
    """The tasks of one transaction, published by one on-commit callback (``publish``)."""

    tasks: list[tuple[str, tuple[Any, ...], Callable[[], None] | None]] = field(default_factory=list)
    done: bool = False

    def publish(self) -> None:
        self.done = True
        refused = 0
        for task_name, args, on_failure in self.tasks:
            # After the first refusal the rest of the batch is not offered to the broker: the breaker
            # would skip each anyway, and the rows wait for their sweeps all the same.
            if refused or not send(task_name, *args):
                refused += 1
                if on_failure is not None:
                    on_failure()
        if refused > 1:
            logger.warning("Broker unavailable; %s more tasks of this transaction wait for their sweeps", refused - 1)


def _open_batch(connection: BaseDatabaseWrapper) -> _Batch:
    """The batch a task queued now joins: one already registered whose callback Django would discard
    along with this task, or a new one.

    Django drops an on-commit callback when a savepoint that was active at its registration rolls
    back (``savepoint_ids`` of the callback). A batch registered under savepoints ``B`` can take a
    task queued under the savepoints ``C`` now active when ``C`` is part of ``B``: the savepoints of
    ``B`` no longer active were released (had one rolled back, the batch would be gone), and a
    rollback of any savepoint of ``C`` discards the batch with the task, as it should. So a savepoint
    that rolls back takes its tasks with it and nothing else, and a rolled-back transaction
    publishes nothing.
    """
    level = set(connection.savepoint_ids)
    for entry in reversed(connection.run_on_commit):
        # Entries are (savepoint ids, callback, robust); the stubs know of the first two only.
        sids, func = entry[0], entry[1]
        batch = getattr(func, "__self__", None)
        if isinstance(batch, _Batch) and not batch.done and level <= sids:
            return batch
    batch = _Batch()
    transaction.on_commit(batch.publish, using=connection.alias)
    return batch


def after_commit(task_name: str, *args: Any, on_failure: Callable[[], None] | None = None) -> None:
    """Publish ``task_name`` once the current transaction commits (nothing if it rolls back),
    together with the other tasks of that transaction (one on-commit callback, see ``_Batch``)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        # No transaction: Django runs the callback now (or refuses, under manual transactions).
        transaction.on_commit(_Batch([(task_name, args, on_failure)]).publish)
        return
    _open_batch(connection).tasks.append((task_name, args, on_failure))
