"""Finding what each installed app contributes, by module name, so that ``mtigm.core`` never
imports an app above it: menu entries (``menu``), inbox sections (``inbox``), message names
(``message_kinds``), beat schedules (``beat``) and demo data (``demo``)."""

from __future__ import annotations

import importlib
from types import ModuleType

from django.apps import apps


def optional_module(name: str) -> ModuleType | None:
    """Import ``name``, or None when that very module does not exist: an import error raised
    *inside* the module is a bug and surfaces."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        return None


def app_modules(suffix: str) -> list[ModuleType]:
    """The ``<app>.<suffix>`` module of every installed app that has one, in INSTALLED_APPS order."""
    found = (optional_module(f"{config.name}.{suffix}") for config in apps.get_app_configs())
    return [module for module in found if module is not None]
