"""The reminder lead time is a parameter of the Secretaría Técnica, kept in the rule registry."""

import datetime

from django.db import migrations


def add(apps, schema_editor):
    Rule = apps.get_model("directives", "Rule")
    Rule.objects.update_or_create(
        key="workplans.reminder_business_days_before",
        valid_from=datetime.date(2014, 3, 13),
        defaults={
            "name": "Recordatorio previo al vencimiento de informes y etapas del Plan",
            "description": "Días hábiles antes de cada plazo de la Directiva N° 003-2014 (§5.1, §6.1.3) en que la "
            "plataforma recuerda a responsables de subgrupo, coordinaciones y Secretaría Técnica.",
            "value": 5,
            "unit": "business_days",
            "norm": None,
            "article": "",
        },
    )


def remove(apps, schema_editor):
    apps.get_model("directives", "Rule").objects.filter(key="workplans.reminder_business_days_before").delete()


class Migration(migrations.Migration):
    dependencies = [("workplans", "0001_initial"), ("directives", "0002_reference_data")]
    operations = [migrations.RunPython(add, remove)]
