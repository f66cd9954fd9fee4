from django.db import migrations


def load(apps, schema_editor):
    from directives.reference import NORMS, RULES

    Norm = apps.get_model("directives", "Norm")
    Rule = apps.get_model("directives", "Rule")
    norms = {}
    for data in NORMS:
        norms[data["code"]], _ = Norm.objects.update_or_create(code=data["code"], defaults=data)
    for key, name, value, unit, norm_code, article in RULES:
        Rule.objects.update_or_create(
            key=key,
            valid_from="2011-01-01",
            defaults={"name": name, "value": value, "unit": unit, "norm": norms[norm_code], "article": article},
        )


class Migration(migrations.Migration):
    dependencies = [("directives", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
