"""Rows of the history pages (django-simple-history), in the page's language.

django-simple-history names its change types in English ("Created", "Changed", "Deleted") and ships
no Spanish catalogue, so ``get_history_type_display()`` reads "Changed" on Spanish pages. The
project names them itself, in Spanish msgids translated like every other UI text; field names come
from the models' ``verbose_name`` (already translated).
"""

from __future__ import annotations

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


def history_rows(records: list[Any]) -> list[dict[str, Any]]:
    """One row per historical record: date, user, change type, object and the fields it changed."""
    rows = []
    for record in records:
        changes = []
        previous = record.prev_record
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = record.instance_type._meta.get_field(change.field)
                changes.append({"field": str(field.verbose_name), "old": change.old, "new": change.new})
        rows.append(
            {
                "date": record.history_date,
                "user": record.history_user,
                "type": history_type_label(record),
                "object": str(record.instance),
                "model": record.instance_type._meta.verbose_name,
                "changes": changes,
            }
        )
    return rows
