"""Fixtures of the core tests."""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.core.world import World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> World:
    """The demo and a few more objects, built once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        yield built
        transaction.set_rollback(True)
