"""Append-only for real: the record tables refuse TRUNCATE by trigger, whoever asks, and the role
the application connects as in production may not truncate, create or drop anything."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

import psycopg
import pytest
from django.db import DatabaseError, connection, transaction
from psycopg import sql

from decisions.models import Ballot, Minutes, MinutesSignature, Vote, VoteAuditEntry
from mtigm.core.models import SecurityEvent

pytestmark = [pytest.mark.django_db]
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("model", [Ballot, Vote, VoteAuditEntry, Minutes, MinutesSignature, SecurityEvent])
def test_truncate_is_refused_even_to_the_superuser(model):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {model._meta.db_table} CASCADE")


def test_rows_of_the_security_log_are_never_changed_or_deleted():
    event = SecurityEvent.objects.create(kind="login", username="st")
    with pytest.raises(DatabaseError), transaction.atomic():
        SecurityEvent.objects.filter(pk=event.pk).update(username="otro")
    with pytest.raises(DatabaseError), transaction.atomic():
        SecurityEvent.objects.filter(pk=event.pk).delete()


def _roles_sql(owner: str, owner_password: str, app: str, app_password: str) -> str:
    """deploy/postgres/roles.sql with its psql variables filled in, as psql -v would."""
    text = (ROOT / "deploy/postgres/roles.sql").read_text(encoding="utf-8")
    text = re.sub(r"^--.*$", "", text, flags=re.MULTILINE)
    values = {"owner": owner, "owner_password": owner_password, "app": app, "app_password": app_password}
    text = re.sub(r':"(\w+)"', lambda m: f'"{values[m.group(1)]}"', text)
    return re.sub(r":'(\w+)'", lambda m: f"'{values[m.group(1)]}'", text)


def test_the_application_role_reads_and_writes_rows_but_cannot_truncate_or_change_the_schema():
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mtigm").rsplit("/", 1)[0]
    suffix = secrets.token_hex(4)
    database, owner, app = f"mtigm_roles_{suffix}", f"mtigm_owner_{suffix}", f"mtigm_app_{suffix}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    host = base.rsplit("@", 1)[1]
    try:
        with psycopg.connect(f"{base}/{database}", autocommit=True) as superuser:
            superuser.execute(_roles_sql(owner, "owner-pw", app, "app-pw"))
        # A migration, as the owner: a table created after the roles, covered by the default privileges.
        with psycopg.connect(f"postgres://{owner}:owner-pw@{host}/{database}", autocommit=True) as as_owner:
            as_owner.execute("CREATE TABLE record (id bigserial PRIMARY KEY, text varchar(20))")
        with psycopg.connect(f"postgres://{app}:app-pw@{host}/{database}", autocommit=True) as as_app:
            as_app.execute("INSERT INTO record (text) VALUES ('acta')")
            as_app.execute("UPDATE record SET text = 'acta 2'")
            assert as_app.execute("SELECT count(*) FROM record").fetchone() == (1,)
            for statement in (
                "TRUNCATE record",
                "DROP TABLE record",
                "ALTER TABLE record ADD COLUMN x int",
                "CREATE TABLE other (id int)",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    as_app.execute(statement)
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
            for role in (app, owner):
                admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
