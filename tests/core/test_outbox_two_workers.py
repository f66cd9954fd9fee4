"""Exactly once on the embedded default: two worker processes on one SQLite database, each trying
to send every queued message, deliver each message once (the claim is one conditional UPDATE;
SQLite ignores SELECT ... FOR UPDATE)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.smoke

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = 40

SEED = f"""
from mtigm.core.outbox import outbox_enqueue
from django.db import transaction
with transaction.atomic():
    for n in range({MESSAGES}):
        outbox_enqueue(key=f"two-workers:{{n}}", kind="session_call", recipient=f"persona{{n}}@example.gob.pe",
                       subject=f"Citación {{n}}", body_text="Cuerpo")
"""

# Each worker tries every message, in its own order, as a Celery worker would run tasks delivered
# twice (a sweep and a retry, say). ``outbox_send.run`` is the task's body.
WORK = """
import random, sys
from mtigm.core.models import OutboundMessage
from mtigm.core.tasks import outbox_send
ids = list(OutboundMessage.objects.values_list("pk", flat=True))
random.Random(int(sys.argv[1])).shuffle(ids)
results = [outbox_send.run(pk) for pk in ids]
print("sent", results.count("sent"), "skipped", results.count("skipped"))
"""


def _manage(env: dict[str, str], *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, **kwargs
    )


def test_two_worker_processes_on_sqlite_send_each_message_once(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "EMAIL_URL"}
    }
    env.update(DJANGO_SETTINGS_MODULE="mtigm.settings.local", MTIGM_VAR_DIR=str(tmp_path / "var"))
    migrated = _manage(env, "migrate", "--noinput", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    seeded = _manage(env, "shell", "--no-imports", "-c", SEED)
    assert seeded.returncode == 0, seeded.stderr[-3000:]

    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", WORK.replace("sys.argv[1]", str(seed))],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed in (1, 2)
    ]
    outputs = [worker.communicate(timeout=300) for worker in workers]
    for worker, (_out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err[-3000:]
        assert "database is locked" not in err
    sent = sum(int(re.search(r"sent (\d+)", out).group(1)) for out, _err in outputs)
    assert sent == MESSAGES

    outbox = tmp_path / "var" / "outbox"
    mails = "\n".join(path.read_text() for path in outbox.iterdir())
    recipients = re.findall(r"^To: (\S+)$", mails, flags=re.MULTILINE)
    print(
        f"\ntwo workers on SQLite: {MESSAGES} messages, {len(recipients)} e-mails written, {len(recipients) - len(set(recipients))} duplicates"
    )
    assert len(recipients) == MESSAGES
    assert len(set(recipients)) == MESSAGES
    states = _manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from mtigm.core.models import OutboundMessage as M; print(sorted(set(M.objects.values_list('status', 'attempts'))))",
    )
    assert states.stdout.strip() == "[('sent', 1)]"
