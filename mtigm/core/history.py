"""Rows of the history pages (django-simple-history), in the page's language.

django-simple-history names its change types in English ("Created", "Changed", "Deleted") and ships
no Spanish catalogue, so ``get_history_type_display()`` reads "Changed" on Spanish pages. The
project names them itself, in Spanish msgids translated like every other UI text; field names come
from the models' ``verbose_name`` (already translated).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

HISTORY_TYPE_LABELS = {
    "+": _("Creación"),
    "~": _("Modificación"),
    "-": _("Eliminación"),
}


def history_type_label(record: Any) -> str:
    """The change type of a historical record ("+", "~", "-") in the active language."""
    label = HISTORY_TYPE_LABELS.get(record.history_type)
    return str(label) if label is not None else str(record.history_type)


def _instance(record: Any) -> Any:
    """The object as the record saw it, with the related objects fetched with the record (its
    ``select_related``), so naming it (``__str__``) costs no query per row."""
    instance = record.instance
    for name, value in record._state.fields_cache.items():
        if name != "history_user":
            instance._state.fields_cache[name] = value
    return instance


def history_rows(records: list[Any], previous: Mapping[Any, Any] | None = None) -> list[dict[str, Any]]:
    """One row per historical record: date, user, change type, object and the fields it changed.

    ``previous`` maps each record to its previous version (None for the first) when the caller read
    them in bulk; without it, each record asks for its own (one query per row: fine for the few
    records of one object, not for a long history)."""
    rows = []
    for record in records:
        changes = []
        before = record.prev_record if previous is None else previous.get(record)
        if before is not None:
            delta = record.diff_against(before)
            for change in delta.changes:
                field = record.instance_type._meta.get_field(change.field)
                changes.append({"field": str(field.verbose_name), "old": change.old, "new": change.new})
        rows.append(
            {
                "date": record.history_date,
                "user": record.history_user,
                "type": history_type_label(record),
                "object": str(_instance(record)),
                "model": record.instance_type._meta.verbose_name,
                "changes": changes,
            }
        )
    return rows
