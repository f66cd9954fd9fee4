"""Kinds of decision with the registry rule of their threshold, and the rules this app adds."""

import datetime

from django.db import migrations

# code, name, threshold rule, plenary only, description
KINDS = [
    ("general", "Acuerdo del Pleno", "vote.simple_majority", True,
     "Mayoría simple de los miembros presentes y votantes; en empate dirime la Presidencia (Art. 13)."),
    ("member_admission", "Incorporación de entidad miembro", "vote.majority_of_all_members", True,
     "Mayoría de todos los miembros en funciones (Art. 7.4); luego se tramita el decreto supremo."),
    ("observer_admission", "Incorporación de entidad observadora", "vote.majority_of_all_members", True,
     "Mayoría de todos los miembros en funciones (Art. 7.4)."),
    ("cooperation_invitation", "Invitación a agencia de cooperación", "cooperation.invitation_majority", True,
     "Mayoría simple (Directiva N° 001-2014 ST-MTIGM)."),
    ("cso_admission", "Incorporación de institución de la sociedad civil", "cso.admission_majority", True,
     "Al menos mayoría simple (Directiva N° 002-2014 ST-MTIGM, §4.2.5 c)."),
    ("cso_loss", "Pérdida de la condición de institución de la sociedad civil", "cso.loss_majority", True,
     "Mayoría simple, a pedido sustentado de la Presidencia o de 8 miembros (Directiva N° 002-2014, §4.2.6)."),
    ("working_group_creation", "Creación de grupo de trabajo", "vote.simple_majority", True,
     "A propuesta de al menos 8 miembros (Art. 20.1)."),
    ("support_commission_change", "Creación o cambio de comisión de apoyo", "vote.simple_majority", True,
     "A propuesta de al menos 8 miembros (Art. 31)."),
    ("coordinator_approval", "Aprobación de coordinación de grupo", "vote.simple_majority", True,
     "El Pleno aprueba la coordinación propuesta por el grupo (Art. 20.2)."),
    ("directive_approval", "Aprobación de directiva", "vote.simple_majority", True,
     "Rige desde el día siguiente de su aprobación."),
    ("group_decision", "Decisión de grupo o subgrupo de trabajo", "group.decision_majority", False,
     "Consenso o, de no lograrse, mayoría simple de presentes y votantes (Art. 20)."),
]

# key, name, value, unit, norm code (None: a parameter of the ST), article, description
RULES = [
    ("vote.voting_entity_kinds", "Entidades con derecho a voto en el Pleno", ["member"], "flag", "reglamento",
     "Art. 7.3", "Cada entidad miembro tiene un voto; los observadores tienen voz pero no voto, y las comisiones de "
     "apoyo no votan."),
    ("minutes.approval_sessions", "Aprobación y firma del acta", {"same_session": True, "next_session": True},
     "formula", "reglamento", "Art. 14",
     "El proyecto de acta se aprueba al final de la misma sesión o al inicio de la siguiente; aprobada, la firman "
     "la Secretaría Técnica y los miembros y observadores asistentes, y se remite a todos por vía electrónica."),
    ("minutes.early_certification", "Certificación de acuerdos para su ejecución inmediata", True, "flag",
     "reglamento", "Art. 14",
     "La Secretaría Técnica puede certificar acuerdos para su ejecución antes de la aprobación del acta."),
    ("agreement.reminder_days_before_due", "Recordatorio a la entidad responsable antes del plazo", 3,
     "calendar_days", None, "",
     "Días antes del vencimiento de un acuerdo en que se envía el recordatorio a la entidad responsable."),
]


def load(apps, schema_editor):
    DecisionKind = apps.get_model("decisions", "DecisionKind")
    Rule = apps.get_model("directives", "Rule")
    Norm = apps.get_model("directives", "Norm")
    for position, (code, name, key, plenary_only, description) in enumerate(KINDS):
        DecisionKind.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "threshold_rule_key": key,
                "plenary_only": plenary_only,
                "description": description,
                "position": position,
            },
        )
    for key, name, value, unit, norm_code, article, description in RULES:
        norm = Norm.objects.filter(code=norm_code).first() if norm_code else None
        Rule.objects.update_or_create(
            key=key,
            valid_from=datetime.date(2011, 1, 1),
            defaults={
                "name": name,
                "value": value,
                "unit": unit,
                "norm": norm,
                "article": article,
                "description": description,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("directives", "Rule").objects.filter(key__in=[r[0] for r in RULES]).delete()
    apps.get_model("decisions", "DecisionKind").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0001_initial"),
        ("directives", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(load, unload)]
