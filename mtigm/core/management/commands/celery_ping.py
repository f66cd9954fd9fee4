"""Check end to end that a Celery worker executes the tasks this installation sends.

Sends ``mtigm.core.diagnostics.ping_task`` through the configured broker (the filesystem transport
on the embedded default, Redis otherwise) and waits for the worker to write the answer file.
Exits with status 1 when no worker answered in time.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mtigm.core.diagnostics import ping_task


class Command(BaseCommand):
    help = "Envía una tarea de prueba al worker de Celery y espera su respuesta."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--timeout", type=float, default=30.0, help="Seconds to wait for the worker.")

    def handle(self, *args: Any, timeout: float, **options: Any) -> None:
        token = secrets.token_hex(8)
        answer = Path(settings.VAR_DIR) / "diagnostics" / f"ping-{token}.txt"
        ping_task.delay(str(answer), token)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if answer.exists():
                written = answer.read_text(encoding="utf-8").splitlines()[0]
                answer.unlink()
                if written != token:
                    raise CommandError(f"Unexpected answer {written!r} (expected {token!r}).")
                self.stdout.write(self.style.SUCCESS(f"Celery worker answered ping {token} via {self.broker()}."))
                return
            time.sleep(0.2)
        raise CommandError(f"No Celery worker executed the ping within {timeout:.0f}s (broker {self.broker()}).")

    @staticmethod
    def broker() -> str:
        # Only the scheme: the URL may carry a password.
        return settings.CELERY_BROKER_URL.split("://", 1)[0] + "://"
