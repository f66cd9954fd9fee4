"""Serialising work on one object across processes without locking its row."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


def _namespace(name: str) -> int:
    # pg_advisory_xact_lock(int4, int4): the name becomes a signed 32-bit number.
    value = zlib.crc32(name.encode())
    return value - 2**32 if value >= 2**31 else value


@contextmanager
def advisory_lock(name: str, key: int) -> Iterator[None]:
    """Hold the lock ``(name, key)`` for a transaction: a second process asking for it waits until
    the first commits. Unlike SELECT ... FOR UPDATE it blocks nobody who edits the object meanwhile.

    On PostgreSQL only; SQLite (the embedded default) has no such lock and runs the block as is.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_namespace(name), key])
        yield
