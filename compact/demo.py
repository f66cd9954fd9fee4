"""Demo of the Global Compact follow-up (idempotent): focal points of several entities and CSOs,
and the national consultation for the Informe País 2025 with contributions in every state.

The consultation invites the entities of the demo users (RREE "presidencia", MTPE "miembro" and
"alterno", DP "observador", UCSS "sociedadcivil", MIGRACIONES "coordinador", MININTER
"responsable") and a few more, so each of them can walk the flow: write, submit, see it returned
by the ST ("st"), resubmit, and the ST accept it. Contents are illustrative: they paraphrase the
kind of actions the 2022 thesis lists per objective (Capítulo III), not an actual Informe País.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from members.demo import demo_person, demo_user
from members.models import Entity

from . import reference
from .models import (
    Consultation,
    Contribution,
    ContributionDocument,
    FocalPoint,
    Indicator,
    IndicatorValue,
    Objective,
    ReferenceItem,
    ThematicArea,
)

TITLE = "Consulta nacional para el Informe País 2025"
INVITED = ["RREE", "MTPE", "MIGRACIONES", "MININTER", "DP", "UCSS", "CAJ", "CEPAS", "INEI", "MINSA", "MIMP", "OIM"]

# INEI's focal point has a login (FOCAL_POINT_USER) and no designation.
FOCAL_POINT_ENTITY = "INEI"
FOCAL_POINT_USER = "puntofocal"

# entity, objective (or None), area (or None), name, position
FOCAL_POINTS = [
    ("RREE", 14, None, "Carmen Rosa Tello Arias", "Directora de Protección y Asistencia al Nacional"),
    ("RREE", 23, None, "Miguel Ángel Cárdenas Ríos", "Consejero, Dirección de Política Migratoria"),
    ("MTPE", 6, None, "Ana Lucía Gamarra Ponce", "Especialista de la Dirección de Migración Laboral"),
    ("MTPE", 18, None, "Ana Lucía Gamarra Ponce", "Especialista de la Dirección de Migración Laboral"),
    ("MIGRACIONES", 4, None, "Raúl Enrique Salas Mendoza", "Gerente de Servicios Migratorios"),
    ("MIGRACIONES", None, 3, "Patricia Núñez Villar", "Subgerente de Control Migratorio"),
    ("MININTER", 10, None, "Óscar Quispe Layme", "Director contra la Trata de Personas y el Tráfico Ilícito"),
    ("INEI", 1, None, "Teresa Huamán Rojas", "Directora Técnica de Demografía"),
    ("MINSA", 15, None, "Julio César Pinto Lara", "Coordinador de Salud de Personas Migrantes"),
    ("DP", 7, None, "Elena Vargas Cáceres", "Adjunta para los Derechos Humanos"),
    ("UCSS", 16, None, "María del Pilar Ortiz León", "Coordinadora del Observatorio de Movilidad Humana"),
    ("CAJ", None, 2, "Luis Fernando Rivas Soto", "Coordinador del área de Migración y Derechos"),
]

# entity, objective, criterion, title, description, results, challenges, state, observations
CONTRIBUTIONS = [
    (
        "MTPE",
        6,
        "norm",
        "Lineamientos para la contratación de trabajadores extranjeros",
        "Actualización de los procedimientos de aprobación de contratos de personal extranjero en línea.",
        "Trámite virtual disponible en todas las regiones; reducción del plazo de atención.",
        "Difusión limitada entre empleadores de regiones.",
        "accepted",
        "",
    ),
    (
        "MTPE",
        18,
        "service",
        "Certificación de competencias laborales para migrantes",
        "Evaluación y certificación de competencias de personas migrantes en oficios priorizados.",
        "",
        "",
        "draft",
        "",
    ),
    (
        "MIGRACIONES",
        4,
        "service",
        "Emisión del carné de permiso temporal de permanencia",
        "Regularización migratoria de personas extranjeras con emisión del carné y registro biométrico.",
        "Cientos de miles de carnés emitidos en el periodo.",
        "Capacidad de atención en las oficinas descentralizadas.",
        "accepted",
        "",
    ),
    (
        "MIGRACIONES",
        11,
        "good_practice",
        "Control migratorio integrado en los CEBAF",
        "Control yuxtapuesto con los países vecinos en los Centros Binacionales de Atención en Frontera.",
        "Menores tiempos de control en los pasos de frontera norte y sur.",
        "Interoperabilidad de sistemas con los países vecinos.",
        "submitted",
        "",
    ),
    (
        "INEI",
        1,
        "statistic",
        "Encuesta dirigida a la población venezolana que reside en el país (ENPOVE)",
        "Encuesta por muestreo con resultados desagregados por sexo, edad y región.",
        "Publicación de resultados y bases de datos abiertas.",
        "Financiamiento de nuevas rondas de la encuesta.",
        "accepted",
        "",
    ),
    (
        "DP",
        7,
        "event",
        "Supervisión de la atención a personas migrantes en situación de vulnerabilidad",
        "Visitas de supervisión a puestos de control y albergues.",
        "Informe con recomendaciones a las entidades.",
        "",
        "returned",
        "Precise el periodo y el número de supervisiones realizadas.",
    ),
    (
        "UCSS",
        16,
        "good_practice",
        "Observatorio de movilidad humana",
        "Investigación aplicada y formación de agentes pastorales y funcionarios en inclusión de migrantes.",
        "Cursos de formación y publicaciones de libre acceso.",
        "Sostenibilidad del financiamiento.",
        "accepted",
        "",
    ),
    (
        "CAJ",
        15,
        "other",
        "Orientación jurídica gratuita a personas migrantes",
        "Consultorio jurídico para el acceso a servicios de salud y educación.",
        "Personas orientadas durante el periodo.",
        "Desconocimiento de los derechos por parte de los operadores de servicios.",
        "submitted",
        "",
    ),
]


def _email(acronym: str, index: int) -> str:
    return f"puntofocal{index}.{acronym.lower()}@example.gob.pe"


def _focal_point_person(name: str, position: str, email: str) -> Any:
    """The demo's focal point with a login who is no entity's designated representative (user
    ``puntofocal``): they file their entity's contributions through the focal point role alone."""
    first_name, last_name = name.split(" ", 1)
    user = demo_user(FOCAL_POINT_USER, first_name, last_name, email)
    return demo_person(user, first_name, last_name, position, email)


def _focal_points(entities: dict[str, Entity], start: datetime.date) -> int:
    objectives = {o.number: o for o in Objective.objects.all()}
    areas = {a.number: a for a in ThematicArea.objects.all()}
    created = 0
    for index, (acronym, objective, area, name, position) in enumerate(FOCAL_POINTS, start=1):
        entity = entities.get(acronym)
        if entity is None:
            continue
        point, did = FocalPoint.objects.get_or_create(
            entity=entity,
            objective=objectives.get(objective) if objective else None,
            area=areas.get(area) if area else None,
            name=name,
            defaults={
                "position": position,
                "email": _email(acronym, index),
                "phone": f"+51 1 204 {2400 + index:04d}",
                "start": start,
            },
        )
        created += did
        if acronym == FOCAL_POINT_ENTITY and point.person_id is None:
            point.person = _focal_point_person(name, position, point.email)
            point.save(update_fields=["person"])
    return created


def _consultation(entities: dict[str, Entity], today: datetime.date) -> Consultation:
    consultation = Consultation.objects.filter(title=TITLE).first()
    if consultation is None:
        consultation = Consultation.objects.create(
            title=TITLE,
            period_start=datetime.date(2024, 1, 1),
            period_end=datetime.date(2025, 12, 31),
            deadline=max(datetime.date(2025, 12, 15), today + datetime.timedelta(days=14)),
            state=Consultation.State.OPEN,
            opened_at=timezone.now(),
        )
        consultation.objectives.set(Objective.objects.all())
        consultation.invited.set([entities[a] for a in INVITED if a in entities])
    return consultation


def _contributions(consultation: Consultation, entities: dict[str, Entity]) -> int:
    objectives = {o.number: o for o in Objective.objects.all()}
    created = 0
    now = timezone.now()
    for acronym, objective, criterion, title, description, results, challenges, state, observations in CONTRIBUTIONS:
        entity = entities.get(acronym)
        if entity is None:
            continue
        _contribution, did = Contribution.objects.get_or_create(
            consultation=consultation,
            entity=entity,
            title=title,
            defaults={
                "objective": objectives[objective],
                "criterion": criterion,
                "description": description,
                "period": "2024–2025",
                "results": results,
                "difficulties_challenges": challenges,
                "state": state,
                "observations": observations,
                "submitted_at": now if state != "draft" else None,
                "reviewed_at": now if state in ("accepted", "returned") else None,
            },
        )
        created += did
    return created


def _evidence(consultation: Consultation, entities: dict[str, Entity]) -> None:
    """A PDF behind MTPE's accepted contribution (a stand-in: the demo has no real norm's text)."""
    contribution = Contribution.objects.filter(
        consultation=consultation, entity=entities.get("MTPE"), state=Contribution.State.ACCEPTED
    ).first()
    if contribution is None or contribution.documents.exists():
        return
    document = ContributionDocument(contribution=contribution, title="Resolución ministerial (texto de demostración)")
    document.file.save("resolucion-demo.pdf", ContentFile(b"%PDF-1.4\n% documento de demostracion\n"), save=True)


@transaction.atomic
def load(stdout: Any = None) -> None:
    reference.load()
    entities = {e.acronym.upper(): e for e in Entity.objects.filter(acronym__in=[*INVITED, "CAJ"])}
    if not entities:
        if stdout is not None:
            stdout.write("  compact: no entities (load_reference first); skipped")
        return
    today = timezone.localdate()
    points = _focal_points(entities, datetime.date(2025, 3, 1))
    consultation = _consultation(entities, today)
    contributions = _contributions(consultation, entities)
    _evidence(consultation, entities)
    values = _indicators(entities)
    if stdout is not None:
        stdout.write(f"  compact: {values} valores de indicadores nuevos")
        stdout.write(
            f"  compact: {points} puntos focales y {contributions} aportes nuevos; consulta «{consultation.title}»"
        )


# Indicators: name, code, objective, SDG code, unit, baseline (value, year), target (value, year),
# source, disaggregation, responsible entity, values by year (value, state). Figures are
# illustrative, not official statistics.
INDICATORS = [
    (
        "Número de calidades migratorias humanitarias otorgadas",
        "PMM-7.1",
        7,
        "10.7.2",
        "calidades migratorias",
        (1200, 2020),
        (6000, 2026),
        "Superintendencia Nacional de Migraciones, registros administrativos",
        ["sex", "nationality"],
        "MIGRACIONES",
        [(2021, 1850, "validated"), (2022, 2740, "validated"), (2023, 3920, "validated"), (2024, 4580, "validated")],
    ),
    (
        "Peruanos retornados atendidos",
        "PMM-21.1",
        21,
        None,
        "personas",
        (3100, 2021),
        (8000, 2026),
        "Ministerio de Relaciones Exteriores, Oficinas de Atención al Retornante",
        ["sex", "age_group"],
        "RREE",
        [(2022, 4250, "validated"), (2023, 5120, "validated"), (2024, 5630, "returned")],
    ),
    (
        "Inspecciones laborales a centros de trabajo con trabajadores extranjeros",
        "PMM-6.1",
        6,
        "10.7.1",
        "inspecciones",
        (410, 2021),
        (900, 2026),
        "Superintendencia Nacional de Fiscalización Laboral, sistema de inspecciones",
        ["nationality"],
        "MTPE",
        [(2022, 530, "validated"), (2023, 615, "validated"), (2024, 702, "submitted")],
    ),
]


def _indicators(entities: dict[str, Entity]) -> int:
    """Three indicators with several years of values (validated, one submitted, one returned); the
    submitted value carries an evidence document."""
    objectives = {o.number: o for o in Objective.objects.all()}
    sdg = {i.code: i for i in ReferenceItem.objects.filter(kind=ReferenceItem.Kind.SDG_INDICATOR)}
    now = timezone.now()
    created = 0
    for name, code, objective, sdg_code, unit, base, target, source, split, acronym, values in INDICATORS:
        entity = entities.get(acronym)
        if entity is None:
            continue
        indicator, _did = Indicator.objects.get_or_create(
            name=name,
            responsible_entity=entity,
            defaults={
                "code": code,
                "objective": objectives.get(objective),
                "sdg_indicator": sdg.get(sdg_code) if sdg_code else None,
                "unit": unit,
                "baseline_value": Decimal(base[0]),
                "baseline_year": base[1],
                "target_value": Decimal(target[0]),
                "target_year": target[1],
                "source": source,
                "disaggregation": split,
                "description": "Indicador de demostración: las cifras son ilustrativas.",
            },
        )
        for year, amount, state in values:
            value, did = IndicatorValue.objects.get_or_create(
                indicator=indicator,
                year=year,
                defaults={
                    "value": Decimal(amount),
                    "state": state,
                    "disaggregated": {"sex": {"mujeres": amount // 2, "hombres": amount - amount // 2}}
                    if "sex" in split
                    else {},
                    "submitted_at": now,
                    "validated_at": now if state == "validated" else None,
                    "observations": "Adjunte el reporte del sistema que sustenta la cifra."
                    if state == "returned"
                    else "",
                },
            )
            created += did
            if state == "submitted" and not value.evidence:
                value.evidence.save(
                    "reporte-demo.pdf", ContentFile(b"%PDF-1.4\n% reporte de demostracion\n"), save=True
                )
    return created


def informe_document() -> Any:
    """The demo consultation's Informe País as files, rendered in place (the task function called
    directly, no worker needed); an existing finished one is left alone."""
    from django.contrib.auth import get_user_model

    from .models import InformeDocument
    from .tasks import render_informe_document

    consultation = Consultation.objects.filter(title=TITLE).first()
    if consultation is None:
        return None
    done = InformeDocument.objects.filter(consultation=consultation, status=InformeDocument.Status.DONE).first()
    if done is not None:
        return done
    document = InformeDocument.objects.create(
        consultation=consultation, requested_by=get_user_model().objects.filter(username="st").first()
    )
    render_informe_document(document.pk)
    document.refresh_from_db()
    return document
