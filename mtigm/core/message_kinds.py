"""Human names of the kinds of messages the outbox holds (``OutboundMessage.kind``).

Each app names the kinds it queues where it defines them: a ``message_kinds`` module of the app
with a ``LABELS`` dict of kind → gettext_lazy text. The outbox pages read them here by module name
(as tasks are dispatched by name), so ``mtigm.core`` imports no app above it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from .discovery import app_modules

MODULE = "message_kinds"


@cache
def _labels() -> dict[str, Any]:
    labels: dict[str, Any] = {}
    for module in app_modules(MODULE):
        labels.update(getattr(module, "LABELS", {}))
    return labels


def message_kind_label(kind: str) -> str:
    """The name of ``kind`` in the active language; a kind no app names is shown as it is stored."""
    label = _labels().get(kind)
    return str(label) if label is not None else kind
