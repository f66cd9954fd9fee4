"""Load the text of each norm and its articles or sections, frozen in ``data/0005_norm_texts.json``.

The JSON was generated once from the seeds by ``directives/data/build_norm_texts.py`` and is kept
beside this migration as its own data: a later extraction goes into a new migration, never here.
"""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent / "data" / "0005_norm_texts.json"


def load(apps, schema_editor):
    Norm = apps.get_model("directives", "Norm")
    Article = apps.get_model("directives", "Article")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for code, content in data.items():
        norm = Norm.objects.filter(code=code).first()
        if norm is None:
            continue
        norm.text = content["text"]
        norm.save(update_fields=["text"])
        for article in content["articles"]:
            Article.objects.update_or_create(
                norm=norm,
                number=article["number"],
                defaults={
                    "label": article["label"],
                    "heading": article["heading"],
                    "text": article["text"],
                    "position": article["position"],
                },
            )


class Migration(migrations.Migration):
    dependencies = [("directives", "0004_reference_fixes")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
