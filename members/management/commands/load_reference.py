"""``manage.py load_reference``: load the commission's real composition (idempotent)."""

from django.core.management.base import BaseCommand

from members import reference


class Command(BaseCommand):
    help = "Carga la composición real de la MTIGM (miembros, observadores, comisiones de apoyo y grupos)."

    def handle(self, *args, **options) -> None:
        counts = reference.load(self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Composición de referencia cargada: {counts['entities']} entidades, "
                f"{counts['support_commissions']} comisiones de apoyo, {counts['groups']} grupos de trabajo."
            )
        )
