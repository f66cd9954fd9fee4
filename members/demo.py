"""Demo people, users and designations (``manage.py load_demo`` runs this first; idempotent).

The people are fictional; the entities are the real reference composition (loaded here too, so
the demo works on its own). Every demo user logs in with the password ``demo-mtigm`` and holds a
designation in office today, so each role of the product can be tried.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import reference
from .models import (
    ApiClient,
    ApprovingBody,
    Designation,
    Entity,
    EntityKind,
    Membership,
    Person,
    SecretariatAppointment,
    Subgroup,
    SubgroupLead,
    SubgroupMembership,
    WorkingGroup,
)

D = datetime.date
PASSWORD = "demo-mtigm"  # noqa: S105 - documented demo password, shown by the run command.

# username, first name, last name, position, entity acronym, role, start, resolution, resolution date, notified
DEMO_REPRESENTATIVES = [
    (
        "presidencia",
        "Rosa María",
        "Valdivia Quispe",
        "Directora General de Comunidades Peruanas en el Exterior y Asuntos Consulares",
        "RREE",
        Designation.Role.TITULAR,
        D(2025, 2, 3),
        "R.M. N° 0091-2025-RE",
        D(2025, 1, 27),
        D(2025, 2, 3),
    ),
    (
        "miembro",
        "Jorge Luis",
        "Paredes Huamán",
        "Director de Migración Laboral",
        "MTPE",
        Designation.Role.TITULAR,
        D(2025, 3, 1),
        "R.M. N° 045-2025-TR",
        D(2025, 2, 20),
        D(2025, 3, 20),  # Notified 28 days after the resolution: shows the Art. 7.5 warning.
    ),
    (
        "alterno",
        "Lucía",
        "Ramírez Soto",
        "Especialista en Migración Laboral",
        "MTPE",
        Designation.Role.ALTERNATE,
        D(2025, 3, 1),
        "R.M. N° 045-2025-TR",
        D(2025, 2, 20),
        D(2025, 2, 27),
    ),
    (
        "observador",
        "Ana Cecilia",
        "Flores Medina",
        "Adjunta para los Derechos Humanos y las Personas con Discapacidad",
        "DP",
        Designation.Role.TITULAR,
        D(2024, 8, 1),
        "Resolución Defensorial N° 012-2024/DP",
        D(2024, 7, 25),
        D(2024, 8, 1),
    ),
    (
        "sociedadcivil",
        "Miguel Ángel",
        "Castro Rojas",
        "Director del Instituto de Migraciones",
        "UCSS",
        Designation.Role.TITULAR,
        D(2024, 4, 15),
        "Carta N° 031-2024-UCSS",
        D(2024, 4, 8),
        D(2024, 4, 15),
    ),
    (
        "coordinador",
        "Patricia",
        "Salazar Núñez",
        "Gerente de Servicios Migratorios",
        "MIGRACIONES",
        Designation.Role.TITULAR,
        D(2024, 10, 1),
        "Resolución de Superintendencia N° 000210-2024-MIGRACIONES",
        D(2024, 9, 24),
        D(2024, 10, 1),
    ),
    (
        "responsable",
        "Raúl",
        "Gutiérrez León",
        "Director General de Seguridad Democrática",
        "MININTER",
        Designation.Role.TITULAR,
        D(2025, 1, 10),
        "R.M. N° 0030-2025-IN",
        D(2025, 1, 6),
        D(2025, 1, 10),
    ),
]

# A titular who was replaced, so that designation history shows (Art. 7.6).
FORMER_MTPE_TITULAR = (
    "Hernán",
    "Vega Cárdenas",
    "Director de Migración Laboral (hasta febrero de 2025)",
    D(2019, 6, 3),
    "R.M. N° 112-2019-TR",
    D(2019, 5, 27),
    D(2019, 6, 3),
)

# Subgroup 4.1 of the 2015 plan (Anexo IX); its first product is the implementation of
# international migration agreements. The workplans loader reuses the row by (group, code).
SUBGROUP_4_1 = ("4.1", "Fortalecimiento de la implementación de convenios internacionales en materia migratoria")
PLAN_2015_APPROVED = D(2015, 1, 15)


def demo_user(username: str, first_name: str, last_name: str, email: str) -> Any:
    user, _created = get_user_model().objects.get_or_create(username=username)
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.is_active = True
    # Setting the same password again would count as a change (every API token revoked, a line in
    # the security log) each time the demo is loaded.
    if not user.has_usable_password() or not user.check_password(PASSWORD):
        user.set_password(PASSWORD)
    user.save()
    return user


def demo_person(user: Any, first_name: str, last_name: str, position: str, email: str) -> Person:
    person = Person.objects.filter(user=user).first() or Person(user=user)
    person.first_name, person.last_name, person.position, person.email = first_name, last_name, position, email
    person.save()
    return person


def _designation(entity: Entity, person: Person, role: str, start: datetime.date, number: str, resolved, notified):
    designation = Designation.objects.filter(entity=entity, role=role, person=person).first()
    if designation is None:
        designation = Designation(entity=entity, role=role, person=person)
    designation.start = start
    designation.resolution_number = number
    designation.resolution_date = resolved
    designation.notified_on = notified
    designation.save()
    return designation


def load(stdout: Any = None) -> None:
    with transaction.atomic():
        reference.load(stdout)
        _load()
    if stdout is not None:
        stdout.write("members: usuarios de demostración listos (contraseña «demo-mtigm»).")


def _load() -> None:
    st_user = demo_user("st", "Carmen", "Ortiz Delgado", "st.demo@rree.gob.pe")
    st_person = demo_person(st_user, "Carmen", "Ortiz Delgado", "Secretaria Técnica de la MTIGM", "st.demo@rree.gob.pe")
    SecretariatAppointment.objects.get_or_create(
        person=st_person, defaults={"function": "Secretaria Técnica", "start": D(2024, 1, 2)}
    )

    mtpe = Entity.objects.get(acronym="MTPE")
    first, last, position, start, number, resolved, notified = FORMER_MTPE_TITULAR
    former = Person.objects.filter(first_name=first, last_name=last).first() or Person(first_name=first, last_name=last)
    former.position = position
    former.save()
    replaced = Designation.objects.filter(entity=mtpe, role=Designation.Role.TITULAR, person=former).first()
    if replaced is None:
        replaced = Designation(entity=mtpe, role=Designation.Role.TITULAR, person=former)
    replaced.start, replaced.resolution_number, replaced.resolution_date, replaced.notified_on = (
        start,
        number,
        resolved,
        notified,
    )
    replaced.end = D(2025, 2, 28)
    replaced.save()

    created = {}
    for username, first, last, position, acronym, role, start, number, resolved, notified in DEMO_REPRESENTATIVES:
        email = f"{username}.demo@example.gob.pe"
        user = demo_user(username, first, last, email)
        person = demo_person(user, first, last, position, email)
        created[username] = _designation(
            Entity.objects.get(acronym=acronym), person, role, start, number, resolved, notified
        )
    replaced.replaced_by = created["miembro"]
    replaced.save()

    group4 = WorkingGroup.objects.get(number=4)
    code, theme = SUBGROUP_4_1
    subgroup, _ = Subgroup.objects.get_or_create(
        group=group4,
        code=code,
        defaults={"name": theme, "created_on": PLAN_2015_APPROVED, "created_by": "Pleno — Plan de Trabajo 2015"},
    )
    mininter = Entity.objects.get(acronym="MININTER")
    if not SubgroupLead.objects.filter(subgroup=subgroup, end__isnull=True).exists():
        SubgroupLead.objects.create(
            subgroup=subgroup,
            entity=mininter,
            approved_by=ApprovingBody.GROUP,
            approved_on=PLAN_2015_APPROVED,
            approval_reference="Grupo de Trabajo 4 — Plan de Trabajo 2015",
            start=PLAN_2015_APPROVED,
        )
    if not SubgroupMembership.objects.filter(subgroup=subgroup, entity=mininter, end__isnull=True).exists():
        SubgroupMembership.objects.create(subgroup=subgroup, entity=mininter, start=PLAN_2015_APPROVED)

    _load_room_representatives()

    # The API client asks for its own token (POST /api/v1/auth/token/): tokens are stored hashed,
    # so the demo could not print one it made.
    api_user = demo_user("apicliente", "Portal", "Perú Contigo", "portal.demo@example.gob.pe")
    ApiClient.objects.update_or_create(
        user=api_user, defaults={"name": "Portal Perú Contigo (demostración)", "active": True}
    )


# Fictional names for the representatives of the room: every member and observer entity gets a
# titular and an alternate with a login, so that a whole plenary (quorum, votes, signatures) can be
# rehearsed without typing designations first.
ROOM_FIRST_NAMES = [
    "Alberto",
    "Beatriz",
    "Carlos",
    "Diana",
    "Eduardo",
    "Fiorella",
    "Gonzalo",
    "Hilda",
    "Iván",
    "Julia",
    "Kevin",
    "Liliana",
    "Martín",
    "Natalia",
    "Óscar",
    "Paola",
    "Renato",
    "Sofía",
    "Teodoro",
    "Úrsula",
    "Víctor",
    "Wendy",
    "Ximena",
    "Yolanda",
    "Zacarías",
]
ROOM_LAST_NAMES = [
    "Aguilar",
    "Benavides",
    "Cárdenas",
    "Delgado",
    "Espinoza",
    "Fernández",
    "García",
    "Herrera",
    "Ibáñez",
    "Jiménez",
    "Lozano",
    "Mendoza",
    "Navarro",
    "Olivares",
    "Palacios",
    "Quiroz",
    "Reyes",
    "Sánchez",
    "Torres",
    "Urbina",
    "Vargas",
    "Zapata",
]
ROOM_DESIGNATED_ON = D(2025, 1, 15)


def room_username(acronym: str, role: str) -> str:
    """``mtpe.titular``, ``mtpe.alterno``: one login per representative, named after the entity."""
    slug = "".join(ch for ch in acronym.lower() if ch.isalnum())
    return f"{slug}.{'titular' if role == Designation.Role.TITULAR else 'alterno'}"


def _load_room_representatives() -> None:
    today = timezone.localdate()
    entities = Entity.objects.filter(
        pk__in=Membership.objects.on(today)
        .filter(kind__in=[EntityKind.MEMBER, EntityKind.OBSERVER])
        .values("entity_id")
    ).order_by("acronym")
    in_office = set(Designation.objects.on(today).values_list("entity_id", "role"))
    for index, entity in enumerate(entities):
        for offset, role in enumerate((Designation.Role.TITULAR, Designation.Role.ALTERNATE)):
            if (entity.pk, role) in in_office:
                continue
            first = ROOM_FIRST_NAMES[(2 * index + offset) % len(ROOM_FIRST_NAMES)]
            last = " ".join(ROOM_LAST_NAMES[(3 * index + offset + k) % len(ROOM_LAST_NAMES)] for k in (0, 7))
            username = room_username(entity.acronym, role)
            email = f"{username}.demo@example.gob.pe"
            user = demo_user(username, first, last, email)
            label = "titular" if role == Designation.Role.TITULAR else "alterno(a)"
            person = demo_person(user, first, last, f"Representante {label} de {entity.acronym} ante la MTIGM", email)
            _designation(
                entity,
                person,
                role,
                ROOM_DESIGNATED_ON,
                f"Oficio N° {index + 1:03d}-2025-{entity.acronym}",
                ROOM_DESIGNATED_ON - datetime.timedelta(days=5),
                ROOM_DESIGNATED_ON,
            )
