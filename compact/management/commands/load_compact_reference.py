"""``manage.py load_compact_reference``: load the Global Compact's reference data (idempotent)."""

from django.core.management.base import BaseCommand

from compact import reference


class Command(BaseCommand):
    help = (
        "Carga los objetivos, áreas temáticas, principios, la meta 10.7 de los ODS y los lineamientos, con sus fuentes."
    )

    def handle(self, *args, **options) -> None:
        reference.load(self.stdout)
