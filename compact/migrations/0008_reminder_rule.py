"""The days before a consultation's deadline on which the entities that have not answered are
reminded: a parameter of the Secretaría Técnica (it runs the consultation, Reglamento Art. 18), kept
in the rule registry like the work plan's reminder lead time, so it is changed as data, with history."""

import datetime

from django.db import migrations

KEY = "compact.consultation_reminder_days_before"


def add(apps, schema_editor):
    Rule = apps.get_model("directives", "Rule")
    Rule.objects.update_or_create(
        key=KEY,
        valid_from=datetime.date(2018, 12, 19),
        defaults={
            "name": "Recordatorios previos al plazo de una consulta nacional del Pacto Mundial",
            "description": "Días antes del plazo de respuesta de una consulta nacional para el Informe País en que "
            "la plataforma recuerda a las entidades invitadas que aún no enviaron aportes (parámetro de la "
            "Secretaría Técnica, que conduce la consulta: Reglamento, Art. 18).",
            "value": [7, 3, 1],
            "unit": "calendar_days",
            "norm": None,
            "article": "",
        },
    )


def remove(apps, schema_editor):
    apps.get_model("directives", "Rule").objects.filter(key=KEY).delete()


class Migration(migrations.Migration):
    dependencies = [("compact", "0007_rendering_heartbeat"), ("directives", "0002_reference_data")]
    operations = [migrations.RunPython(add, remove)]
