"""Fetch-or-raise helpers of the directives app: norms, articles, rules, non-working days.

Each asks the access layer (``mtigm.core.access``): 404 when the object does not exist or is hidden
from the user, 403 when it is visible but ``action`` (a permission) is not theirs.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from mtigm.core import access

from .models import Article, NonWorkingDay, Norm


def access_norm(user: Any, code: str) -> Norm:
    """The norm with ``code`` and its articles (prefetched)."""
    queryset = Norm.objects.prefetch_related(
        Prefetch("articles", queryset=Article.objects.order_by("position", "number"))
    )
    return access.fetch(user, "norm", queryset, code=code)


def access_article(user: Any, norm_code: str, number: str) -> Article:
    """An article of a norm the user may see (the articles of a draft directive are as hidden as it is)."""
    queryset = Article.objects.select_related("norm")
    return access.fetch(user, "article", queryset, norm__code=norm_code, number=number)


def access_non_working_day(user: Any, day_id: Any, *, action: str = "view", for_update: bool = False) -> NonWorkingDay:
    return access.fetch(
        user, "non_working_day", NonWorkingDay.objects.all(), pk=day_id, action=action, for_update=for_update
    )
