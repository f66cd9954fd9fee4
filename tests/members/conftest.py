"""Fixtures of the registry's tests."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from members.models import Designation, EntityKind
from tests.factories.members import (
    DesignationFactory,
    SecretariatAppointmentFactory,
    member_entity,
)

TODAY_START = datetime.date(2020, 1, 1)


@pytest.fixture
def reference(db):
    """The real composition, loaded with the management command."""
    call_command("load_reference", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def st_user(db):
    return SecretariatAppointmentFactory(person__user__username="st-staff", start=TODAY_START).person.user


@pytest.fixture
def mtpe(db):
    from members.models import Entity

    existing = Entity.objects.filter(acronym="MTPE").first()  # loaded by the ``reference`` fixture
    if existing is not None:
        return existing
    return member_entity("MTPE", name="Ministerio de Trabajo y Promoción del Empleo", start=datetime.date(2011, 7, 28))


@pytest.fixture
def member_user(mtpe):
    return DesignationFactory(
        entity=mtpe, role=Designation.Role.ALTERNATE, person__user__username="rep-mtpe", start=TODAY_START
    ).person.user


@pytest.fixture
def observer_user(db):
    entity = member_entity("DP", kind=EntityKind.OBSERVER, name="Defensoría del Pueblo")
    return DesignationFactory(entity=entity, person__user__username="rep-dp", start=TODAY_START).person.user


@pytest.fixture
def designation_titular(mtpe):
    return DesignationFactory(
        entity=mtpe,
        role=Designation.Role.TITULAR,
        start=datetime.date(2014, 2, 1),
        resolution_date=datetime.date(2014, 1, 20),
        notified_on=datetime.date(2014, 1, 30),
    )
