"""Read access to the rule registry: the only way other apps obtain a rule's value.

    from directives.rules import rule
    notice = rule("session.notice_business_days.ordinary", on=session_date)
    notice.value      # 7
    notice.citation   # "Art. 11, Reglamento de la MTIGM"

Rules are loaded once per request or task into a small in-process cache (cleared on every
request start, Celery task start and rule change), so that list pages do not issue one query per
row that needs a rule.
"""

from __future__ import annotations

import datetime
import threading
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _


class UnknownRule(LookupError):
    pass


@dataclass(frozen=True)
class RuleValue:
    key: str
    name: str
    value: Any
    unit: str
    citation: str
    article: str
    norm_code: str | None
    valid_from: datetime.date
    valid_to: datetime.date | None

    def __int__(self) -> int:
        return int(self.value)

    @property
    def text(self) -> str:
        """The value in words, in the active language ("7 días hábiles")."""
        from .humanize import describe

        return describe(self.value, self.unit)


_local = threading.local()


def clear_cache(**_kwargs: Any) -> None:
    _local.rules = None


def _all_rules() -> dict[str, list[RuleValue]]:
    cached = getattr(_local, "rules", None)
    if cached is not None:
        return cached
    from .models import Rule

    rules: dict[str, list[RuleValue]] = {}
    # Only the columns a RuleValue is made of: the norms' texts are long and no rule needs them.
    fields = ("key", "name", "value", "unit", "article", "valid_from", "valid_to", "norm__code", "norm__short_name")
    for row in Rule.objects.select_related("norm").only(*fields).order_by("key", "valid_from"):
        rules.setdefault(row.key, []).append(
            RuleValue(
                key=row.key,
                name=row.name,
                value=row.value,
                unit=row.unit,
                citation=row.citation,
                article=row.article,
                norm_code=row.norm.code if row.norm else None,
                valid_from=row.valid_from,
                valid_to=row.valid_to,
            )
        )
    _local.rules = rules
    return rules


def rule(key: str, *, on: datetime.date | None = None) -> RuleValue:
    """Return the version of rule ``key`` in force on ``on`` (today in Lima by default)."""
    day = on or timezone.localdate()
    for version in reversed(_all_rules().get(key, [])):
        if version.valid_from <= day and (version.valid_to is None or day <= version.valid_to):
            return version
    raise UnknownRule(_("No hay una regla «%(key)s» vigente el %(day)s.") % {"key": key, "day": day})


def rule_or_none(key: str, *, on: datetime.date | None = None) -> RuleValue | None:
    """Like ``rule``, for optional rules: ``None`` when no version of ``key`` is in force that day."""
    try:
        return rule(key, on=on)
    except UnknownRule:
        return None


def rules_in_force(*, on: datetime.date | None = None) -> list[RuleValue]:
    day = on or timezone.localdate()
    return [found for key in sorted(_all_rules()) if (found := rule_or_none(key, on=day)) is not None]
