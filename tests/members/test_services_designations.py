import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from members import services
from members.models import Designation, Entity
from members.roles import Role, roles_for
from mtigm.core.errors import AccessDenied, RuleViolation
from tests.factories.members import DesignationFactory, PersonFactory, member_entity

pytestmark = pytest.mark.django_db
D = datetime.date


def test_create_designation_and_warn_when_notice_is_late(st_user, mtpe):
    person = PersonFactory()
    designation = services.designation_create(
        actor=st_user,
        entity=mtpe,
        person=person,
        role=Designation.Role.TITULAR,
        start=D(2014, 3, 1),
        resolution_number="R.M. N° 045-2014-TR",
        resolution_date=D(2014, 2, 1),
        notified_on=D(2014, 2, 20),  # 19 calendar days after the resolution
    )
    assert designation.pk
    assert len(designation.warnings) == 1
    assert "19 días" in designation.warnings[0]
    assert "Art. 7.5" in designation.warnings[0]


def test_notice_within_fifteen_days_gives_no_warning(st_user, mtpe):
    designation = services.designation_create(
        actor=st_user,
        entity=mtpe,
        person=PersonFactory(),
        role=Designation.Role.TITULAR,
        start=D(2014, 3, 1),
        resolution_date=D(2014, 2, 1),
        notified_on=D(2014, 2, 16),  # exactly 15 days: in time
    )
    assert designation.warnings == []


def test_only_the_secretariat_writes(member_user, mtpe):
    with pytest.raises(AccessDenied):
        services.designation_create(
            actor=member_user, entity=mtpe, person=PersonFactory(), role=Designation.Role.TITULAR, start=D(2014, 3, 1)
        )
    assert not Designation.objects.filter(role=Designation.Role.TITULAR).exists()


def test_second_open_titular_is_refused_citing_art_7_5(st_user, designation_titular):
    with pytest.raises(RuleViolation) as error:
        services.designation_create(
            actor=st_user,
            entity=designation_titular.entity,
            person=PersonFactory(),
            role=Designation.Role.TITULAR,
            start=D(2015, 1, 1),
        )
    assert "Art. 7.5" in str(error.value)
    assert error.value.rule_key == "designation.one_titular_one_alternate"
    assert Designation.objects.filter(entity=designation_titular.entity).count() == 1


def test_designation_needs_the_entity_in_office(st_user):
    reniec = member_entity("RENIEC", start=D(2014, 3, 12))
    with pytest.raises(RuleViolation):
        services.designation_create(
            actor=st_user, entity=reniec, person=PersonFactory(), role=Designation.Role.TITULAR, start=D(2014, 3, 1)
        )


def test_replace_ends_previous_the_day_before_and_keeps_history(st_user, designation_titular):
    old_user = designation_titular.person.user
    assert roles_for(old_user, on=D(2015, 6, 1)).has(Role.MEMBER_REPRESENTATIVE)
    successor = services.designation_replace(
        actor=st_user,
        designation=designation_titular,
        person=PersonFactory(),
        start=D(2015, 7, 1),
        resolution_number="R.M. N° 200-2015-TR",
        resolution_date=D(2015, 6, 20),
        notified_on=D(2015, 6, 25),
    )
    designation_titular.refresh_from_db()
    assert designation_titular.end == D(2015, 6, 30)
    assert designation_titular.replaced_by == successor
    assert successor.role == Designation.Role.TITULAR and successor.end is None
    # The replaced representative loses the role from the successor's first day (Art. 7.6).
    assert roles_for(old_user, on=D(2015, 6, 30)).has(Role.MEMBER_REPRESENTATIVE)
    assert not roles_for(old_user, on=D(2015, 7, 1)).roles
    assert roles_for(successor.person.user, on=D(2015, 7, 1)).has(Role.MEMBER_REPRESENTATIVE)
    assert designation_titular.history.count() >= 2


def test_replace_must_start_after_the_previous_designation(st_user, designation_titular):
    with pytest.raises(RuleViolation) as error:
        services.designation_replace(
            actor=st_user, designation=designation_titular, person=PersonFactory(), start=D(2014, 2, 1)
        )
    assert "Art. 7.6" in str(error.value)
    designation_titular.refresh_from_db()
    assert designation_titular.end is None  # the failed step left the database as it was


def test_replacing_twice_is_refused(st_user, designation_titular):
    services.designation_replace(
        actor=st_user, designation=designation_titular, person=PersonFactory(), start=D(2015, 1, 1)
    )
    with pytest.raises(RuleViolation):
        services.designation_replace(
            actor=st_user, designation=designation_titular, person=PersonFactory(), start=D(2016, 1, 1)
        )


def test_update_into_an_overlap_is_refused(st_user, designation_titular):
    successor = services.designation_replace(
        actor=st_user, designation=designation_titular, person=PersonFactory(), start=D(2015, 1, 1)
    )
    with pytest.raises(RuleViolation):
        services.designation_update(actor=st_user, designation=successor, start=D(2014, 12, 1))
    successor.refresh_from_db()
    assert successor.start == D(2015, 1, 1)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraints exist on PostgreSQL only")
def test_database_refuses_overlapping_closed_designations(designation_titular):
    Designation.objects.filter(pk=designation_titular.pk).update(end=D(2014, 12, 31))
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        DesignationFactory(
            entity=designation_titular.entity,
            role=Designation.Role.TITULAR,
            start=D(2014, 6, 1),
            end=D(2015, 6, 1),
        )
    message = services.integrity_error_message(error.value)
    assert "Art. 7.6" in str(message)


def test_database_refuses_a_second_open_titular(designation_titular):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        DesignationFactory(entity=designation_titular.entity, role=Designation.Role.TITULAR, start=D(2016, 1, 1))
    assert "Art. 7.5" in str(services.integrity_error_message(error.value))


def test_duplicate_acronym_refused_case_insensitively(st_user, mtpe):
    with pytest.raises(Exception) as error:
        services.entity_create(actor=st_user, kind="member", name="Otro", acronym="mtpe")
    assert "sigla" in str(error.value)
    with pytest.raises(IntegrityError) as db_error, transaction.atomic():
        Entity.objects.create(kind="member", name="Otro", acronym="Mtpe")
    assert "sigla" in str(services.integrity_error_message(db_error.value))


def test_entity_create_with_membership_and_end(st_user):
    entity = services.entity_create(
        actor=st_user,
        kind="member",
        name="Registro Nacional de Identificación y Estado Civil",
        acronym="RENIEC",
        membership_start=D(2014, 3, 12),
        admitted_at="XVI Sesión Ordinaria",
    )
    membership = entity.memberships.get()
    services.designation_create(
        actor=st_user, entity=entity, person=PersonFactory(), role=Designation.Role.TITULAR, start=D(2014, 4, 1)
    )
    services.membership_end(actor=st_user, membership=membership, end=D(2020, 12, 31), reason="Prueba")
    assert entity.designations.get().end == D(2020, 12, 31)
    with pytest.raises(RuleViolation):
        services.membership_admit(actor=st_user, entity=entity, kind="member", start=D(2019, 1, 1))
