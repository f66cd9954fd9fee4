"""Reference data for this package's tests.

Transactional tests (threads, the browser) end with a flush that empties every table, including
the rules and decision kinds written by data migrations; with --reuse-db a later run would start
without them. This fixture reloads them from the migrations' own loaders when missing.
"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps

from directives.rules import clear_cache

LOADERS = [
    ("directives.migrations.0004_reference_fixes", "apply"),
    ("decisions.migrations.0002_decision_kinds_and_rules", "load"),
]


def ensure_reference_data() -> None:
    from decisions.models import DecisionKind
    from directives.models import Rule

    if Rule.objects.filter(key="vote.simple_majority").exists() and DecisionKind.objects.exists():
        return
    for module_name, function in LOADERS:
        getattr(importlib.import_module(module_name), function)(django_apps, None)
    clear_cache()


@pytest.fixture(autouse=True)
def _reference_data(request):
    if request.node.get_closest_marker("django_db") is not None:
        request.getfixturevalue("_django_db_helper")
        ensure_reference_data()
