"""Reads of the directives app: norms with their articles, rule versions, non-working days."""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Any

from django.db.models import Count, Q, QuerySet

from mtigm.core import access

from .models import Article, NonWorkingDay, Norm, PendingRuleVersion, Rule


def norm_list(actor: Any) -> QuerySet[Norm]:
    """The norms ``actor`` may see, with their number of articles: draft directives only for the
    commission's own roles (``norm.view_drafts``)."""
    queryset = Norm.objects.annotate(article_count=Count("articles")).order_by("issued_on", "code")
    return access.scope_visible(queryset, actor, "norm")


def rule_versions(key: str) -> QuerySet[Rule]:
    return Rule.objects.select_related("norm").filter(key=key).order_by("valid_from")


def in_force(rules: QuerySet[Rule], day: datetime.date) -> QuerySet[Rule]:
    """The versions among ``rules`` in force on ``day``."""
    return rules.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def rules_on(day: datetime.date) -> QuerySet[Rule]:
    """The version of every rule in force on ``day``, with its norm joined."""
    return in_force(Rule.objects.select_related("norm"), day).order_by("key")


def with_current_rules(versions: list[PendingRuleVersion], day: datetime.date) -> list[PendingRuleVersion]:
    """Attach to each pending version the version of its rule in force on ``day`` (or, failing that, the
    latest), in one query for all of them."""
    current: dict[str, Rule] = {}
    keys = {version.key for version in versions}
    for row in Rule.objects.select_related("norm").filter(key__in=keys).order_by("key", "valid_from"):
        # Rows come oldest first: one in force that day is kept; otherwise the latest wins.
        held = current.get(row.key)
        if held is None or not _in_force(held, day):
            current[row.key] = row
    for version in versions:
        version.current_rule = current.get(version.key)
    return versions


def _in_force(row: Rule, day: datetime.date) -> bool:
    return row.valid_from <= day and (row.valid_to is None or day <= row.valid_to)


def pending_rule_versions(actor: Any, *, day: datetime.date) -> list[PendingRuleVersion]:
    """The rule versions that draft directives propose, not in force until the Plenary approves them
    (R24), each with the version of its rule in force on ``day``. Two queries however many there are;
    none, and an empty list, for an actor who may not read drafts (``norm.view_drafts``)."""
    if not access.can(actor, "norm.view_drafts"):
        return []
    versions = list(
        PendingRuleVersion.objects.filter(
            rule__isnull=True, norm__kind=Norm.Kind.DIRECTIVE, norm__status=Norm.Status.DRAFT
        )
        .select_related("norm")
        .order_by("key", "norm__code")
    )
    return with_current_rules(versions, day)


def norm_rule_versions(norm: Norm, *, day: datetime.date) -> list[PendingRuleVersion]:
    """The rule versions a directive proposes (pending while it is a draft) or brought into force."""
    versions = list(norm.pending_rules.select_related("norm", "rule").order_by("key"))
    return with_current_rules(versions, day)


def rule_choices() -> list[tuple[str, str]]:
    """Every rule of the registry as (key, "name (key)"), its latest name, for a form's choices."""
    names = dict(Rule.objects.order_by("key", "valid_from").values_list("key", "name"))
    return [(key, f"{name} ({key})") for key, name in sorted(names.items())]


def non_working_days(*, year: int | None = None) -> QuerySet[NonWorkingDay]:
    days = NonWorkingDay.objects.order_by("date")
    return days.filter(date__year=year) if year else days


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower().strip()


def article_number_for(label: str) -> list[str]:
    """Candidate article numbers for a citation label, most specific first.

    "Art. 7.7 b" -> ["7"]; "§6.4.3.1" -> ["6.4.3.1", "6.4.3", "6.4", "6"]; "V. Disposición final
    única" -> ["V"]. Articles of the Reglamento are stored whole, sections of directives per number.
    """
    label = label.strip()
    if found := re.match(r"^Art\.\s*(\d+)", label):
        return [found[1]]
    if found := re.match(r"^§\s*(\d+(?:\.\d+)*)", label):
        parts = found[1].split(".")
        return [".".join(parts[:n]) for n in range(len(parts), 0, -1)]
    if found := re.match(r"^([IVX]+)\.\s", label):
        return [found[1]]
    return []


def resolve_citation(label: str, articles: list[Article]) -> Article | None:
    """The article of ``articles`` (one norm's) that a rule's citation label points to."""
    by_number = {article.number: article for article in articles}
    for number in article_number_for(label):
        if number in by_number:
            return by_number[number]
    folded = _fold(label)
    for article in articles:
        if _fold(article.label) == folded or _fold(article.heading) == folded:
            return article
    return None


def articles_by_norm(norm_ids: set[int]) -> dict[int, list[Article]]:
    grouped: dict[int, list[Article]] = {}
    for article in Article.objects.filter(norm_id__in=norm_ids).only("id", "norm_id", "number", "label", "heading"):
        grouped.setdefault(article.norm_id, []).append(article)
    return grouped
