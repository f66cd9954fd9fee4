"""A throwaway redis-server on a free loopback port, and pointing the Celery app at a broker URL."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager

import redis

from mtigm.celery import app
from mtigm.core import dispatch
from tests.core.smtp import free_port


class ThrowawayRedis:
    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.dir = tempfile.mkdtemp(prefix="mtigm-redis-")
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments, our own binary
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.dir,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    if redis.Redis.from_url(self.url).ping():
                        return
            except (OSError, redis.exceptions.ConnectionError):
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def queued(self, queue: str = "celery") -> list[bytes]:
        return redis.Redis.from_url(self.url).lrange(queue, 0, -1)

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class SilentListener:
    """A broker that accepts TCP connections on loopback and never sends a byte back."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(128)
        self.port = self.server.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _accept(self) -> None:
        while True:
            try:
                connection, _address = self.server.accept()
            except OSError:
                return
            self.accepted.append(connection)

    def close(self) -> None:
        self.server.close()
        for connection in self.accepted:
            connection.close()


def use_broker(url: str, *, reset_breaker: bool = True) -> None:
    """Point the already-configured Celery app at ``url`` and drop pooled connections to the old one."""
    app.conf.broker_url = url
    app.conf.broker_write_url = None
    if app._pool is not None:  # noqa: SLF001 - Celery keeps its connection pool here
        app._pool.force_close_all()  # noqa: SLF001
        app._pool = None  # noqa: SLF001
    app.amqp._producer_pool = None  # noqa: SLF001
    # A new broker starts with a closed breaker (mtigm.core.dispatch): what this process learnt of
    # the previous one says nothing about it. bench/broker_down.py keeps the breaker's state itself.
    if reset_breaker:
        dispatch.breaker.reset()


@contextmanager
def broker(url: str):
    previous = app.conf.broker_url
    use_broker(url)
    try:
        yield
    finally:
        use_broker(previous)
