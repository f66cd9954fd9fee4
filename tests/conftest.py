"""Fixtures shared by every test package."""

from __future__ import annotations

import pytest

from directives.rules import clear_cache


def pytest_collection_modifyitems(items):
    """Give every transactional test a serialized rollback.

    The rule registry, the norms and other reference rows are written by data migrations. A
    transactional test (threads, the live server of browser tests) ends with a flush that empties
    every table; with a serialized rollback Django reloads the migrated content when such a test
    starts. pytest-django runs transactional tests after the others, so the rest never see a
    flushed database.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None or marker.kwargs.get("serialized_rollback"):
            continue
        if marker.kwargs.get("transaction") or (marker.args and marker.args[0]):
            kwargs = {**marker.kwargs, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Keep the serialized reference data reachable from every connection object.

    Django keeps it on the connection wrapper. Once Playwright's sync API runs its event loop in
    this thread, Django may hand later tests a new wrapper object (connections are context-local),
    and a serialized rollback would then silently restore nothing. A class attribute survives that.
    """
    from django.db import connections

    connection = connections["default"]
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents is not None:
        type(connection)._test_serialized_contents = contents
    yield


@pytest.fixture(autouse=True)
def _default_language():
    """A request made with the test client leaves its language active in this thread; reset it so
    one test's English page does not turn the next test's Spanish texts into English."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_rule_cache():
    """Each test sees the rule registry, and the answers built from its data, as its own database
    has them (the cache table rolls back with the test; the process's copies must go too)."""
    from mtigm.core.versioned import forget_local

    clear_cache()
    forget_local()
    yield
    clear_cache()
    forget_local()


# Browser tests -------------------------------------------------------------------------------
# Playwright drives Debian's chromium (its own browser download cannot work on these machines).
# Its sync API runs an event loop in this thread, which makes Django refuse ORM calls made from the
# test body unless async-unsafe calls are allowed; the tests and the live server are still
# sequential, so this is safe here.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    import os

    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open pages in fresh browser contexts (separate cookies); closed after the test."""
    contexts = []

    def open_page(language: str = "es-PE"):
        context = browser.new_context(locale=language, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def browser_login(page, live_server, username: str, password: str = "clave-segura-123") -> None:
    page.goto(f"{live_server.url}/cuenta/ingresar/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/cuenta/ingresar/" not in url)


@pytest.fixture
def throttle_rates(monkeypatch, settings):
    """Set some throttle rates for one test: ``throttle_rates(render="3/hour")``. REST framework reads
    the rates once, into a class attribute, so a test changes them there."""

    def set_rates(**rates: str) -> None:
        merged = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates}
        monkeypatch.setattr("rest_framework.throttling.SimpleRateThrottle.THROTTLE_RATES", merged)

    return set_rates


# The broker ----------------------------------------------------------------------------------


class SentTasks(list):
    """What the platform handed to Celery, as (task name, arguments), in order."""

    def ids(self, task_name: str) -> list:
        """The first argument (the id) of every task ``task_name`` sent."""
        return [args[0] for name, args in self if name == task_name]


@pytest.fixture
def broker(monkeypatch):
    """Stand in for the broker: record the tasks the platform publishes (mtigm.core.dispatch) instead of
    publishing them, so a test runs the tasks it cares about itself."""
    sent = SentTasks()

    def send(task_name, *args):
        sent.append((task_name, args))
        return True

    monkeypatch.setattr("mtigm.core.dispatch.send", send)
    return sent


@pytest.fixture(autouse=True, scope="session")
def _flush_past_truncate_guards():
    """Transactional tests end with a flush, a TRUNCATE of every table. The append-only tables refuse
    TRUNCATE (statement-level triggers, ``mtigm.core.models.no_truncate``); the test database lets the
    flush through, and only the flush."""
    import pgtrigger
    from django.core.management.commands import flush

    original = flush.Command.handle

    def handle(self, *args, **options):
        with pgtrigger.ignore(*_truncate_guard_uris()):
            return original(self, *args, **options)

    flush.Command.handle = handle
    yield
    flush.Command.handle = original


def _truncate_guard_uris():
    import pgtrigger

    return [
        f"{model._meta.label}:{trigger.name}"
        for model, trigger in pgtrigger.registered()
        if trigger.name.endswith("_no_truncate")
    ]
