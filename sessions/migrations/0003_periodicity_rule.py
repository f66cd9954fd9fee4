"""Rule rows the sessions app needs beyond the foundation's registry (Art. 10)."""

from django.db import migrations

RULES = [
    {
        "key": "session.ordinary_last_week_days",
        "name": "Última semana del bimestre en que debe sesionar el Pleno",
        "description": "El Pleno sesiona ordinariamente, como mínimo, en la última semana de cada bimestre: "
        "los últimos siete días del periodo.",
        "value": 7,
        "unit": "calendar_days",
        "article": "Art. 10",
    },
]


def forwards(apps, schema_editor):
    Rule = apps.get_model("directives", "Rule")
    Norm = apps.get_model("directives", "Norm")
    norm = Norm.objects.filter(code="reglamento").first()
    for row in RULES:
        Rule.objects.update_or_create(
            key=row["key"], valid_from="2011-01-01", defaults={**{k: v for k, v in row.items() if k != "key"}, "norm": norm}
        )


def backwards(apps, schema_editor):
    apps.get_model("directives", "Rule").objects.filter(key__in=[row["key"] for row in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("commission_sessions", "0002_extraordinary_requests_transitions_feeds"),
        ("directives", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
