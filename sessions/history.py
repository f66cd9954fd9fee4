"""The commission's real sessions of 2012-2015 with their agendas.

Transcribed from the 2015 book on the MTIGM (shared/seeds/000_*.txt, Section II.6, the tables of
sessions by year). Dates follow the book's chronology (DOMAIN.md §5); where the book gives
another date elsewhere (XXIV: "23 de enero de 2015" on the 2015 plan) the table's date is kept.
The called hour and place are not in the source: the demo records 10:00 at the Cancillería and
says so in the session's note.
"""

from typing import TypedDict


class HistoricalSession(TypedDict):
    """One row of the record: [(item title, sub-items)], (year, month, day), number, series."""

    agenda: list[tuple[str, str]]
    date: tuple[int, int, int]
    number: int
    series: str


# (year, month, day), series, number, [(item title, sub-items)]
HISTORY: list[HistoricalSession] = [
    {
        "agenda": [
            ("Actualización por parte de los Miembros de la MTIGM.", ""),
            (
                "Aprobación y suscripción del Acta del II Taller de Planificación de la MTIGM y validación de los "
                "respectivos resultados.",
                "",
            ),
            ("Presentación del Plan de Acción de la MTIGM.", ""),
        ],
        "date": (2012, 5, 16),
        "number": 9,
        "series": "ordinary",
    },
    {
        "agenda": [
            ("Estado de la firma del Acta de Compromiso del Taller de la MTIGM y de su adenda.", ""),
            (
                "Reunión de la MTIGM con la delegación de la Unión Europea en el Perú. Temas a tratar:",
                "- Nuevas iniciativas legales, institucionales o políticas en materia migratoria.\n"
                "- Instrumentos de cooperación y asistencia técnica.\n"
                "- Presentación de las novedades en materia de Diálogo Político.",
            ),
        ],
        "date": (2012, 8, 13),
        "number": 10,
        "series": "ordinary",
    },
    {
        "agenda": [
            (
                "Videoconferencia: “Balance y Perspectivas de la Mesa de Trabajo Intersectorial para la Gestión "
                "Migratoria (MTIGM)”: Embajador Marco Núñez-Melgar Maguña, Cónsul General del Perú en Buenos Aires, "
                "República Argentina.",
                "",
            ),
            (
                "Intervenciones de los Delegados ante la MTIGM sobre el estado de los programas en el contexto de "
                "los Grupos de Trabajo de la Mesa Intersectorial.",
                "",
            ),
        ],
        "date": (2013, 1, 16),
        "number": 11,
        "series": "ordinary",
    },
    {
        "agenda": [
            (
                "Informe sobre la reglamentación de la Ley 30001, Ley de Reinserción Económica y Social para el "
                "Migrante Retornado.",
                "",
            ),
            ("Informe sobre el Proyecto de Ley de Extranjería y Migración.", ""),
            ("Informe sobre la situación de los haitianos en el Perú.", ""),
            (
                "Situación del Informe Inicial relativo a la Convención Internacional sobre la Protección de los "
                "Derechos de todos los Trabajadores Migratorios y de sus Familiares.",
                "",
            ),
            (
                "Participación del Perú en la Conferencia Sudamericana (Buenos Aires, 27 y 28 de agosto/ Cartagena, "
                "21 y 22 de noviembre) y en el II Diálogo de Alto Nivel de las Naciones Unidas sobre Migración y "
                "Desarrollo (Nueva York, 03 y 04 de octubre).",
                "",
            ),
            ("Breve Informe: Convenios de Seguridad Social.", ""),
            ("Presentación del Proyecto de Reglamento Interno de la MTIGM.", ""),
            (
                "Otro asuntos:",
                "- Seminario “Coordinación Integral para la Protección y Desarrollo de Víctimas de Trata de "
                "Personas”, 11 y 12 de setiembre, Lima.\n"
                "- Proyecto de Estandarización y Mejora Cualitativa de la Gestión Consular.",
            ),
        ],
        "date": (2013, 8, 8),
        "number": 12,
        "series": "ordinary",
    },
    {
        "agenda": [
            ("Presentación de la última versión del proyecto de reglamento interno de la MTIGM.", ""),
            ("Presentación de la versión preliminar del Plan de Trabajo 2014 de la MTIGM.", ""),
            ("Otros asuntos.", ""),
        ],
        "date": (2013, 12, 9),
        "number": 13,
        "series": "ordinary",
    },
    {
        "agenda": [
            ("Conformación de los Grupos de Trabajo.", ""),
            ("Plan de Trabajo.", ""),
            ("Conferencia Suramericana sobre Migraciones.", ""),
            ("Información sobre migrantes haitianos.", ""),
            ("Ratificación convenios OIT 97 y 143 (estado y situación).", ""),
            (
                "Informe del Perú sobre la Convención Internacional para la Protección de los Derechos de Todos los "
                "Trabajadores Migratorios y sus Familiares.",
                "",
            ),
            ("Informe sobre la Ley 30001 (Ley de retorno).", ""),
            ("Otros asuntos.", ""),
        ],
        "date": (2014, 1, 15),
        "number": 14,
        "series": "ordinary",
    },
    {
        "agenda": [
            ("Aprobación del Plan de Trabajo 2014.", ""),
            ("Designación de los responsables de los Grupos y Subgrupos de Trabajo y de sus integrantes.", ""),
            ("Incorporación de nuevos Miembros y Observadores.", ""),
            ("Incorporación de entidades de la Sociedad Civil.", ""),
            ("Aplicación efectiva y difusión de la Ley de Retorno (Ley 30001).", ""),
            ("Otros asuntos.", ""),
        ],
        "date": (2014, 2, 12),
        "number": 15,
        "series": "ordinary",
    },
    {
        "agenda": [
            (
                "Informe del primer mes de implementación del Plan de Trabajo 2014 de los 4 grupos y 24 subgrupos "
                "de trabajo.",
                "",
            ),
            (
                "Consideración del Proyecto de Directiva sobre evaluación, monitoreo y seguimiento del Plan de "
                "Trabajo 2014.",
                "",
            ),
            ("Evaluación del primer año de vigencia de la Ley 30001 (Ley de Retorno).", ""),
            ("Admisión de nuevos miembros y observadores de la MTIGM.", ""),
            ("Estrategia comunicacional de la MTIGM:", "- Concurso para logo y slogan.\n- Portal web."),
            ("Otros asuntos.", ""),
        ],
        "date": (2014, 3, 12),
        "number": 16,
        "series": "ordinary",
    },
    {
        "agenda": [
            ("Informe sobre el Proyecto de Ley de Extranjería y Migración.", ""),
            ("Informe sobre la campaña de difusión de la lucha contra el abuso de ciudadanos haitianos.", ""),
            (
                "Plan de Trabajo 2014: Informe del segundo mes de implementación de los 4 Grupos y 24 Subgrupos de "
                "Trabajo.",
                "",
            ),
            ("Admisión de nuevos miembros y observadores de la MTIGM.", ""),
            (
                "Estrategia comunicacional de la MTIGM: concurso para logo y eslogan; proyecto para un portal web e "
                "intranet.",
                "",
            ),
            ("Otros asuntos.", ""),
        ],
        "date": (2014, 4, 10),
        "number": 17,
        "series": "ordinary",
    },
    {
        "agenda": [
            ("Plan de Trabajo 2014: Estado de avance al 27-05-14 (ST-MTIGM).", ""),
            (
                "Avance del subgrupo de trabajo 1.8 “Certificado de antecedentes penales, judiciales y policiales "
                "de connacionales en el exterior” (MINJUS).",
                "",
            ),
            (
                "Avance del subgrupo de trabajo 2.2 “Movilidad universitaria suramericana” (ANR / MINEDU) y "
                "subgrupo 3.1 “Homologación, reconocimiento y convalidación de grados y títulos adquiridos en los "
                "siete principales países de destino” (ANR / MINEDU).",
                "",
            ),
            ("MTIGM y buenas prácticas intersectoriales (ST-MTIGM).", ""),
            ("Sitio Web e Intranet de la MTIGM y estrategia comunicacional: logo y eslogan (OIM/ST-MTIGM).", ""),
            (
                "Admisión de nuevos integrantes de la Comisión de Coordinación con Instituciones de la Sociedad "
                "Civil de la MTIGM: Candidatura de la Universidad Católica Sedes Sapientiae.",
                "",
            ),
            ("Otros asuntos.", ""),
        ],
        "date": (2014, 5, 27),
        "number": 18,
        "series": "ordinary",
    },
    {
        "agenda": [
            (
                "Convenios 97 “Convenio sobre los Trabajadores Migrantes” y 143 “Convenio sobre las migraciones en "
                "condiciones abusivas y la promoción de la igualdad de oportunidades y de trato de los trabajadores "
                "migrantes” de la Organización Internacional del Trabajo (OIT).",
                "",
            ),
            ("Otros asuntos.", ""),
        ],
        "date": (2014, 6, 5),
        "number": 2,
        "series": "extraordinary",
    },
    {
        "agenda": [
            (
                "Inicio de la evaluación semestral del Plan de Trabajo 2014 (Coordinadores de cada grupo de trabajo).",
                "",
            ),
            ("Avance del subgrupo de trabajo 1.4 “Uso productivo de ahorros y remesas” (MTPE).", ""),
            ("Avance del subgrupo de trabajo 1.5 “Costo de envío de remesas al Perú” (SBS).", ""),
            (
                "Avance del subgrupo de trabajo 1.6 “Promoción de la inversión directa en el Perú de peruanos en el "
                "exterior” (PRODUCE).",
                "",
            ),
            (
                "Otros asuntos.",
                "- Estatuto Migratorio Permanente Ecuatoriano-Peruano, Acuerdo de Residencia del Mercosur y otros "
                "temas conexos.\n"
                "- Presentación del logo, eslogan e Intranet de la MTIGM.",
            ),
        ],
        "date": (2014, 7, 9),
        "number": 19,
        "series": "ordinary",
    },
    {
        "agenda": [
            ("Balance cualitativo del informe semestral del Plan de Trabajo 2014 (ST-MTIGM).", ""),
            (
                "Avance del subgrupo de trabajo 1.1 “Informe sobre estado de implementación de acuerdos bilaterales "
                "y subregionales vigentes en materia migratoria” (RREE).",
                "",
            ),
            (
                "Avance del subgrupo de trabajo 1.2 “Implementación eficiente de los convenios de seguridad social” "
                "(MTPE).",
                "",
            ),
            (
                "Avance del subgrupo de trabajo 3.4 “Acceso al sistema de Seguridad Social peruano público y "
                "privado” (ONP).",
                "",
            ),
            (
                "Admisión de nuevos integrantes de la Comisión de Coordinación con Instituciones de la Sociedad "
                "Civil de la MTIGM. Candidatura de la Conferencia Episcopal Peruana y de la Comisión Andina de "
                "Juristas.",
                "",
            ),
            ("Convocatoria al Programa “Crea y Emprende Empresarial” (PRODUCE).", ""),
            (
                "Otros asuntos.",
                "- Programa de descuentos de pasajes aéreos para estudiantes y migrantes (OIM-Perú).\n"
                "- Casos sobre Ley 30001 planteados por la Defensoría del Pueblo (RREE).",
            ),
        ],
        "date": (2014, 8, 22),
        "number": 20,
        "series": "ordinary",
    },
    {
        "agenda": [
            ("Cronograma de entrega de productos del Plan de Trabajo 2014.", ""),
            (
                "Lineamientos de trabajo, interacción y mecanismos de cooperación con las instituciones de la "
                "Sociedad Civil acreditadas ante la MTIGM (MTIGM-SC).",
                "",
            ),
            (
                "Admisión de nuevos integrantes de la Comisión de Coordinación con Instituciones de la Sociedad "
                "Civil de la MTIGM. Candidaturas de:",
                "- Universidad Antonio Ruiz de Montoya.\n"
                "- Asociación Solidaridad Países Emergentes ASPEM.\n"
                "- Fórum Solidaridad Perú.",
            ),
            ("Otros asuntos", "- Intranet\n- XIV CSM\n- Reunión del CAAM / Estatuto Migratorio Andino"),
        ],
        "date": (2014, 9, 16),
        "number": 21,
        "series": "ordinary",
    },
    {
        "agenda": [
            (
                "Bienvenida a las instituciones de la sociedad civil que integran la Comisión de Coordinación a que "
                "se refiere al Artículo 26 del Reglamento de la MTIGM.",
                "",
            ),
            ("Presentaciones de las instituciones de la sociedad civil.", ""),
            (
                "Lineamientos de trabajo, interacción y mecanismos de cooperación con las instituciones de la "
                "Sociedad Civil acreditadas ante la MTIGM (MTIGM-SC).",
                "",
            ),
            (
                "Participación de la MTIGM-SC en la Reunión organizada conjuntamente por la SIM y la RIMD previa a "
                "la XIV CSM.",
                "",
            ),
            ("Otros asuntos.", ""),
        ],
        "date": (2014, 9, 16),
        "number": 1,
        "series": "extended",
    },
    {
        "agenda": [
            ("Informe sobre la entrega de productos del Plan de Trabajo 2014.", ""),
            ("Lineamientos del Plan de Trabajo 2015.", ""),
            ("Informe sobre la XIV Conferencia Suramericana de Migraciones (CSM).", ""),
            (
                "Informe sobre III Reunión sobre Migraciones de la Comunidad de Estados Latinoamericanos y "
                "Caribeños (CELAC).",
                "",
            ),
            ("Otros asuntos.", ""),
        ],
        "date": (2014, 11, 4),
        "number": 22,
        "series": "ordinary",
    },
    {
        "agenda": [
            ("Entrega de productos del Plan de Trabajo 2014.", ""),
            ("Presentación del Plan de Trabajo 2015.", ""),
            (
                "Informe sobre la IX Reunión de Alto Nivel del Diálogo Estructurado Comprehensive CELAC-UE sobre "
                "migraciones.",
                "",
            ),
            ('Informe sobre proyecto: "Fortalecimiento de la gestión migratoria en el Perú" a cargo de la OIM.', ""),
            ("Semana del Migrante.", ""),
            ("Otros asuntos.", ""),
        ],
        "date": (2014, 12, 3),
        "number": 23,
        "series": "ordinary",
    },
    {
        "agenda": [
            ("Presentación del Presidente de la MTIGM.", ""),
            ("Aprobación del Plan de Trabajo 2015.", ""),
            ("Presentación de la Propuesta de Lineamientos Generales de la Política Migratoria Peruana.", ""),
            (
                "Solicitud del Instituto de Estudios Peruanos (IEP) para ser incorporado como integrante de la "
                "Comisión de coordinación con instituciones de la Sociedad Civil de la MTIGM.",
                "",
            ),
            ("Informe sobre el desarrollo de la Semana del Migrante.", ""),
            (
                "Presentación por parte de la Defensoría del Pueblo del informe que ha elaborado respecto al "
                "tratamiento de las personas extranjeras en el país.",
                "",
            ),
            ("Otros asuntos.", ""),
        ],
        "date": (2015, 1, 15),
        "number": 24,
        "series": "ordinary",
    },
    {
        "agenda": [
            (
                "Presentación de nuevo Director General de Comunidades Peruanas en el Exterior y Asuntos Consulares.",
                "- Informe sobre la suspensión de las Acciones Ejecutivas de Responsabilidad para la Inmigración "
                "(DACA y DAPA) adoptadas por el Presidente de los Estados Unidos de América, Barack Obama.",
            ),
            ("Aprobación del documento de Lineamientos Generales de la Política Migratoria Peruana.", ""),
            ("Presentación de avances del Balance Anual del trabajo desarrollado por la MTIGM el año 2014.", ""),
            ("Avances en la implementación de la Intranet del portal web Perú Contigo.", ""),
            (
                "Incorporación de la Agencia de Cooperación Alemana para el Desarrollo (GIZ) como integrante de la "
                "Comisión Interagencial de Cooperación Internacional de la MTIGM.",
                "",
            ),
            ("Otros asuntos.", ""),
        ],
        "date": (2015, 2, 24),
        "number": 25,
        "series": "ordinary",
    },
    {
        "agenda": [
            ("Presentación de nueva Secretaria Técnica de la MTIGM.", ""),
            (
                "Seguimiento a la recomendación para impulsar el procedimiento de ratificación de los Convenios 97 "
                "“Convenio sobre los Trabajadores Migrantes” y 143 “Convenio sobre las migraciones en condiciones "
                "abusivas y la promoción de la igualdad de oportunidades y de trato de los trabajadores migrantes” "
                "de la Organización Internacional del Trabajo (OIT).",
                "",
            ),
            ("Provisión de medios de vida para Refugiados y Solicitantes de Refugio en el Perú.", ""),
            (
                "Informe de resultados sobre la sustentación del Estado peruano ante el Comité de Protección de los "
                "Derechos de Todos los Trabajadores Migratorios y de sus Familiares.",
                "",
            ),
            (
                "Identificación de mecanismos para dar carácter vinculatorio a los Lineamientos Generales de la "
                "Política Migratoria Peruana.",
                "",
            ),
            (
                "Evaluación sobre implementación de la Ley de Reinserción Económica y Social para el Migrante "
                "Retornado y su reglamento.",
                "",
            ),
            (
                "Presentación de los videos de orientación al migrante desarrollados por la MTIGM y la OIM en el "
                "marco del Proyecto “Fortaleciendo la Gestión Migratoria en el Perú”.",
                "",
            ),
            (
                "Otros asuntos:",
                "- Actividades del Subgrupo de trabajo 1.4 sobre Seguridad Social.\n"
                "- Coordinaciones relativas al uso de la INTRANET de la MTIGM.\n"
                "- Opinión técnica a la propuesta de modificación del reglamento de la Ley contra la Trata de "
                "Personas y el Tráfico Ilícito de Migrantes.",
            ),
        ],
        "date": (2015, 4, 21),
        "number": 26,
        "series": "ordinary",
    },
    {
        "agenda": [
            (
                "Recomendaciones del Comité de Protección de los Derechos de Todos los Trabajadores Migratorios y "
                "sus Familiares al informe inicial del Estado peruano.",
                "- Resumen sobre las recomendaciones emitidas por el Comité.\n"
                "- Identificación de propuestas de acción para la MTIGM.",
            ),
            (
                "Presentación de las actividades desarrolladas por la MTIGM durante el periodo enero - mayo del año "
                "2015.",
                "- Resumen por parte de la Secretaría Técnica de la MTIGM.\n"
                "- Informe sobre desarrollo de Charla Informativa del Subgrupo de Trabajo 1.4 sobre Seguridad "
                "Social a cargo del Ministerio de Trabajo y Promoción del Empleo.\n"
                "- Informe sobre estrategia de fortalecimiento de capacidades de migrantes retornados por parte de "
                "Ministerio de la Producción.\n"
                "- Portal web e Intranet “Perú Contigo”",
            ),
            (
                "Otros asuntos:",
                "- Presentación a cargo del MINJUS sobre el Informe de “Análisis sobre la Normatividad vigente en "
                "materia de migraciones en el Perú” presentado al Consejo Nacional de Derechos Humanos.\n"
                "- Informe a cargo del INPE respecto al desarrollo de Mesa de Trabajo sobre los Alcances de la "
                "aplicación de la Ley N° 30219.",
            ),
        ],
        "date": (2015, 6, 3),
        "number": 2,
        "series": "extended",
    },
]
