"""factory_boy factories for the members registry, shared by every app's tests."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model

from members import models as m

START = datetime.date(2014, 1, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.gob.pe")
    first_name = factory.Faker("first_name", locale="es")
    last_name = factory.Faker("last_name", locale="es")
    password = factory.django.Password("clave-segura-123")


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Entity

    kind = m.EntityKind.MEMBER
    acronym = factory.Sequence(lambda n: f"ENT{n}")
    name = factory.LazyAttribute(lambda o: f"Entidad {o.acronym}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Membership

    entity = factory.SubFactory(EntityFactory)
    kind = factory.SelfAttribute("entity.kind")
    start = START


def member_entity(
    acronym: str | None = None,
    *,
    kind: str = m.EntityKind.MEMBER,
    start: datetime.date = START,
    end: datetime.date | None = None,
    **kwargs,
) -> m.Entity:
    """An entity with one membership period of ``kind`` starting on ``start``."""
    extra = {"acronym": acronym} if acronym else {}
    entity = EntityFactory(kind=kind, **extra, **kwargs)
    MembershipFactory(entity=entity, kind=kind, start=start, end=end)
    return entity


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Person

    first_name = factory.Faker("first_name", locale="es")
    last_name = factory.Faker("last_name", locale="es")
    email = factory.Sequence(lambda n: f"persona{n}@example.gob.pe")
    user = factory.SubFactory(UserFactory, email=factory.SelfAttribute("..email"))


class DesignationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Designation

    entity = factory.SubFactory(EntityFactory)
    person = factory.SubFactory(PersonFactory)
    role = m.Designation.Role.TITULAR
    resolution_number = factory.Sequence(lambda n: f"R.M. N° {n:04d}-2014")
    resolution_date = START
    notified_on = START
    start = START


class SecretariatAppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.SecretariatAppointment

    person = factory.SubFactory(PersonFactory)
    function = "Especialista"
    start = START


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.WorkingGroup

    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Grupo de prueba {n}")


class SubgroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Subgroup

    group = factory.SubFactory(WorkingGroupFactory)
    code = factory.Sequence(lambda n: f"9.{n}")
    name = factory.Sequence(lambda n: f"Subgrupo de prueba {n}")


class GroupCoordinatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.GroupCoordinator

    group = factory.SubFactory(WorkingGroupFactory)
    entity = factory.SubFactory(EntityFactory)
    start = START


class SubgroupLeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.SubgroupLead

    subgroup = factory.SubFactory(SubgroupFactory)
    entity = factory.SubFactory(EntityFactory)
    start = START


def secretariat_user(username: str = "st") -> object:
    """A user working in the Secretaría Técnica from START on."""
    return SecretariatAppointmentFactory(person__user__username=username).person.user


def representative_user(
    entity: m.Entity,
    *,
    role: str = m.Designation.Role.TITULAR,
    username: str | None = None,
    start: datetime.date = START,
) -> object:
    """A user designated ``role`` of ``entity`` from ``start``."""
    extra = {"person__user__username": username} if username else {}
    return DesignationFactory(entity=entity, role=role, start=start, **extra).person.user
