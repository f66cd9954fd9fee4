import datetime

import pytest
from django.core.management import call_command

from members import selectors
from members.models import CsoRegistration, Entity, EntityKind, GroupCoordinator, Membership, WorkingGroup
from tests.factories.members import DesignationFactory, member_entity

pytestmark = pytest.mark.django_db
D = datetime.date


def test_reference_loads_the_real_composition_idempotently(reference):
    call_command("load_reference", stdout=open("/dev/null", "w"))  # noqa: SIM115 - second run changes nothing
    assert Entity.objects.count() == 19 + 2 + 3 + 4 + 8
    assert Membership.objects.count() == Entity.objects.count()
    assert Entity.objects.get(acronym="MPFN").name == "Ministerio Público – Fiscalía de la Nación"
    assert "DIGEMIN" in Entity.objects.get(acronym="MIGRACIONES").former_names
    assert {g.number: g.coordinators.get().entity.acronym for g in WorkingGroup.objects.all()} == {
        1: "RREE",
        2: "RREE",
        3: "MTPE",
        4: "MIGRACIONES",
    }
    assert set(GroupCoordinator.objects.values_list("approved_by", flat=True)) == {"plenary"}
    ucss = CsoRegistration.objects.get(entity__acronym="UCSS")
    assert ucss.admitted_on == D(2014, 5, 27)
    assert ucss.registry_entry_number == ""  # not in the sources: left blank, never invented
    assert "número de partida registral" in ucss.missing_fields


def test_members_on_date_follow_the_admissions(reference):
    assert selectors.member_count_on(D(2011, 7, 27)) == 0
    assert selectors.member_count_on(D(2014, 3, 11)) == 19
    assert selectors.member_count_on(D(2014, 3, 12)) == 20  # RENIEC admitted at the XVI session
    assert selectors.member_count_on(D(2014, 4, 10)) == 21  # SUNEDU (formerly ANR) at the XVII
    before = set(selectors.entities_on(D(2014, 3, 11), EntityKind.MEMBER).values_list("acronym", flat=True))
    after = set(selectors.entities_on(D(2014, 3, 12), EntityKind.MEMBER).values_list("acronym", flat=True))
    assert after - before == {"RENIEC"}
    observers = selectors.entities_on(D(2014, 2, 11), EntityKind.OBSERVER).values_list("acronym", flat=True)
    assert "PARLANDINO" not in observers
    assert "PARLANDINO" in selectors.entities_on(D(2014, 2, 12), EntityKind.OBSERVER).values_list("acronym", flat=True)
    assert "GIZ" not in selectors.entities_on(D(2015, 2, 23)).values_list("acronym", flat=True)
    assert "GIZ" in selectors.entities_on(D(2015, 2, 24)).values_list("acronym", flat=True)


def test_member_count_is_one_query(reference, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert selectors.member_count_on(D(2015, 1, 1)) == 21


def test_composition_groups_by_capacity_with_representatives(reference):
    rree = Entity.objects.get(acronym="RREE")
    titular = DesignationFactory(entity=rree, start=D(2014, 1, 1))
    composition = selectors.composition_on(D(2014, 9, 16))
    assert composition.member_count == 21
    assert [e.acronym for e in composition.observers] == ["CRE-CONGRESO", "DP", "PARLANDINO"]
    assert {e.acronym for e in composition.agencies} == {"APCI", "OIM", "OIT"}
    assert {e.acronym for e in composition.csos} == {"UCSS", "CAL", "CAJ", "CEPAS", "UARM", "ASPEM", "FORUM-SP"}
    rree_row = next(e for e in composition.members if e.acronym == "RREE")
    assert [d.person for d in rree_row.current_designations] == [titular.person]


def test_current_representatives_and_history(mtpe):
    old = DesignationFactory(entity=mtpe, start=D(2014, 1, 1), end=D(2014, 12, 31))
    new = DesignationFactory(entity=mtpe, start=D(2015, 1, 1))
    alternate = DesignationFactory(entity=mtpe, role="alternate", start=D(2014, 1, 1))
    assert list(selectors.current_representatives(mtpe, D(2014, 6, 1))) == [old, alternate]
    assert list(selectors.current_representatives(mtpe, D(2015, 6, 1))) == [new, alternate]
    assert list(selectors.designation_history(mtpe)) == [new, old, alternate]


def test_entity_list_has_constant_queries(django_assert_num_queries):
    def build(n):
        for _ in range(n):
            entity = member_entity()
            DesignationFactory(entity=entity, start=D(2014, 1, 1))

    build(3)
    with django_assert_num_queries(3):
        rows = list(selectors.entity_list(day=D(2015, 1, 1)))
        for row in rows:
            list(row.memberships.all())
            [d.person.last_name for d in row.current_designations]
    build(27)
    with django_assert_num_queries(3):
        rows = list(selectors.entity_list(day=D(2015, 1, 1)))
        for row in rows:
            list(row.memberships.all())
            [d.person.last_name for d in row.current_designations]
    assert len(rows) == 30


def test_groups_with_structure_prefetches(reference, django_assert_num_queries):
    # Groups, coordinators' history, coordinators in office, members and subgroups (the reference data
    # has none in 2014, so their leads and members cost nothing).
    with django_assert_num_queries(5):
        groups = list(selectors.groups_with_structure(D(2014, 6, 1)))
        summary = {g.number: [c.entity.acronym for c in g.current_coordinators] for g in groups}
        for g in groups:
            [(s.current_leads, [m.entity.acronym for m in s.current_members]) for s in g.subgroups.all()]
            [m.entity.acronym for m in g.current_members]
    assert summary == {1: ["RREE"], 2: ["RREE"], 3: ["MTPE"], 4: ["MIGRACIONES"]}
    # The public portal shows who is in office only: the same query without the history.
    with django_assert_num_queries(4):
        list(selectors.groups_with_structure(D(2014, 6, 1), with_history=False))
