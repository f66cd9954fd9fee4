"""Load the demonstration data of every app, in dependency order.

Each app may ship ``<app>/demo.py`` with an idempotent ``load(stdout)``. Apps are loaded in the order
members → directives → sessions → decisions → workplans → library → compact → accountability → portal, because later apps hang their demo data on the entities
and people the members demo creates. An app without a demo module is skipped, so the command works
while apps are still being built.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from django.core.management.base import BaseCommand

from mtigm.core.discovery import optional_module

DEMO_MODULES = (
    "members.demo",
    "directives.demo",
    "sessions.demo",
    "decisions.demo",
    "workplans.demo",
    "library.demo",
    "compact.demo",
    "accountability.demo",
    "portal.demo",
)


def import_demo(name: str) -> ModuleType | None:
    """Import a demo module, or return None when the app has none (an error inside it surfaces)."""
    return optional_module(name)


class Command(BaseCommand):
    help = "Carga los datos de demostración de cada aplicación (idempotente)."

    def handle(self, *args: Any, **options: Any) -> None:
        loaded = 0
        for name in DEMO_MODULES:
            module = import_demo(name)
            if module is None or not hasattr(module, "load"):
                self.stdout.write(f"- {name}: no demo module, skipped")
                continue
            self.stdout.write(f"- {name}: loading")
            module.load(self.stdout)
            loaded += 1
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded from {loaded} app(s)."))
