"""The public pages an anonymous visitor asks for, rendered once per version of the public site.

The public site has one version: a random token kept in the shared cache. Every write of a model
the portal shows drops it, at the write and again once its transaction commits
(``portal/signals.py``); the next visitor draws a new one, so a page rendered from the old data is never asked for again and nothing
needs to find and delete pages. A token also ends on its own when the site changes without a
write: at local midnight (the day picks the chair, the groups' people, the plan's year), when a
scheduled news item's time comes, and when the next called session starts (it leaves "upcoming").

A page is cached under the token, the language, the host and the path (with its query string), in
``mtigm.core.versioned``: each process keeps its latest pages in memory, so a repeated visit costs
the one query that reads the token. Only anonymous visitors get cached pages; a logged-in user may
see more, and always gets a fresh page. The pages carry no CSP nonce (the portal has neither
scripts nor inline styles) but do carry a CSRF token (the language switch posts a form): the page
is stored with a placeholder and each answer gets the visitor's own token, as an uncached page
would, with its cookie.
"""

from __future__ import annotations

import datetime
import hashlib
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Min
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from mtigm.core.versioned import stored, versioned
from sessions.models import Session

from .models import News

VERSION_KEY = "portal:public-version"
# Stands for the CSRF token in a stored page; each answer puts the visitor's token in its place.
CSRF_PLACEHOLDER = "portal0csrf0placeholder0" * 2
# Query parameters the cached pages read; any other parameter (the agreements' filter form, say)
# gets a fresh page, so that made-up parameters cannot fill the caches.
CACHED_PARAMETERS = frozenset({"page", "estado"})
MAX_PARAMETER_LENGTH = 12
# Marks a database connection whose open transaction already dropped the version and has not
# drawn a new one since (portal/signals.py drops it once per transaction, not at each write).
DROPPED = "portal_public_version_dropped"
# A transaction changed public data; its next read draws its own token.
DIRTY = ("", 0.0)


def _valid_until(now: datetime.datetime) -> datetime.datetime:
    """When a version made now stops telling the truth with no write in between: local midnight,
    the publication time of the next scheduled news item, or the start of the next called session,
    whichever comes first (two small aggregate queries, once per version)."""
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    until = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))
    scheduled = News.objects.filter(state=News.State.PUBLISHED, published_at__gt=now).aggregate(
        first=Min("published_at")
    )["first"]
    starting = Session.objects.filter(state=Session.State.CALLED, starts_at__gt=now).aggregate(first=Min("starts_at"))[
        "first"
    ]
    return min(moment for moment in (until, scheduled, starting) if moment is not None)


def current_version() -> tuple[str, float]:
    """The public site's version token and the time (epoch seconds) it holds until: one cache read
    while it holds, a new token when a write dropped it or its time ran out.

    A transaction that changed public data and has not committed yet (``DROPPED`` on its
    connection) reads with a token of its own: the others keep the shared one until the commit
    drops it. Nothing is written to the shared cache inside a transaction, because a row written
    there would stay locked until the commit and make every other writer wait for it.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    local = getattr(connection, DROPPED, None)
    if local is not None:
        if connection.in_atomic_block:
            if local == DIRTY or local[1] <= time.time():
                local = (uuid.uuid4().hex, _valid_until(timezone.now()).timestamp())
                setattr(connection, DROPPED, local)
            return str(local[0]), float(local[1])
        # The transaction ended: committed (its drop of the shared version ran) or rolled back.
        setattr(connection, DROPPED, None)
    entry = cache.get(VERSION_KEY)
    if entry is not None and entry[1] > time.time():
        return str(entry[0]), float(entry[1])
    now = timezone.now()
    until = _valid_until(now).timestamp()
    entry = (uuid.uuid4().hex, until)
    timeout = max(1, int(until - time.time()))
    # The stored entry expires a little before its time (whole seconds, rounded down).
    if not cache.add(VERSION_KEY, entry, timeout=timeout):
        # Another process drew a token first: take it, so that both serve the same pages.
        found = cache.get(VERSION_KEY)
        if found is not None and found[1] > time.time():
            return str(found[0]), float(found[1])
        cache.set(VERSION_KEY, entry, timeout=timeout)
    return entry


def drawn_version() -> str | None:
    """The token ``current_version`` would answer, without drawing a new one: None when a write
    dropped it or its time ran out (then no page is stored under it either)."""
    connection = connections[DEFAULT_DB_ALIAS]
    local = getattr(connection, DROPPED, None)
    if local is not None and connection.in_atomic_block:
        return str(local[0]) if local != DIRTY and local[1] > time.time() else None
    entry = cache.get(VERSION_KEY)
    return str(entry[0]) if entry is not None and entry[1] > time.time() else None


def mark_changed(connection: Any) -> None:
    """This connection's open transaction changed public data: its own reads use a token of their
    own until it ends (``current_version``)."""
    setattr(connection, DROPPED, DIRTY)


def bump_version() -> None:
    """Drop the public site's version: the next visitor draws a new one and pages render again."""
    cache.delete(VERSION_KEY)
    setattr(connections[DEFAULT_DB_ALIAS], DROPPED, None)


def _plain_get(request: HttpRequest) -> bool:
    """A GET (or HEAD) with no pending messages and only the query parameters the pages read."""
    if request.method not in ("GET", "HEAD"):
        return False
    if "messages" in request.COOKIES:
        return False
    for name, values in request.GET.lists():
        if name not in CACHED_PARAMETERS or any(len(value) > MAX_PARAMETER_LENGTH for value in values):
            return False
    return True


def cacheable(request: HttpRequest) -> bool:
    """Whether this request may be answered from the cache: an anonymous visitor's plain GET."""
    return _plain_get(request) and not request.user.is_authenticated


def page_key(request: HttpRequest, token: str) -> str:
    # The page shows its own address (Open Graph, the language switch's "next"): all of it counts.
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(where.encode()).hexdigest()[:32]
    return f"portal:page:{token}:{get_language()}:{digest}"


def answer(request: HttpRequest, html: str) -> HttpResponse:
    """The stored page with the visitor's own CSRF token (``get_token`` also sets the cookie when
    the visitor has none, as rendering ``{% csrf_token %}`` would)."""
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return HttpResponse(html)


class PublicPageCache:
    """A portal page an anonymous visitor gets from the cache (put before the view's base class).

    The view renders as always (``get_context_data`` and its template) when the page is not stored;
    a 404 raised while rendering stores nothing.
    """

    # Typed Any: it stands in for TemplateView.get (a TemplateResponse) and may answer a plain one.
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not cacheable(request):
            return super().get(request, *args, **kwargs)  # type: ignore[misc]
        token, until = current_version()

        def render() -> str:
            context = self.get_context_data(**kwargs)  # type: ignore[attr-defined]
            context["csrf_token"] = CSRF_PLACEHOLDER
            response = self.render_to_response(context)  # type: ignore[attr-defined]
            response.render()
            return str(response.content.decode(response.charset))

        html = versioned(page_key(request, token), render, timeout=max(1, int(until - time.time())))
        return answer(request, html)


class PublicPageMiddleware:
    """Answers an anonymous visitor's request for a public page already stored, before the rest of
    the middleware chain runs (bench figure P1: the chain cost four times a whole trivial view).

    It sits right after the middleware that set the security headers (HSTS, Permissions-Policy,
    CSP, static files), which still run on its answer. It answers only a visitor without a session
    cookie (so, anonymous: no session means no login), a plain GET of the portal, and only a page
    ``PublicPageCache`` stored for the same version, language, host and address: the page was
    rendered by the full chain, its view's access checks included. It then does what the skipped
    middleware would have done to such an answer: the visitor's CSRF token and cookie (csrf), the
    language headers (locale) and X-Frame-Options (clickjacking). Anything else goes down the
    chain as before.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)
        self.frame_options = XFrameOptionsMiddleware(get_response)
        self._prefix = ""

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self._stored_page(request)
        return response if response is not None else self.get_response(request)

    def _stored_page(self, request: HttpRequest) -> HttpResponseBase | None:
        if not self._prefix:
            self._prefix = reverse("portal:home")
        if not request.path.startswith(self._prefix) or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return None
        if not _plain_get(request):
            return None
        # No version, no stored page: drawing one (two aggregates) is left to the page that renders.
        token = drawn_version()
        if token is None:
            return None
        language = translation.get_language_from_request(request)
        with translation.override(language):
            html = stored(page_key(request, token))
            if html is None:
                return None
            self.csrf.process_request(request)
            response = answer(request, html)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        response = self.frame_options.process_response(request, response)
        return self.csrf.process_response(request, response)
