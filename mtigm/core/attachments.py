"""Documents an app above attaches to objects of the apps below it (a plan product's evidence, an
agenda item's documents), shown by the pages of those apps without importing the app above.

The library registers one provider per kind when Django starts; a page calls ``attach`` once
for its whole list, so the cost is a fixed number of queries whatever the list's length.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Attached:
    title: str
    url: str
    note: str = ""


Provider = Callable[[Any, Sequence[Any]], dict[int, list[Attached]]]
_providers: dict[str, Provider] = {}
KINDS = frozenset({"plan_line", "agenda_item"})


def register(kind: str, provider: Provider) -> None:
    if kind not in KINDS:
        raise ValueError(f"Unknown attachment kind {kind!r}")
    _providers[kind] = provider


def attach(kind: str, actor: Any, objects: Sequence[Any]) -> None:
    """Set ``attached_documents`` on each object: what the actor may see attached to it."""
    provider = _providers.get(kind)
    found = provider(actor, objects) if provider is not None and objects else {}
    for obj in objects:
        obj.attached_documents = found.get(obj.pk, [])
