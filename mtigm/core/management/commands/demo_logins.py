"""Print the demo users that exist, with the roles they hold today.

``scripts/run`` prints this after the server starts. Roles are computed from the users' current
designations (members.roles), so what is printed is what the application will actually grant.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from mtigm.core.access import roles_for

DEMO_PASSWORD = "demo-mtigm"  # noqa: S105 - the published password of the demo users, not a secret.

# The demo users members/demo.py creates, and the role each one is meant to show.
DEMO_USERS = (
    ("st", "Secretaría Técnica"),
    ("presidencia", "Presidencia (RREE, titular)"),
    ("miembro", "Representante de entidad miembro (MTPE, titular)"),
    ("alterno", "Representante alterno (MTPE)"),
    ("observador", "Observador (Defensoría del Pueblo, titular)"),
    ("sociedadcivil", "Comisión de apoyo (organización de la sociedad civil)"),
    ("coordinador", "Coordinación del grupo de trabajo 4 (MIGRACIONES)"),
    ("responsable", "Responsable de subgrupo (grupo 4)"),
    ("apicliente", "Cliente de la API"),
    ("puntofocal", "Punto focal del Pacto Mundial (INEI, sin designación)"),
)


class Command(BaseCommand):
    help = "Muestra los usuarios de demostración existentes y sus roles vigentes."

    def handle(self, *args: Any, **options: Any) -> None:
        users = {u.username: u for u in get_user_model().objects.filter(username__in=[n for n, _ in DEMO_USERS])}
        if not users:
            self.stdout.write("No demo users yet (run `manage.py load_demo` once members/demo.py exists).")
            return
        self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
        for username, intended in DEMO_USERS:
            user = users.get(username)
            if user is None:
                continue
            current = ", ".join(sorted(role.label for role in roles_for(user).roles)) or "sin rol vigente"
            self.stdout.write(f"  {username:<14} {intended}  [{current}]")
        # The representatives of the room (members/demo.py): one titular and one alternate per
        # member and observer entity, named after it, to rehearse a whole plenary.
        room = get_user_model().objects.filter(username__regex=r"^[a-z0-9]+\.(titular|alterno)$")
        count = room.count()
        if count:
            examples = ", ".join(room.order_by("username").values_list("username", flat=True)[:4])
            self.stdout.write(
                f"  + {count} representantes de la sala (<entidad>.titular / <entidad>.alterno): {examples}, …"
            )
