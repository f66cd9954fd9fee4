"""Smoke test of the embedded default: ``scripts/run`` on SQLite with the filesystem Celery broker.

It runs the real command in a throwaway MTIGM_VAR_DIR without DATABASE_URL / REDIS_URL / EMAIL_URL,
waits for the login page, logs in as a demo user when the demo exists, proves that a task sent from
Django is executed by the worker through kombu's filesystem transport, then stops the command with
SIGTERM and checks that nothing it started is left running.
"""

from __future__ import annotations

import http.cookiejar
import importlib.util
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.smoke

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 300  # migrations on SQLite plus the demo data, on a busy two-core machine


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def processes_with_env(marker: str) -> list[int]:
    """PIDs of live processes whose environment contains ``marker`` (every child of scripts/run)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker.encode() in environ.split(b"\0") and state != "Z":
            found.append(int(entry.name))
    return found


@pytest.fixture
def embedded_env(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "EMAIL_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="mtigm.settings.local",
        MTIGM_VAR_DIR=str(tmp_path / "var"),
        PORT=str(free_port()),
        MTIGM_RUN_SKIP_INSTALL="1",
        MTIGM_STOP_GRACE="20",
        CELERY_CONCURRENCY="1",
        WEB_CONCURRENCY="1",
    )
    return env


def celery_ping(env: dict[str, str]) -> subprocess.CompletedProcess:
    """Send a task from Django and wait for the worker to answer it (manage.py celery_ping)."""
    ping = subprocess.run(
        [sys.executable, "manage.py", "celery_ping", "--timeout", "90"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=150,
    )
    assert ping.returncode == 0, ping.stdout + ping.stderr
    return ping


def wait_for(predicate, timeout: float, what: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if process.poll() is not None:
            pytest.fail(
                f"scripts/run exited with {process.returncode} while waiting for {what}:\n{log.read_text()[-4000:]}"
            )
        time.sleep(0.5)
    pytest.fail(f"timed out waiting for {what}:\n{log.read_text()[-4000:]}")


def test_embedded_default_runs_serves_executes_tasks_and_stops_cleanly(embedded_env, tmp_path):
    log = tmp_path / "run.log"
    base = f"http://127.0.0.1:{embedded_env['PORT']}"
    marker = f"MTIGM_VAR_DIR={embedded_env['MTIGM_VAR_DIR']}"
    with log.open("wb") as output:
        process = subprocess.Popen(
            ["bash", str(ROOT / "scripts" / "run")],
            cwd=ROOT,
            env=embedded_env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for(lambda: f"MTIGM ready at {base}/" in log.read_text(), START_TIMEOUT, "the server", process, log)
        assert (Path(embedded_env["MTIGM_VAR_DIR"]) / "mtigm.sqlite3").is_file()

        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        with opener.open(f"{base}/cuenta/ingresar/", timeout=10) as response:
            assert response.status == 200
            page = response.read().decode()
        assert "Ingresar" in page
        assert "Contraseña" in page

        if importlib.util.find_spec("members.demo") is not None:
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            form = urllib.parse.urlencode({"username": "st", "password": "demo-mtigm", "csrfmiddlewaretoken": token})
            request = urllib.request.Request(  # noqa: S310 - plain http on loopback
                f"{base}/cuenta/ingresar/", data=form.encode(), headers={"Referer": base + "/"}
            )
            with opener.open(request, timeout=10) as response:
                assert response.status == 200
                assert response.url == f"{base}/"
                assert "Bienvenido" in response.read().decode()
            assert "demo-mtigm" in log.read_text()

        # A task sent from Django reaches the worker through the filesystem broker and is executed.
        ping = celery_ping(embedded_env)
        assert "answered ping" in ping.stdout
        assert "filesystem://" in ping.stdout
        assert re.search(r"Task mtigm\.core\.diagnostics\.ping_task\[[\w-]+\] succeeded", log.read_text())
        assert len(processes_with_env(marker)) >= 4  # scripts/run, gunicorn, celery worker and beat

        # A crashed worker or beat is restarted and logged; the web server keeps serving meanwhile.
        run_dir = Path(embedded_env["MTIGM_VAR_DIR"]) / "run"
        for name in ("worker", "beat"):
            old = int((run_dir / f"{name}.pid").read_text())
            os.killpg(old, signal.SIGKILL)
            with opener.open(f"{base}/cuenta/ingresar/", timeout=10) as response:
                assert response.status == 200
            wait_for(
                lambda name=name, old=old: (
                    f"{name} restarted" in log.read_text() and int((run_dir / f"{name}.pid").read_text()) != old
                ),
                60,
                f"the {name} to be restarted",
                process,
                log,
            )
            assert f"{name} exited unexpectedly" in log.read_text()
        # The restarted worker executes tasks again.
        celery_ping(embedded_env)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            for pid in processes_with_env(marker):
                os.kill(pid, signal.SIGKILL)
            pytest.fail("scripts/run did not stop within 60 s of SIGTERM")

    assert process.returncode == 128 + signal.SIGTERM, log.read_text()[-4000:]
    deadline = time.monotonic() + 10
    while processes_with_env(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert processes_with_env(marker) == [], "scripts/run left processes behind"
    assert "Stopping web server, Celery worker and beat" in log.read_text()
