"""Guard rails of the architecture that the linters do not cover."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PROJECT_PACKAGES = {"mtigm", "members", "directives", "sessions", "decisions", "workplans"}


def _migrations() -> list[Path]:
    return sorted(path for path in ROOT.glob("*/migrations/0*.py") if ".venv" not in path.parts)


@pytest.mark.parametrize("path", _migrations(), ids=lambda p: str(p.relative_to(ROOT)))
def test_migrations_carry_their_data_frozen_and_import_no_live_module(path: Path) -> None:
    """A migration that imported the application's modules would change what it does when they
    change; it uses the historical models (apps.get_model) and data written into it."""
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.add(node.module.split(".")[0])
    assert imported & PROJECT_PACKAGES == set()
