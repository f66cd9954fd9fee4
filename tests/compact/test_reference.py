"""The Global Compact's reference data: loaded by the data migration, with sources, versioned."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from compact import reference
from compact.models import Objective, ReferenceItem, ThematicArea

pytestmark = pytest.mark.django_db


def test_the_23_objectives_are_loaded_with_spanish_titles_and_sources():
    objectives = list(Objective.objects.order_by("number"))
    assert [o.number for o in objectives] == list(range(1, 24))
    first = objectives[0]
    assert first.title.startswith("Recopilar y utilizar datos exactos y desglosados")
    assert first.short_title == "Data e información"
    for objective in objectives:
        assert objective.source_document and objective.source_locator
        assert "p. 63" in objective.source_locator  # Tabla 3 of the 2022 thesis
        assert objective.areas.exists(), objective


def test_thematic_areas_group_the_objectives_and_23_is_cross_cutting():
    areas = {a.number: a for a in ThematicArea.objects.prefetch_related("objectives")}
    assert sorted(areas) == [1, 2, 3, 4, 5]
    assert sorted(o.number for o in areas[1].objectives.all()) == [1, 3, 17, 23]
    assert sorted(o.number for o in areas[3].objectives.all()) == [9, 10, 11, 14, 21, 23]
    assert all(area.objectives.filter(number=23).exists() for area in areas.values())
    covered = {o.number for area in areas.values() for o in area.objectives.all()}
    assert covered == set(range(1, 24))
    assert "Tabla 8 (p. 105)" in areas[2].source_locator


def test_principles_sdg_and_lineamientos_carry_their_sources():
    by_kind = {
        kind: list(ReferenceItem.objects.filter(kind=kind).order_by("position")) for kind in ReferenceItem.Kind.values
    }
    assert len(by_kind["principle"]) == 10
    assert by_kind["principle"][0].title == "Centrarse en las personas"
    assert [i.code for i in by_kind["sdg_target"]] == ["10.7"]
    assert [i.code for i in by_kind["sdg_indicator"]] == ["10.7.1", "10.7.2", "10.7.3", "10.7.4"]
    assert len(by_kind["policy_axis"]) == 7
    assert "Lineamientos Generales de la Política Migratoria" in by_kind["policy_axis"][0].source_document
    assert "IV. Propuesta de lineamientos generales" in by_kind["policy_axis"][0].source_locator
    assert all(item.source_document and item.source_locator for items in by_kind.values() for item in items)


def test_the_migration_wrote_a_first_history_version_of_each_row():
    assert Objective.history.filter(history_type="+").count() == 23
    assert ReferenceItem.history.count() >= 22
    assert Objective.history.first().history_change_reason == reference.CHANGE_REASON


def test_loading_again_changes_nothing_and_a_corrected_text_is_a_new_version():
    out = io.StringIO()
    call_command("load_compact_reference", stdout=out)
    assert "23 objetivos" in out.getvalue()
    assert reference.load() == {"areas": 0, "objectives": 0, "items": 0}
    Objective.objects.filter(number=5).update(short_title="Texto anterior")
    assert reference.load()["objectives"] == 1
    objective = Objective.objects.get(number=5)
    assert objective.short_title == "Vías de migración regular"
    assert objective.history.count() == 2


def test_reference_pages_and_api_are_public(client):
    page = client.get("/pacto-mundial/")
    assert page.status_code == 200
    assert "Salvar vidas" in page.content.decode()
    answer = client.get("/api/v1/compact/reference/", {"kind": "sdg_indicator"})
    assert answer.status_code == 200
    assert [row["code"] for row in answer.json()["results"]] == ["10.7.1", "10.7.2", "10.7.3", "10.7.4"]
    assert client.get("/api/v1/compact/reference/", {"kind": "nada"}).status_code == 400
    objectives = client.get("/api/v1/compact/objectives/").json()
    assert objectives["count"] == 23
    assert objectives["results"][22]["areas"] == [1, 2, 3, 4, 5]


def test_the_migration_and_the_file_name_the_same_items():
    """The migration's frozen copy and the data file list the same items (the file may later correct
    a text, which load_compact_reference records as a new version; it never drops an item)."""
    import importlib

    frozen = importlib.import_module("compact.migrations.0002_reference_data").DATA
    live = reference.reference_data()
    for kind, key in (("areas", "number"), ("objectives", "number"), ("items", "code")):
        assert [item[key] for item in frozen[kind]] == [item[key] for item in live[kind]]
