"""Fixtures shared by every test package."""

from __future__ import annotations

import pytest

from directives.rules import clear_cache


@pytest.fixture(autouse=True)
def _fresh_rule_cache():
    """Each test sees the rule registry as its own database has it."""
    clear_cache()
    yield
    clear_cache()
