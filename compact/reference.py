"""Reference data of the Global Compact, loaded from ``data/reference.toml`` (idempotent).

The data migration ``0002_reference_data`` carries a frozen copy of that file as it stood when it was
written; ``manage.py load_compact_reference`` (and the demo) load the file again with the live
models, so a corrected text becomes a new history version of its row (django-simple-history).
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from .models import Objective, ReferenceItem, ThematicArea

DATA = Path(__file__).resolve().parent / "data" / "reference.toml"
CHANGE_REASON = "compact/data/reference.toml"


@cache
def reference_data() -> dict[str, Any]:
    with DATA.open("rb") as handle:
        return tomllib.load(handle)


def _source(data: dict[str, Any], item: dict[str, Any]) -> dict[str, str]:
    return {"source_document": data["sources"][item["source"]], "source_locator": item["locator"]}


def _save(model: Any, lookup: dict[str, Any], values: dict[str, Any]) -> tuple[Any, bool]:
    """Create or update one row; True when it was created or changed (a new history version)."""
    obj = model.objects.filter(**lookup).first()
    if obj is not None and all(getattr(obj, name) == value for name, value in values.items()):
        return obj, False
    obj = obj or model(**lookup)
    for name, value in values.items():
        setattr(obj, name, value)
    obj._change_reason = CHANGE_REASON
    obj.save()
    return obj, True


def load(stdout: Any = None) -> dict[str, int]:
    """Load or update every reference item; returns how many of each kind were created or changed."""
    data = reference_data()
    changed = {"areas": 0, "objectives": 0, "items": 0}
    areas = {}
    for item in data["areas"]:
        area, did = _save(ThematicArea, {"number": item["number"]}, {"title": item["title"], **_source(data, item)})
        areas[area.number] = area
        changed["areas"] += did
    members: dict[int, set[int]] = {}
    for item in data["areas"]:
        for number in item["objectives"]:
            members.setdefault(number, set()).add(areas[item["number"]].pk)
    for item in data["objectives"]:
        objective, did = _save(
            Objective,
            {"number": item["number"]},
            {"title": item["title"], "short_title": item["short_title"], **_source(data, item)},
        )
        wanted = members.get(objective.number, set())
        if set(objective.areas.values_list("pk", flat=True)) != wanted:
            objective.areas.set(wanted)
            did = True
        changed["objectives"] += did
    positions: dict[str, int] = {}
    for item in data["items"]:
        positions[item["kind"]] = positions.get(item["kind"], 0) + 1
        _obj, did = _save(
            ReferenceItem,
            {"kind": item["kind"], "code": item["code"]},
            {"title": item["title"], "position": positions[item["kind"]], **_source(data, item)},
        )
        changed["items"] += did
    if stdout is not None:
        stdout.write(
            f"Pacto Mundial: {len(data['areas'])} áreas temáticas, {len(data['objectives'])} objetivos, "
            f"{len(data['items'])} datos de referencia ({sum(changed.values())} nuevos o actualizados)."
        )
    return changed
