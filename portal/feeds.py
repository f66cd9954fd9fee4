"""The Atom feed of the portal's news: the published items whose date has come, newest first."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import News

FEED_SIZE = 20


class NewsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Noticias de la MTIGM")
    subtitle = _("Noticias de la Mesa de Trabajo Intersectorial para la Gestión Migratoria.")
    link = reverse_lazy("portal:news")
    author_name = _("Secretaría Técnica de la MTIGM")

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        # The reader decides what the feed lists (through the access layer), as every public page.
        return request.user

    def items(self, obj: Any) -> list[News]:
        return list(selectors.public_news(obj).defer("body")[:FEED_SIZE])

    def item_title(self, item: News) -> str:
        return item.title

    def item_description(self, item: News) -> str:
        return item.summary

    def item_link(self, item: News) -> str:
        return reverse("portal:news-detail", args=[item.slug])

    def item_pubdate(self, item: News) -> datetime.datetime | None:
        return item.published_at

    def item_updateddate(self, item: News) -> datetime.datetime:
        return item.updated_at
