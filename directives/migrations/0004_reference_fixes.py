"""Bring the norms and rules loaded by 0002 to the letter of the seed's legal text.

0002 already ran on existing databases, so this migration updates those rows in place (a
correction of wrongly transcribed reference data, not a new legal version) and adds the rules that
were missing. It reads ``directives.reference`` like 0002 does, so on a fresh database it finds the
rows already correct and only fills the fields added by 0003.
"""

from django.db import migrations


def apply(apps, schema_editor):
    from directives.reference import NORM_DETAILS, NORMS, RULE_DESCRIPTIONS, RULES

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
