"""Load the Global Compact's reference data: objectives, thematic areas, guiding principles, SDG
target 10.7 and its indicators, the axes of the 2015 Lineamientos, each with its source.

The data is frozen here as it stood in ``compact/data/reference.toml`` when this migration was
written, so that a later change of that file or of ``compact.reference`` never changes what this
migration does (``manage.py load_compact_reference`` loads later corrections as new versions).
simple-history's signals do not run in migrations, so the first history version of each row is
written here by hand.
"""

from django.db import migrations
from django.utils import timezone

CHANGE_REASON = "compact/data/reference.toml"

DATA = {
    "sources": {
        "tesis-2022": "Tesis (2022) sobre el Pacto Mundial para la Migración Segura, Ordenada y Regular y la MTIGM",
        "res-73-195": "Resolución A/RES/73/195 de la Asamblea General de las Naciones Unidas (Pacto "
        "Mundial para la Migración Segura, Ordenada y Regular), citada en la tesis de "
        "2022",
        "lineamientos-2015": "Lineamientos Generales de la Política Migratoria del Perú (MTIGM, 24 de febrero de 2015)",
        "res-70-1": "Resolución A/RES/70/1 de la Asamblea General (Agenda 2030 para el Desarrollo "
        "Sostenible), citada en la tesis de 2022",
        "res-71-313": "Resolución A/RES/71/313 de la Asamblea General (marco de indicadores mundiales "
        "de los ODS) y su revisión de 2020 (E/CN.3/2020/2)",
    },
    "areas": [
        {
            "number": 1,
            "title": "Promoción de un discurso, políticas y planificación basados en hechos y datos",
            "objectives": [1, 3, 17, 23],
            "source": "tesis-2022",
            "locator": "Capítulo III, Tabla 8 (p. 105); sección «Área temática 1» (p. 107)",
        },
        {
            "number": 2,
            "title": "Protección de los derechos humanos, la seguridad y el bienestar de las personas "
            "migrantes, con atención a los factores de vulnerabilidad",
            "objectives": [2, 7, 8, 12, 13, 23],
            "source": "tesis-2022",
            "locator": "Capítulo III, Tabla 8 (p. 105); sección «Área temática 2» (p. 111)",
        },
        {
            "number": 3,
            "title": "Abordar la migración irregular, mediante la gestión de las fronteras y la lucha contra "
            "la delincuencia transnacional",
            "objectives": [9, 10, 11, 14, 21, 23],
            "source": "tesis-2022",
            "locator": "Capítulo III, Tabla 8 (p. 105); sección «Área temática 3» (p. 116)",
        },
        {
            "number": 4,
            "title": "Facilitar la migración regular, el trabajo decente, y potenciar los efectos positivos "
            "en el desarrollo",
            "objectives": [5, 6, 18, 19, 20, 23],
            "source": "tesis-2022",
            "locator": "Capítulo III, Tabla 8 (p. 105); sección «Área temática 4» (p. 121)",
        },
        {
            "number": 5,
            "title": "Mejorar la inclusión social y la integración",
            "objectives": [4, 15, 16, 22, 23],
            "source": "tesis-2022",
            "locator": "Capítulo III, Tabla 8 (p. 105); sección «Área temática 5» (p. 126)",
        },
    ],
    "objectives": [
        {
            "number": 1,
            "title": "Recopilar y utilizar datos exactos y desglosados para formular políticas con base empírica",
            "short_title": "Data e información",
            "source": "tesis-2022",
            "locator": "«Objetivos del PMM», Tabla 3 (p. 63)",
        },
        {
            "number": 2,
            "title": "Minimizar los factores adversos y estructurales que obligan a las personas a "
            "abandonar su país de origen",
            "short_title": "Minimizar factores adversos",
            "source": "tesis-2022",
            "locator": "«Objetivos del PMM», Tabla 3 (p. 63)",
        },
        {
            "number": 3,
            "title": "Proporcionar información exacta y oportuna en todas las etapas de la migración",
            "short_title": "Proporcionar información",
            "source": "tesis-2022",
            "locator": "«Objetivos del PMM», Tabla 3 (p. 63)",
        },
        {
            "number": 4,
            "title": "Velar por que todos los migrantes tengan pruebas de su identidad jurídica y "
            "documentación adecuada",
            "short_title": "Pruebas de su identidad y documentación",
            "source": "tesis-2022",
            "locator": "«Objetivos del PMM», Tabla 3 (p. 63)",
        },
        {
            "number": 5,
            "title": "Aumentar la disponibilidad y flexibilidad de las vías de migración regular",
            "short_title": "Vías de migración regular",
            "source": "tesis-2022",
            "locator": "«Objetivos del PMM», Tabla 3 (p. 63)",
        },
        {
            "number": 6,
            "title": "Facilitar la contratación equitativa y ética y salvaguardar las condiciones que "
            "garantizan el trabajo decente",
            "short_title": "Contratación equitativa y trabajo decente",
            "source": "tesis-2022",
            "locator": "«Objetivos del PMM», Tabla 3 (p. 63)",
        },
        {
            "number": 7,
            "title": "Abordar y reducir las vulnerabilidades en la migración",
            "short_title": "Reducir las vulnerabilidades",
            "source": "tesis-2022",
            "locator": "«Objetivos del PMM», Tabla 3 (p. 63)",
        },
        {
            "number": 8,
            "title": "Salvar vidas y emprender iniciativas internacionales coordinadas sobre los "
            "migrantes desaparecidos",
            "short_title": "Salvar vidas",
            "source": "tesis-2022",
            "locator": "«Objetivos del PMM», Tabla 3 (p. 63)",
        },
        {
            "number": 9,
            "title": "Reforzar la respuesta transnacional al tráfico ilícito de migrantes",
            "short_title": "Contrarrestar el tráfico ilícito de migrantes",
            "source": "tesis-2022",
            "locator": "«Objetivos del PMM», Tabla 3 (p. 63)",
        },
        {
            "number": 10,
            "title": "Prevenir, combatir y erradicar la trata de personas en el contexto de la migración internacional",
            "short_title": "Erradicar la trata de personas",
            "source": "tesis-2022",
            "locator": "«Objetivos del PMM», Tabla 3 (p. 63)",
        },
        {
            "number": 11,
            "title": "Gestionar las fronteras de manera integrada, segura y coordinada",
            "short_title": "Gestión de fronteras",
            "source": "tesis-2022",
            "locator": "«Objetivos del PMM», Tabla 3 (p. 63)",
        },
        {
            "number": 12,
            "title": "Aumentar la certidumbre y previsibilidad de los procedimientos migratorios para "
            "la adecuada verificación de antecedentes, evaluación y derivación",
            "short_title": "Detección y remisión",
            "source": "tesis-2022",
            "locator": "«Objetivos del PMM», Tabla 3 (p. 63)",
        },
        {
            "number": 13,
            "title": "Utilizar la detención de migrantes solo como último recurso y buscar otras alternativas",
            "short_title": "Alternativas a la detención",
            "source": "tesis-2022",
            "locator": "«Objetivos del PMM», Tabla 3 (p. 63)",
        },
        {
            "number": 14,
            "title": "Mejorar la protección, asistencia y cooperación consulares a lo largo de todo el "
            "ciclo migratorio",
            "short_title": "Protección y asistencia consular",
            "source": "tesis-2022",
            "locator": "«Objetivos del PMM», Tabla 3 (p. 63)",
        },
        {
            "number": 15,
            "title": "Proporcionar a los migrantes acceso a servicios básicos",
            "short_title": "Acceso a servicios básicos",
            "source": "tesis-2022",
            "locator": "«Objetivos del PMM», Tabla 3 (p. 63)",
        },
        {
            "number": 16,
            "title": "Empoderar a los migrantes y las sociedades para lograr la plena inclusión y la cohesión social",
            "short_title": "Inclusión y cohesión social",
            "source": "tesis-2022",
            "locator": "«Objetivos del PMM», Tabla 3 (p. 63)",
        },
        {
            "number": 17,
            "title": "Eliminar todas las formas de discriminación y promover un discurso público con "
            "base empírica para modificar las percepciones de la migración",
            "short_title": "Eliminar todas las formas de discriminación",
            "source": "tesis-2022",
            "locator": "«Objetivos del PMM», Tabla 3 (p. 63)",
        },
        {
            "number": 18,
            "title": "Invertir en el desarrollo de aptitudes y facilitar el reconocimiento mutuo de "
            "aptitudes, cualificaciones y competencias",
            "short_title": "Desarrollo y reconocimiento de aptitudes",
            "source": "tesis-2022",
            "locator": "«Objetivos del PMM», Tabla 3 (p. 63)",
        },
        {
            "number": 19,
            "title": "Crear las condiciones necesarias para que los migrantes y las diásporas puedan "
            "contribuir plenamente al desarrollo sostenible en todos los países",
            "short_title": "Contribución de migrantes y diásporas",
            "source": "tesis-2022",
            "locator": "«Objetivos del PMM», Tabla 3 (p. 63)",
        },
        {
            "number": 20,
            "title": "Promover transferencias de remesas más rápidas, seguras y económicas y fomentar "
            "la inclusión financiera de los migrantes",
            "short_title": "Transferencias de remesas",
            "source": "tesis-2022",
            "locator": "«Objetivos del PMM», Tabla 3 (p. 63)",
        },
        {
            "number": 21,
            "title": "Colaborar para facilitar el regreso y la readmisión en condiciones de seguridad y "
            "dignidad, así como la reintegración sostenible",
            "short_title": "Regreso y readmisión segura y digna",
            "source": "tesis-2022",
            "locator": "«Objetivos del PMM», Tabla 3 (p. 63)",
        },
        {
            "number": 22,
            "title": "Establecer mecanismos para la portabilidad de la seguridad social y las prestaciones adquiridas",
            "short_title": "Seguridad social",
            "source": "tesis-2022",
            "locator": "«Objetivos del PMM», Tabla 3 (p. 63)",
        },
        {
            "number": 23,
            "title": "Fortalecer la cooperación internacional y las alianzas mundiales para la "
            "migración segura, ordenada y regular",
            "short_title": "Cooperación internacional",
            "source": "tesis-2022",
            "locator": "«Objetivos del PMM», Tabla 3 (p. 63)",
        },
    ],
    "items": [
        {
            "kind": "principle",
            "code": "P1",
            "title": "Centrarse en las personas",
            "source": "tesis-2022",
            "locator": "Discusión de resultados, «Alineamiento del PMM y la PNM 2017-2025» (pp. 170-174); "
            "A/RES/73/195, párr. 15",
        },
        {
            "kind": "principle",
            "code": "P2",
            "title": "Cooperación internacional",
            "source": "tesis-2022",
            "locator": "Discusión de resultados, «Alineamiento del PMM y la PNM 2017-2025» (pp. 170-174); "
            "A/RES/73/195, párr. 15",
        },
        {
            "kind": "principle",
            "code": "P3",
            "title": "Soberanía nacional",
            "source": "tesis-2022",
            "locator": "Discusión de resultados, «Alineamiento del PMM y la PNM 2017-2025» (pp. 170-174); "
            "A/RES/73/195, párr. 15",
        },
        {
            "kind": "principle",
            "code": "P4",
            "title": "Estado de derecho y garantías procesales",
            "source": "tesis-2022",
            "locator": "Discusión de resultados, «Alineamiento del PMM y la PNM 2017-2025» (pp. 170-174); "
            "A/RES/73/195, párr. 15",
        },
        {
            "kind": "principle",
            "code": "P5",
            "title": "Desarrollo sostenible",
            "source": "tesis-2022",
            "locator": "Discusión de resultados, «Alineamiento del PMM y la PNM 2017-2025» (pp. 170-174); "
            "A/RES/73/195, párr. 15",
        },
        {
            "kind": "principle",
            "code": "P6",
            "title": "Derechos humanos",
            "source": "tesis-2022",
            "locator": "Discusión de resultados, «Alineamiento del PMM y la PNM 2017-2025» (pp. 170-174); "
            "A/RES/73/195, párr. 15",
        },
        {
            "kind": "principle",
            "code": "P7",
            "title": "Perspectiva de género",
            "source": "tesis-2022",
            "locator": "Discusión de resultados, «Alineamiento del PMM y la PNM 2017-2025» (pp. 170-174); "
            "A/RES/73/195, párr. 15",
        },
        {
            "kind": "principle",
            "code": "P8",
            "title": "Perspectiva infantil",
            "source": "tesis-2022",
            "locator": "Discusión de resultados, «Alineamiento del PMM y la PNM 2017-2025» (pp. 170-174); "
            "A/RES/73/195, párr. 15",
        },
        {
            "kind": "principle",
            "code": "P9",
            "title": "Enfoque pangubernamental",
            "source": "tesis-2022",
            "locator": "Discusión de resultados, «Alineamiento del PMM y la PNM 2017-2025» (pp. 170-174); "
            "A/RES/73/195, párr. 15",
        },
        {
            "kind": "principle",
            "code": "P10",
            "title": "Enfoque pansocial",
            "source": "tesis-2022",
            "locator": "Discusión de resultados, «Alineamiento del PMM y la PNM 2017-2025» (pp. 170-174); "
            "A/RES/73/195, párr. 15",
        },
        {
            "kind": "sdg_target",
            "code": "10.7",
            "title": "Facilitar la migración y la movilidad ordenadas, seguras, regulares y responsables de "
            "las personas, incluso mediante la aplicación de políticas migratorias planificadas y "
            "bien gestionadas",
            "source": "res-70-1",
            "locator": "Objetivo de Desarrollo Sostenible 10, meta 10.7; citada en la tesis de 2022, «Agenda "
            "2030» (p. 188) y Tabla 24 (p. 190)",
        },
        {
            "kind": "sdg_indicator",
            "code": "10.7.1",
            "title": "Costo de la contratación sufragado por el empleado en proporción a los ingresos "
            "anuales percibidos en el país de destino",
            "source": "res-71-313",
            "locator": "Anexo, meta 10.7, indicador 10.7.1",
        },
        {
            "kind": "sdg_indicator",
            "code": "10.7.2",
            "title": "Número de países que han aplicado políticas migratorias bien gestionadas",
            "source": "res-71-313",
            "locator": "Anexo, meta 10.7, indicador 10.7.2",
        },
        {
            "kind": "sdg_indicator",
            "code": "10.7.3",
            "title": "Número de personas que murieron o desaparecieron en el proceso de migración hacia un "
            "destino internacional",
            "source": "res-71-313",
            "locator": "Revisión exhaustiva de 2020 (E/CN.3/2020/2), indicador 10.7.3",
        },
        {
            "kind": "sdg_indicator",
            "code": "10.7.4",
            "title": "Proporción de la población integrada por refugiados, desglosada por país de origen",
            "source": "res-71-313",
            "locator": "Revisión exhaustiva de 2020 (E/CN.3/2020/2), indicador 10.7.4",
        },
        {
            "kind": "policy_axis",
            "code": "L1",
            "title": "Garantizar el respeto de los derechos humanos de las y los migrantes y sus familiares "
            "de forma efectiva e integral, independientemente de su condición migratoria; así como "
            "promover su inclusión en las sociedades de acogida",
            "source": "lineamientos-2015",
            "locator": "IV. Propuesta de lineamientos generales, lineamiento 1 (p. 3)",
        },
        {
            "kind": "policy_axis",
            "code": "L2",
            "title": "Establecer un sistema eficiente y moderno de gestión migratoria",
            "source": "lineamientos-2015",
            "locator": "IV. Propuesta de lineamientos generales, lineamiento 2 (p. 4)",
        },
        {
            "kind": "policy_axis",
            "code": "L3",
            "title": "Maximizar la repercusión de los procesos migratorios en el desarrollo de las y los "
            "migrantes y de las sociedades de envío y recepción desde una perspectiva integral",
            "source": "lineamientos-2015",
            "locator": "IV. Propuesta de lineamientos generales, lineamiento 3 (p. 4)",
        },
        {
            "kind": "policy_axis",
            "code": "L4",
            "title": "Posicionamiento de la migración y movilidad internacional como elemento sustancial de "
            "los procesos de integración regional (CAN, Alianza del Pacífico, MERCOSUR, UNASUR)",
            "source": "lineamientos-2015",
            "locator": "IV. Propuesta de lineamientos generales, lineamiento 4 (p. 5)",
        },
        {
            "kind": "policy_axis",
            "code": "L5",
            "title": "Garantizar la seguridad migratoria y fomentar procesos de movilidad/circulación entre "
            "Estados en forma ordenada y segura",
            "source": "lineamientos-2015",
            "locator": "IV. Propuesta de lineamientos generales, lineamiento 5 (p. 5)",
        },
        {
            "kind": "policy_axis",
            "code": "L6",
            "title": "Impulso de una política integral e integrada de gestión de fronteras",
            "source": "lineamientos-2015",
            "locator": "IV. Propuesta de lineamientos generales, lineamiento 6 (p. 6)",
        },
        {
            "kind": "policy_axis",
            "code": "L7",
            "title": "Posicionamiento del Perú como país promotor de un diálogo integral y comprehensivo en "
            "materia de migraciones a nivel mundial",
            "source": "lineamientos-2015",
            "locator": "IV. Propuesta de lineamientos generales, lineamiento 7 (p. 6)",
        },
    ],
}


def _source(item):
    return {"source_document": DATA["sources"][item["source"]], "source_locator": item["locator"]}


def _create(apps, name, values):
    model = apps.get_model("compact", name)
    obj = model.objects.create(**values)
    historical = apps.get_model("compact", f"Historical{name}")
    row = {field.attname: getattr(obj, field.attname) for field in model._meta.concrete_fields}
    historical.objects.create(**row, history_date=timezone.now(), history_type="+", history_change_reason=CHANGE_REASON)
    return obj


def load(apps, schema_editor):
    areas = {}
    for item in DATA["areas"]:
        areas[item["number"]] = _create(
            apps, "ThematicArea", {"number": item["number"], "title": item["title"], **_source(item)}
        )
    for item in DATA["objectives"]:
        objective = _create(
            apps,
            "Objective",
            {
                "number": item["number"],
                "title": item["title"],
                "short_title": item["short_title"],
                **_source(item),
            },
        )
        objective.areas.set([areas[area["number"]] for area in DATA["areas"] if objective.number in area["objectives"]])
    positions = {}
    for item in DATA["items"]:
        positions[item["kind"]] = positions.get(item["kind"], 0) + 1
        _create(
            apps,
            "ReferenceItem",
            {
                "kind": item["kind"],
                "code": item["code"],
                "position": positions[item["kind"]],
                "title": item["title"],
                **_source(item),
            },
        )


def unload(apps, schema_editor):
    for name in ("ReferenceItem", "Objective", "ThematicArea"):
        apps.get_model("compact", name).objects.all().delete()
        apps.get_model("compact", f"Historical{name}").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("compact", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
