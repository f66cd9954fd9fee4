"""The public pages an anonymous visitor gets from the cache (portal/cache.py): a repeated visit
reads one row, and whatever a page shows changes it at once; logged-in users and other languages
never get another visitor's copy."""

from __future__ import annotations

import datetime
import re
import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal import cache as portal_cache
from portal import services as portal_services
from portal.models import News
from sessions.models import Session
from tests.factories.members import secretariat_user
from tests.portal.world import PortalWorld, approved_minutes, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> PortalWorld:
    return build_world(size=1)


def _page(response) -> str:
    """The page less its CSRF token, which each answer masks anew."""
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def _publish(title: str) -> News:
    st = secretariat_user("st-news")
    news = portal_services.news_create(actor=st, title=title, summary="Resumen de la noticia", body="Cuerpo.")
    return portal_services.news_publish(actor=st, news=news)


def test_a_repeated_anonymous_visit_reads_one_row_and_gets_the_same_page(client, world, django_assert_max_num_queries):
    first = client.get(reverse("portal:home"))
    with django_assert_max_num_queries(1):
        second = client.get(reverse("portal:home"))
    assert _page(second) == _page(first)


@pytest.mark.parametrize(
    "page",
    ["sessions", "session", "agreements", "members", "norms", "norm", "groups", "group", "news", "news-detail"],
)
def test_every_public_page_is_cached_too(client, world, page, django_assert_max_num_queries):
    url = {
        "session": lambda: reverse("portal:session", args=[world.corrected_session.pk]),
        "norm": lambda: reverse("portal:norm", args=["reglamento"]),
        "group": lambda: reverse("portal:group", args=[world.group.number]),
        "news-detail": lambda: reverse("portal:news-detail", args=[_publish("Noticia en caché").slug]),
    }.get(page, lambda: reverse(f"portal:{page}"))()
    first = client.get(url)
    with django_assert_max_num_queries(1):
        second = client.get(url)
    assert _page(second) == _page(first)


def test_a_published_news_item_reaches_the_cached_pages_at_once_and_leaves_them_when_withdrawn(client, world):
    for url in (reverse("portal:home"), reverse("portal:news")):
        assert "Noticia recién publicada" not in _page(client.get(url))
    news = _publish("Noticia recién publicada")
    for url in (reverse("portal:home"), reverse("portal:news")):
        assert "Noticia recién publicada" in _page(client.get(url)), url
    assert client.get(reverse("portal:news-detail", args=[news.slug])).status_code == 200
    portal_services.news_unpublish(actor=secretariat_user("st-withdraw"), news=news)
    for url in (reverse("portal:home"), reverse("portal:news")):
        assert "Noticia recién publicada" not in _page(client.get(url)), url
    assert client.get(reverse("portal:news-detail", args=[news.slug])).status_code == 404


def test_an_approved_acta_reaches_the_home_page_and_the_session_page_at_once(client, world):
    session = world.unapproved_session
    acta_link = reverse("portal:session", args=[session.pk]) + "#acta"
    assert acta_link not in _page(client.get(reverse("portal:home")))
    assert "Resumen recién aprobado" not in _page(client.get(reverse("portal:session", args=[session.pk])))
    approved_minutes(session, version=2, marker="Resumen recién aprobado")
    assert acta_link in _page(client.get(reverse("portal:home")))
    assert "Resumen recién aprobado" in _page(client.get(reverse("portal:session", args=[session.pk])))


def test_a_called_session_reaches_the_home_page_and_the_session_list_at_once(client, world):
    session = world.draft_session
    link = reverse("portal:session", args=[session.pk])
    assert link not in _page(client.get(reverse("portal:home")))
    assert link not in _page(client.get(reverse("portal:sessions")))
    assert client.get(link).status_code == 404
    session.state = Session.State.CALLED
    session.called_on = timezone.localdate()
    session.save()
    assert link in _page(client.get(reverse("portal:home")))
    assert link in _page(client.get(reverse("portal:sessions")))
    assert client.get(link).status_code == 200


def test_an_agreement_no_longer_public_leaves_the_cached_list_at_once(client, world):
    assert "Acuerdo publicado" in _page(client.get(reverse("portal:agreements")))
    agreement = world.shown_agreement
    agreement.public = False
    agreement.save()
    assert "Acuerdo publicado" not in _page(client.get(reverse("portal:agreements")))


def test_a_scheduled_news_item_appears_when_its_time_comes_without_a_write(client, world, monkeypatch):
    st = secretariat_user("st-scheduled")
    soon = timezone.now() + datetime.timedelta(hours=2)
    news = portal_services.news_create(
        actor=st, title="Noticia programada", summary="Resumen", body="Cuerpo.", published_at=soon
    )
    portal_services.news_publish(actor=st, news=news)
    assert "Noticia programada" not in _page(client.get(reverse("portal:news")))
    later = soon + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(portal_cache.time, "time", lambda: later.timestamp())
    assert "Noticia programada" in _page(client.get(reverse("portal:news")))


def test_a_logged_in_user_never_gets_the_anonymous_copy(client, world):
    anonymous = _page(client.get(reverse("portal:home")))
    assert reverse("login") in anonymous
    client.force_login(secretariat_user("st-reader"))
    logged_in = _page(client.get(reverse("portal:home")))
    assert "Ir a la plataforma" in logged_in
    assert logged_in != anonymous
    client.logout()
    assert "Ir a la plataforma" not in _page(client.get(reverse("portal:home")))


def test_english_and_spanish_pages_are_cached_apart(client, world):
    spanish = _page(client.get(reverse("portal:home")))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _page(client.get(reverse("portal:home")))
    assert '<html lang="en"' in english and ">Home<" in english
    assert '<html lang="es' in spanish and ">Inicio<" in spanish
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    assert _page(client.get(reverse("portal:home"))) == spanish


def test_a_cached_page_carries_each_visitors_own_csrf_token(world):
    Client().get(reverse("portal:home"))  # stores the page
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get(reverse("portal:home"))
    html = response.content.decode()
    assert portal_cache.CSRF_PLACEHOLDER not in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert settings.CSRF_COOKIE_NAME in response.cookies
    switched = visitor.post(
        reverse("set_language"), {"language": "en", "next": reverse("portal:home"), "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302


def test_a_version_lasts_no_later_than_the_next_called_session_starts(world):
    token, until = portal_cache.current_version()
    first = Session.objects.filter(state=Session.State.CALLED, starts_at__gt=timezone.now()).order_by("starts_at")
    assert until <= first[0].starts_at.timestamp()
    assert until > time.time()
    assert portal_cache.current_version() == (token, until)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_writers_never_wait_for_each_other_on_the_public_version():
    """Two transactions changing public data at once: neither waits for the other's commit (the
    version is dropped after each commit, never written inside a transaction, where its row would
    stay locked and make every writer of the platform queue behind it)."""
    import threading

    from django.db import connection, transaction

    from members.models import WorkingGroup

    portal_cache.current_version()  # A shared version exists: the one the writers drop.
    holding, done = threading.Event(), threading.Event()
    outcome: list[str] = []

    def first_writer():
        try:
            with transaction.atomic():
                WorkingGroup.objects.create(number=91, name="Primero")
                holding.set()
                done.wait(timeout=10)  # Still open while the second writer works.
        finally:
            connection.close()

    def second_writer():
        try:
            holding.wait(timeout=10)
            with transaction.atomic():
                WorkingGroup.objects.create(number=92, name="Segundo")
            outcome.append("committed")
        finally:
            done.set()
            connection.close()

    first, second = threading.Thread(target=first_writer), threading.Thread(target=second_writer)
    first.start()
    second.start()
    second.join(timeout=5)
    finished_in_time = not second.is_alive()
    done.set()
    first.join(timeout=10)
    second.join(timeout=10)
    assert finished_in_time and outcome == ["committed"]
    assert portal_cache.cache.get(portal_cache.VERSION_KEY) is None  # dropped by the commits


def _headers(response) -> dict[str, str]:
    skipped = {"date", "set-cookie", "content-length"}
    return {name.lower(): value for name, value in response.headers.items() if name.lower() not in skipped}


@pytest.mark.parametrize("language", ["es-PE", "en"])
def test_a_stored_page_skips_the_middleware_chain_with_the_same_answer(world, language, monkeypatch):
    """The second visit is answered by PublicPageMiddleware before the session, auth, access and
    other middleware run: same page, same headers, the visitor's own CSRF cookie."""
    from django.contrib.sessions.middleware import SessionMiddleware

    visitor = Client(HTTP_ACCEPT_LANGUAGE=language)
    first = visitor.get(reverse("portal:home"))
    assert first.status_code == 200 and "csrftoken" in first.cookies
    calls = []
    original = SessionMiddleware.process_request
    monkeypatch.setattr(
        SessionMiddleware, "process_request", lambda self, request: calls.append(1) or original(self, request)
    )
    second = visitor.get(reverse("portal:home"))
    assert calls == [], "the chain below the fast path did not run"
    assert _page(second) == _page(first)
    assert _headers(second) == _headers(first)
    assert second["Content-Language"] == ("en" if language == "en" else "es")
    # A newcomer without a cookie gets one, as from the full chain.
    newcomer = Client(HTTP_ACCEPT_LANGUAGE=language).get(reverse("portal:home"))
    assert calls == [] and "csrftoken" in newcomer.cookies
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', newcomer.content.decode())
    assert token and token.group(1) != portal_cache.CSRF_PLACEHOLDER


def test_who_has_a_session_or_asks_something_else_goes_down_the_chain(world, monkeypatch):
    from django.contrib.sessions.middleware import SessionMiddleware

    Client().get(reverse("portal:home"))
    calls = []
    original = SessionMiddleware.process_request
    monkeypatch.setattr(
        SessionMiddleware, "process_request", lambda self, request: calls.append(1) or original(self, request)
    )
    logged_in = Client()
    logged_in.force_login(secretariat_user("st-cache"))
    calls.clear()
    assert logged_in.get(reverse("portal:home")).status_code == 200
    assert calls, "a logged-in user always gets a fresh page"
    calls.clear()
    assert Client().get(reverse("portal:home"), {"otro": "1"}).status_code == 200
    assert calls
    calls.clear()
    assert Client().get(reverse("portal:sessions")).status_code == 200  # not stored yet: rendered
    assert calls
