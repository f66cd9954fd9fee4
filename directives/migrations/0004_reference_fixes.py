"""Bring the norms and rules loaded by 0002 to the letter of the seed's legal text.

0002 already ran on existing databases, so this migration updates those rows in place (a
correction of wrongly transcribed reference data, not a new legal version) and adds the rules that
were missing. Its data is frozen here as it stood when it was written (never read from
``directives.reference``), so on a fresh database it finds the rows already correct and only fills
the fields added by 0003.
"""

import datetime

from django.db import migrations

NORMS = [{'code': 'ds-067-2011-pcm',
  'kind': 'decree',
  'number': 'Decreto Supremo N° 067-2011-PCM',
  'title': 'Crean la Comisión Multisectorial Permanente “Mesa de Trabajo Intersectorial para la Gestión '
           'Migratoria”',
  'short_name': 'D.S. N° 067-2011-PCM',
  'issued_on': datetime.date(2011, 7, 26),
  'approved_by': 'Presidente de la República (refrendado por la PCM y los ministros de RREE, MTPE e '
                 'Interior)',
  'in_force_from': datetime.date(2011, 7, 28)},
 {'code': 'reglamento',
  'kind': 'regulation',
  'number': 'Resolución Ministerial N° 0037-RE-2014',
  'title': 'Reglamento de la Comisión Multisectorial Permanente “Mesa de Trabajo Intersectorial para la '
           'Gestión Migratoria”',
  'short_name': 'Reglamento de la MTIGM (R.M. N° 0037-RE-2014)',
  'issued_on': datetime.date(2014, 1, 20),
  'approved_by': 'Resolución Ministerial N° 0037-RE-2014 (Ministra de Relaciones Exteriores)',
  'in_force_from': None},
 {'code': 'dir-001-2014',
  'kind': 'directive',
  'number': 'Directiva N° 001-2014 ST-MTIGM',
  'title': 'Conformación de la Comisión Especial de Apoyo: Comisión Interagencial de Cooperación '
           'Internacional de la Mesa Intersectorial para la Gestión Migratoria',
  'short_name': 'Directiva N° 001-2014 ST-MTIGM',
  'issued_on': datetime.date(2014, 2, 12),
  'approved_by': 'Pleno de la MTIGM, XV Sesión Ordinaria (12 de febrero de 2014)',
  'in_force_from': datetime.date(2014, 2, 13)},
 {'code': 'dir-002-2014',
  'kind': 'directive',
  'number': 'Directiva N° 002-2014 ST-MTIGM',
  'title': 'Conformación de la Comisión Especial de Apoyo: Comisión de Coordinación con Instituciones de la '
           'Sociedad Civil de la Mesa de Trabajo Intersectorial para la Gestión Migratoria',
  'short_name': 'Directiva N° 002-2014 ST-MTIGM',
  'issued_on': datetime.date(2014, 2, 12),
  'approved_by': 'Pleno de la MTIGM, XV Sesión Ordinaria (12 de febrero de 2014)',
  'in_force_from': datetime.date(2014, 2, 13)},
 {'code': 'dir-003-2014',
  'kind': 'directive',
  'number': 'Directiva N° 003-2014 ST-MTIGM',
  'title': 'Formulación, Ejecución, Monitoreo y Evaluación del Plan Anual de Trabajo de la Mesa de Trabajo '
           'Intersectorial para la Gestión Migratoria',
  'short_name': 'Directiva N° 003-2014 ST-MTIGM',
  'issued_on': datetime.date(2014, 3, 12),
  'approved_by': 'Pleno de la MTIGM, XVI Sesión Ordinaria (12 de marzo de 2014)',
  'in_force_from': datetime.date(2014, 3, 13)},
 {'code': 'lineamientos-2015',
  'kind': 'guidelines',
  'number': 'Lineamientos Generales de la Política Migratoria del Perú',
  'title': 'Lineamientos Generales de la Política Migratoria del Perú',
  'short_name': 'Lineamientos Generales de la Política Migratoria (2015)',
  'issued_on': datetime.date(2015, 2, 24),
  'approved_by': 'Pleno de la MTIGM, XXV Sesión Ordinaria (24 de febrero de 2015)',
  'in_force_from': None}]

NORM_DETAILS = {'ds-067-2011-pcm': {'published_on': datetime.date(2011, 7, 27),
                     'approved_on': datetime.date(2011, 7, 26),
                     'agreement_reference': '',
                     'source_note': 'Fechado el 26 de julio de 2011 y publicado en el Diario Oficial «El '
                                    'Peruano» el 27 de julio de 2011 (Anexo III y sección I del libro de '
                                    '2015). Vigente desde el día siguiente de su publicación (Constitución '
                                    'Política, Art. 109).'},
 'reglamento': {'published_on': None,
                'approved_on': datetime.date(2014, 1, 20),
                'agreement_reference': '',
                'source_note': 'Aprobado por R.M. N° 0037-RE-2014 del 20 de enero de 2014: tres títulos, '
                               'treinta y un artículos y dos disposiciones complementarias finales. Su Art. '
                               '2 dispone que entra en vigencia al día siguiente de su publicación; la '
                               'fuente no consigna la fecha de publicación.'},
 'dir-001-2014': {'published_on': None,
                  'approved_on': datetime.date(2014, 2, 12),
                  'agreement_reference': 'Acuerdo del Pleno, XV Sesión Ordinaria del 12 de febrero de 2014',
                  'source_note': 'El texto está fechado «Lima, febrero de 2014»; fue aprobada en la XV '
                                 'Sesión Ordinaria del 12 de febrero de 2014 y rige desde el día siguiente '
                                 '(Disposición final única).'},
 'dir-002-2014': {'published_on': None,
                  'approved_on': datetime.date(2014, 2, 12),
                  'agreement_reference': 'Acuerdo del Pleno, XV Sesión Ordinaria del 12 de febrero de 2014',
                  'source_note': 'El texto está fechado «Lima, febrero de 2014»; fue aprobada en la XV '
                                 'Sesión Ordinaria del 12 de febrero de 2014 y rige desde el día siguiente '
                                 '(V. Disposición final única).'},
 'dir-003-2014': {'published_on': None,
                  'approved_on': datetime.date(2014, 3, 12),
                  'agreement_reference': 'Acuerdo del Pleno, XVI Sesión Ordinaria del 12 de marzo de 2014',
                  'source_note': 'Fechada «Lima, 12 de marzo de 2014», aprobada en la XVI Sesión Ordinaria '
                                 'de esa fecha; rige desde el día siguiente (VII. Disposición final única). '
                                 'Su tabla de §5.1 dice que el Plan se aprueba en la «segunda quincena de '
                                 'enero», pero el Art. 24 del Reglamento y su propio §6.1.1 fijan los '
                                 'primeros veinte días del año: prevalecen los veinte días.'},
 'lineamientos-2015': {'published_on': None,
                       'approved_on': datetime.date(2015, 2, 24),
                       'agreement_reference': 'Acuerdo del Pleno, XXV Sesión Ordinaria del 24 de febrero de '
                                              '2015',
                       'source_note': 'Presentados en la XXIV Sesión Ordinaria (15 de enero de 2015) y '
                                      'sometidos a aprobación en la XXV Sesión Ordinaria (24 de febrero de '
                                      '2015). Documento de política sin cláusula de vigencia.'}}

RULES = [('session.quorum',
  'Quórum para instalar la sesión',
  {'numerator': 1, 'denominator': 2, 'plus': 1},
  'formula',
  'reglamento',
  'Art. 12'),
 ('session.quorum_tolerance_minutes',
  'Tolerancia tras la hora citada',
  15,
  'minutes',
  'reglamento',
  'Art. 12'),
 ('session.notice_business_days.ordinary',
  'Anticipación de la citación a sesión ordinaria',
  7,
  'business_days',
  'reglamento',
  'Art. 11'),
 ('session.notice_business_days.extraordinary',
  'Anticipación de la citación a sesión extraordinaria',
  3,
  'business_days',
  'reglamento',
  'Art. 11'),
 ('session.agenda_extension_business_days',
  'Plazo para pedir ampliar la agenda desde la citación',
  2,
  'business_days',
  'reglamento',
  'Art. 11'),
 ('session.agenda_extension_same_day_majority',
  'Ampliación de la agenda el mismo día de la sesión',
  {'base': 'present_and_voting', 'numerator': 1, 'denominator': 2, 'strict': True, 'casting_vote': True},
  'formula',
  'reglamento',
  'Art. 11'),
 ('session.without_call_requires_all_members',
  'Sesión válida sin citación: todos los miembros presentes y acuerdo unánime',
  {'presence': 'all_members', 'decision': 'unanimity'},
  'formula',
  'reglamento',
  'Art. 11'),
 ('session.extraordinary_request_min_members',
  'Entidades miembro que pueden pedir sesión extraordinaria',
  8,
  'entities',
  'reglamento',
  'Art. 10'),
 ('session.extended_extraordinary_request_min_members',
  'Entidades miembro que pueden pedir sesión ampliada extraordinaria',
  8,
  'entities',
  'reglamento',
  'Art. 27'),
 ('session.ordinary_period_months',
  'Periodo en cuya última semana debe haber sesión ordinaria',
  2,
  'months',
  'reglamento',
  'Art. 10'),
 ('session.extended_period_months',
  'Periodo en que debe haber al menos una sesión ampliada',
  6,
  'months',
  'reglamento',
  'Art. 26'),
 ('session.extended_min_per_period',
  'Sesiones ordinarias ampliadas como mínimo por semestre',
  1,
  'sessions',
  'reglamento',
  'Art. 26'),
 ('session.absence_notice_days',
  'Aviso de inasistencia de titular y alterno',
  1,
  'calendar_days',
  'reglamento',
  'Art. 7.7 b'),
 ('vote.simple_majority',
  'Mayoría simple de miembros presentes y votantes',
  {'base': 'present_and_voting', 'numerator': 1, 'denominator': 2, 'strict': True, 'casting_vote': True},
  'formula',
  'reglamento',
  'Art. 13'),
 ('vote.majority_of_all_members',
  'Mayoría de todos los miembros en funciones',
  {'base': 'members_in_office', 'numerator': 1, 'denominator': 2, 'strict': True, 'casting_vote': False},
  'formula',
  'reglamento',
  'Art. 7.4'),
 ('designation.notice_calendar_days',
  'Plazo para comunicar la designación a la ST',
  15,
  'calendar_days',
  'reglamento',
  'Art. 7.5'),
 ('group.creation_min_members',
  'Miembros que deben proponer un nuevo grupo de trabajo',
  8,
  'entities',
  'reglamento',
  'Art. 20.1'),
 ('group.decision_majority',
  'Decisiones de los grupos de trabajo sin consenso',
  {'base': 'present_and_voting', 'numerator': 1, 'denominator': 2, 'strict': True, 'casting_vote': False},
  'formula',
  'reglamento',
  'Art. 20'),
 ('support_commission.change_min_members',
  'Miembros que deben proponer una comisión de apoyo o su cambio',
  8,
  'entities',
  'reglamento',
  'Art. 31'),
 ('cooperation.invitation_majority',
  'Invitación a una agencia de cooperación',
  {'base': 'present_and_voting', 'numerator': 1, 'denominator': 2, 'strict': True, 'casting_vote': True},
  'formula',
  'dir-001-2014',
  'Disposiciones específicas'),
 ('cso.certificate_max_age_months',
  'Antigüedad máxima de la partida registral de una OSC',
  3,
  'months',
  'dir-002-2014',
  '§4.2.4 m'),
 ('cso.admission_majority',
  'Incorporación de una OSC a la Comisión',
  {'base': 'present_and_voting', 'numerator': 1, 'denominator': 2, 'strict': True, 'casting_vote': True},
  'formula',
  'dir-002-2014',
  '§4.2.5 c'),
 ('cso.loss_request_min_members',
  'Miembros que pueden pedir la pérdida de la condición de una OSC',
  8,
  'entities',
  'dir-002-2014',
  '§4.2.6'),
 ('cso.loss_majority',
  'Pérdida de la calidad de integrante de una OSC',
  {'base': 'present_and_voting', 'numerator': 1, 'denominator': 2, 'strict': True, 'casting_vote': True},
  'formula',
  'dir-002-2014',
  '§4.2.6'),
 ('plan.draft_due',
  'Anteproyecto del Plan de Trabajo',
  {'month': 11, 'week': 1},
  'calendar_point',
  'dir-003-2014',
  '§5.1'),
 ('plan.presentation_due',
  'Presentación del Plan al Pleno',
  {'month': 12, 'week': 1},
  'calendar_point',
  'dir-003-2014',
  '§5.1'),
 ('plan.approval_deadline',
  'Aprobación del Plan dentro de los primeros veinte días del año',
  {'month': 1, 'day': 20},
  'calendar_point',
  'reglamento',
  'Art. 24'),
 ('plan.publication_immediate',
  'Difusión del Plan aprobado en el más breve plazo',
  True,
  'flag',
  'reglamento',
  'Art. 24'),
 ('plan.evaluation_period_months',
  'Evaluación periódica de la ejecución del Plan',
  3,
  'months',
  'reglamento',
  'Art. 25'),
 ('evaluation.due.q1',
  'Evaluación del primer trimestre',
  {'month': 4, 'week': 1},
  'calendar_point',
  'dir-003-2014',
  '§6.1.3'),
 ('evaluation.due.q2',
  'Evaluación del segundo trimestre',
  {'month': 7, 'week': 1},
  'calendar_point',
  'dir-003-2014',
  '§6.1.3'),
 ('evaluation.due.q3',
  'Evaluación del tercer trimestre',
  {'month': 10, 'week': 1},
  'calendar_point',
  'dir-003-2014',
  '§6.1.3'),
 ('evaluation.due.annual',
  'Evaluación anual',
  {'month': 12, 'week': 3},
  'calendar_point',
  'dir-003-2014',
  '§6.1.3'),
 ('evaluation.subgroup_report_max_pages',
  'Extensión máxima del informe de subgrupo',
  1,
  'pages',
  'dir-003-2014',
  '§6.4.3.1'),
 ('report.management_report_due',
  'Memoria de gestión al término de cada año',
  {'month': 12, 'day': 31},
  'calendar_point',
  'reglamento',
  'Art. 18.14'),
 ('report.annual_report_period_months',
  'Memorias e informes anuales que aprueba el Pleno',
  12,
  'months',
  'reglamento',
  'Art. 8.2 d'),
 ('directive.in_force_offset_days',
  'Vigencia de las directivas desde el día siguiente a su aprobación',
  1,
  'calendar_days',
  'dir-001-2014',
  'Disposición final única'),
 ('directive.in_force_offset_days.dir-001-2014',
  'Vigencia de la Directiva N° 001-2014 desde el día siguiente a su aprobación',
  1,
  'calendar_days',
  'dir-001-2014',
  'Disposición final única'),
 ('directive.in_force_offset_days.dir-002-2014',
  'Vigencia de la Directiva N° 002-2014 desde el día siguiente a su aprobación',
  1,
  'calendar_days',
  'dir-002-2014',
  'V. Disposición final única'),
 ('directive.in_force_offset_days.dir-003-2014',
  'Vigencia de la Directiva N° 003-2014 desde el día siguiente a su aprobación',
  1,
  'calendar_days',
  'dir-003-2014',
  'VII. Disposición final única')]

RULE_DESCRIPTIONS = {'session.quorum': 'El 50 % más uno de las entidades miembro en funciones ese día, leído como mayoría '
                   'absoluta: la mitad entera más uno (DOMAIN §4). Observadores y comisiones de apoyo no '
                   'cuentan.',
 'session.quorum_tolerance_minutes': 'Minutos de tolerancia respecto a la hora de la convocatoria para '
                                     'iniciar la sesión.',
 'session.notice_business_days.ordinary': 'Días hábiles que deben mediar entre la citación y la sesión '
                                          'ordinaria, sin contar el día de la citación ni el de la sesión.',
 'session.notice_business_days.extraordinary': 'Días hábiles que deben mediar entre la citación y la sesión '
                                               'extraordinaria, sin contar el día de la citación ni el de la '
                                               'sesión.',
 'session.agenda_extension_business_days': 'Cualquier miembro puede pedir ampliar la agenda dentro de estos '
                                           'días hábiles de recibida la citación.',
 'session.agenda_extension_same_day_majority': 'O por acuerdo mayoritario adoptado el mismo día de la '
                                               'sesión.',
 'session.without_call_requires_all_members': 'El Pleno sesiona válidamente sin citación cuando se reúnen '
                                              'todos sus miembros y así lo acuerdan por unanimidad.',
 'session.absence_notice_days': 'Si titular y alterno no pueden asistir, lo informan a la Secretaría Técnica '
                                'con esta anticipación.',
 'vote.simple_majority': 'Más votos a favor que en contra entre los miembros presentes y votantes; en empate '
                         'dirime el Presidente (Art. 13).',
 'vote.majority_of_all_members': 'Incorporación de nuevos miembros u observadores: mayoría simple de los '
                                 'miembros de la MTIGM, no solo de los presentes.',
 'group.decision_majority': 'Los grupos procuran el consenso; de no lograrlo, deciden por mayoría simple de '
                            'sus miembros presentes y votantes.',
 'cooperation.invitation_majority': 'A solicitud de la Presidencia o de algún miembro, el Pleno decide por '
                                    'mayoría simple invitar a una agencia de cooperación.',
 'cso.certificate_max_age_months': 'Copia certificada de la partida registral (SUNARP o equivalente '
                                   'extranjero) con antigüedad no mayor de tres meses, con los nombres de '
                                   'los representantes legales.',
 'cso.loss_request_min_members': 'La pérdida de la calidad de integrante se pide por la Presidencia o por '
                                 'este número de miembros, con sustento.',
 'plan.draft_due': 'Cronograma de §5.1: formulación del anteproyecto en la primera semana de noviembre.',
 'plan.presentation_due': 'Cronograma de §5.1: presentación al Pleno en la primera semana de diciembre.',
 'plan.approval_deadline': 'El Pleno aprueba el Plan dentro de los primeros veinte días de cada año (también '
                           'Directiva N° 003-2014, §6.1.1).',
 'plan.publication_immediate': 'El Plan aprobado se difunde en el más breve plazo posible (Directiva N° '
                               '003-2014, §6.1.1: «difundido inmediatamente»).',
 'plan.evaluation_period_months': 'La Secretaría Técnica evalúa trimestralmente la ejecución del Plan '
                                  '(también Directiva N° 003-2014, §5.3).',
 'evaluation.due.q1': 'Tabla de plazos de §6.1.3, a la que remite §6.4.5.',
 'evaluation.due.q2': 'Tabla de plazos de §6.1.3, a la que remite §6.4.5.',
 'evaluation.due.q3': 'Tabla de plazos de §6.1.3, a la que remite §6.4.5.',
 'evaluation.due.annual': 'Tabla de plazos de §6.1.3, a la que remite §6.4.5.',
 'evaluation.subgroup_report_max_pages': '«En la medida de lo posible» el informe de cada subgrupo no excede '
                                         'una página (también §6.4.1 y §6.4.4.1).',
 'report.management_report_due': 'La Secretaría Técnica elabora una memoria de gestión al término de cada '
                                 'año.',
 'report.annual_report_period_months': 'El Pleno aprueba las memorias e informes anuales y los presenta al '
                                       'Ministro de Relaciones Exteriores para su remisión al Congreso y a '
                                       'la Defensoría del Pueblo.',
 'directive.in_force_offset_days': 'Cada directiva de 2014 entra en vigencia a partir del día siguiente de '
                                   'su aprobación por el Pleno (igual en las Directivas N° 002 y 003).'}


def apply(apps, schema_editor):
    Norm = apps.get_model("directives", "Norm")
    Rule = apps.get_model("directives", "Rule")
    norms = {}
    for data in NORMS:
        defaults = {**data, **NORM_DETAILS.get(data["code"], {})}
        norms[data["code"]], _ = Norm.objects.update_or_create(code=data["code"], defaults=defaults)
    for key, name, value, unit, norm_code, article in RULES:
        fields = {
            "name": name,
            "value": value,
            "unit": unit,
            "norm": norms[norm_code],
            "article": article,
            "description": RULE_DESCRIPTIONS.get(key, ""),
        }
        first = Rule.objects.filter(key=key).order_by("valid_from").first()
        if first is None:
            Rule.objects.create(key=key, valid_from="2011-01-01", **fields)
        elif first.valid_from.isoformat() == "2011-01-01":
            # Only the original version is corrected; later versions recorded by the ST are theirs.
            Rule.objects.filter(pk=first.pk).update(**fields)


class Migration(migrations.Migration):
    dependencies = [("directives", "0003_norm_approval_fields")]
    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
