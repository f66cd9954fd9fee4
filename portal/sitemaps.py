"""sitemap.xml: the public site's pages, the plenary sessions with a public page, the adopted norms,
the working groups and the published news. Every list is read as an anonymous visitor, through the
access layer, so nothing a visitor could not open is ever listed."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from directives.models import Norm
from members.models import WorkingGroup
from sessions.models import Session

from . import selectors
from .models import News

PAGES = (
    "portal:home",
    "portal:sessions",
    "portal:agreements",
    "portal:members",
    "portal:groups",
    "portal:norms",
    "portal:news",
    "portal:documents",
    "portal:contact",
)


class PageSitemap(Sitemap):
    def items(self) -> list[str]:
        return list(PAGES)

    def location(self, item: str) -> str:
        return reverse(item)


class SessionSitemap(Sitemap):
    limit = 5000

    def items(self) -> Any:
        return selectors.public_sessions(AnonymousUser()).only("pk", "starts_at").prefetch_related(None)

    def location(self, item: Session) -> str:
        return reverse("portal:session", args=[item.pk])


class NormSitemap(Sitemap):
    def items(self) -> Any:
        return selectors.public_norms(AnonymousUser()).only("pk", "code", "issued_on")

    def location(self, item: Norm) -> str:
        return reverse("portal:norm", args=[item.code])


class GroupSitemap(Sitemap):
    def items(self) -> Any:
        return selectors.group_cards(AnonymousUser())

    def location(self, item: WorkingGroup) -> str:
        return reverse("portal:group", args=[item.number])


class NewsSitemap(Sitemap):
    limit = 5000

    def items(self) -> Any:
        return selectors.public_news(AnonymousUser()).only("pk", "slug", "updated_at", "published_at")

    def location(self, item: News) -> str:
        return reverse("portal:news-detail", args=[item.slug])

    def lastmod(self, item: News) -> datetime.datetime:
        return item.updated_at


class DocumentSitemap(Sitemap):
    limit = 5000

    def items(self) -> Any:
        return selectors.public_documents(AnonymousUser()).select_related(None).only("pk", "updated_at")

    def location(self, item: Any) -> str:
        return reverse("portal:document", args=[item.pk])

    def lastmod(self, item: Any) -> datetime.datetime:
        return item.updated_at


SITEMAPS: dict[str, type[Sitemap]] = {
    "paginas": PageSitemap,
    "sesiones": SessionSitemap,
    "normas": NormSitemap,
    "grupos": GroupSitemap,
    "noticias": NewsSitemap,
    "documentos": DocumentSitemap,
}
