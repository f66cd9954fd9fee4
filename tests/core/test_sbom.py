"""The software bill of materials comes from the lock file: what production installs, nothing else."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_sbom_lists_the_locked_runtime_packages_only(tmp_path):
    target = tmp_path / "sbom.json"
    uv = Path(sys.executable).parent / "uv"
    subprocess.run(
        [str(uv), "export", "--frozen", "--no-dev", "--no-default-groups", "--format", "cyclonedx1.5"]
        + ["--preview-features", "sbom-export", "--quiet", "-o", str(target)],
        cwd=ROOT,
        env={**os.environ, "UV_PROJECT_ENVIRONMENT": str(Path(sys.executable).parents[1])},
        check=True,
        timeout=120,
    )
    bom = json.loads(target.read_text())
    assert bom["bomFormat"] == "CycloneDX" and bom["specVersion"] == "1.5"
    names = {component["name"]: component for component in bom["components"]}
    for runtime in ("django", "djangorestframework", "django-axes", "django-rest-knox", "celery", "weasyprint"):
        assert runtime in names, runtime
        assert names[runtime]["version"]
        assert names[runtime]["purl"].startswith(f"pkg:pypi/{runtime}@")
    for tool in ("pytest", "schemathesis", "ruff", "mypy"):
        assert tool not in names, tool
