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


@pytest.fixture(autouse=True)
def _rule_registry(request):
    """Make sure the rule registry's reference rows exist.

    They come from data migrations; a transactional test (the browser test) flushes the tables when
    it ends, and with --reuse-db later tests would otherwise find the registry empty.
    """
    if "db" not in request.fixturenames and "transactional_db" not in request.fixturenames:
        marker = request.node.get_closest_marker("django_db")
        if marker is None:
            yield
            return
    request.getfixturevalue("transactional_db" if _is_transactional(request) else "db")
    from directives.models import Rule

    if not Rule.objects.filter(key="designation.one_titular_one_alternate").exists():
        _reload_rule_registry()
    from directives.rules import clear_cache

    clear_cache()
    yield


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))


def _reload_rule_registry() -> None:
    import importlib

    from django.apps import apps

    for module in [
        "directives.migrations.0002_reference_data",
        "directives.migrations.0004_reference_fixes",
        "members.migrations.0003_no_overlapping_periods",
    ]:
        try:
            migration = importlib.import_module(module)
        except ModuleNotFoundError:
            continue
        for name in ("load", "forwards", "add_rules", "apply"):
            function = getattr(migration, name, None)
            if callable(function):
                function(apps, None)
                break
