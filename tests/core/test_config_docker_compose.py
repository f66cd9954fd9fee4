"""The production description (docker-compose.yml, Dockerfile) is complete and consistent.

No Docker engine runs in the test environment, so the files are checked as data.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def command_of(service: dict) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else command


def test_all_services_are_described(compose):
    assert {"postgres", "redis", "migrate", "web", "worker", "beat", "nginx"} <= set(compose["services"])


def test_service_commands(compose):
    services = compose["services"]
    web = command_of(services["web"])
    assert "gunicorn mtigm.wsgi" in web
    # Migrations run in their own one-off service, as the owner role, before the app starts.
    assert "manage.py migrate" not in web
    assert "manage.py migrate" in command_of(services["migrate"])
    assert "manage.py createcachetable" in command_of(services["migrate"])
    assert "celery -A mtigm worker" in command_of(services["worker"])
    assert "celery -A mtigm beat" in command_of(services["beat"])
    assert services["redis"]["image"].startswith("redis")
    assert services["postgres"]["image"].startswith("postgres")


def test_every_service_has_a_healthcheck(compose):
    services = compose["services"]
    for name, service in services.items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert "redis-cli" in services["redis"]["healthcheck"]["test"]
    assert "ping" in services["redis"]["healthcheck"]["test"]


def test_app_services_wait_for_healthy_backends_and_use_them(compose):
    for name in ("web", "worker", "beat"):
        service = compose["services"][name]
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert service["depends_on"]["redis"]["condition"] == "service_healthy"
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert service["environment"]["DJANGO_SETTINGS_MODULE"] == "mtigm.settings.production"
        assert service["environment"]["DATABASE_URL"].startswith("postgres://${MTIGM_DB_APP:-mtigm_app}:")
        assert service["environment"]["REDIS_URL"].startswith("redis://redis:6379")
        assert service["env_file"] == ".env"
        assert service["build"] == "."


def test_data_lives_in_named_volumes(compose):
    declared = set(compose["volumes"])
    services = compose["services"]
    used = {
        volume.split(":")[0]
        for service in services.values()
        for volume in service.get("volumes", [])
        if not volume.startswith((".", "/"))
    }
    assert used <= declared
    assert any(v.endswith(":/var/lib/postgresql/data") for v in services["postgres"]["volumes"])
    assert any(v.endswith(":/data") for v in services["redis"]["volumes"])


def test_dockerfile_installs_from_the_lock_and_weasyprint_libraries():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim", dockerfile, re.MULTILINE)
    # Only the lock decides what is installed: uv sync --frozen fails on a lock out of date.
    assert re.search(r"^COPY pyproject\.toml uv\.lock ", dockerfile, re.MULTILINE)
    assert re.search(r"uv sync --frozen\b", dockerfile)
    assert "pip install -r" not in dockerfile
    assert (ROOT / "uv.lock").is_file()
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0"):
        assert package in dockerfile
    assert "gunicorn" in dockerfile


def test_env_example_names_every_variable_compose_requires(compose):
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    required = set(re.findall(r"\$\{(\w+):\?", (ROOT / "docker-compose.yml").read_text(encoding="utf-8")))
    assert required
    for name in required | {"DJANGO_SECRET_KEY", "EMAIL_URL"}:
        assert re.search(rf"^{name}=", example, re.MULTILINE), name


def test_the_application_connects_as_a_role_without_ddl_and_migrations_as_the_owner(compose):
    services = compose["services"]
    assert services["migrate"]["environment"]["DATABASE_URL"].startswith("postgres://${MTIGM_DB_OWNER:-mtigm_owner}:")
    urls = [s.get("environment", {}).get("DATABASE_URL", "") for s in services.values()]
    assert not any(url.startswith("postgres://postgres") for url in urls)
    mounted = " ".join(services["postgres"]["volumes"])
    assert "deploy/postgres/roles.sql" in mounted and "docker-entrypoint-initdb.d" in mounted
    roles = (ROOT / "deploy/postgres/roles.sql").read_text(encoding="utf-8")
    assert "TRUNCATE" not in roles.split("GRANT", 1)[1]  # no grant names it
    assert "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES" in roles


def test_files_are_sent_by_nginx_from_an_internal_location_only(compose):
    app = compose["services"]["web"]["environment"]
    assert app["PROTECTED_MEDIA_ACCEL_PREFIX"] == "/_protected/"
    nginx = compose["services"]["nginx"]
    assert any(v.startswith("media:") and v.endswith(":ro") for v in nginx["volumes"])
    conf = (ROOT / "deploy/nginx/mtigm.conf").read_text(encoding="utf-8")
    protected = conf.split("location /_protected/", 1)[1].split("}", 1)[0]
    assert "internal;" in protected
    assert re.search(r"location /media/ \{\s*return 404;", conf)
