"""Answers built once per version of what they show: calendar feeds and the calendar API.

The key names the version the answer was built from (an ETag computed from the data), so an entry
never goes stale while its key is asked for: a change of the data is a new key. Each process keeps
the last few answers in memory in front of the shared cache, because the shared cache is a table:
reading a 250 KiB calendar from it on every poll cost more than the rest of the request. The
entries also expire (``timeout``), which bounds what the version does not see.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache

T = TypeVar("T")

# A few calendars and pages per process: the public feed, the API pages clients poll, the public
# portal's pages, some personal feeds (a few MB at most). What falls out is read from the shared cache.
LOCAL_ENTRIES = 64

_lock = threading.Lock()
_local: OrderedDict[str, tuple[float, Any]] = OrderedDict()


def versioned(key: str, build: Callable[[], T], *, timeout: int) -> T:
    """The answer stored under ``key``, built by ``build`` when neither this process nor the shared
    cache holds it (or it expired)."""
    now = time.monotonic()
    with _lock:
        found = _local.get(key)
        if found is not None and found[0] > now:
            _local.move_to_end(key)
            return found[1]
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=timeout)
    with _lock:
        _local[key] = (now + timeout, value)
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)
    return value


def stored(key: str) -> Any | None:
    """What ``versioned`` holds under ``key`` (this process's copy, or else the shared cache's), or
    None: for a caller that answers from the cache only and otherwise lets the full path build it."""
    now = time.monotonic()
    with _lock:
        found = _local.get(key)
        if found is not None and found[0] > now:
            _local.move_to_end(key)
            return found[1]
    return cache.get(key)


def forget_local() -> None:
    """Empty this process's copies (tests that clear the shared cache clear these too)."""
    with _lock:
        _local.clear()
