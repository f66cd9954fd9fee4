"""Rule values in words, for the rules page, the API and messages ("7 días hábiles")."""

from __future__ import annotations

from typing import Any

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

COUNT_UNITS = {
    "business_days": lambda n: ngettext("%(n)s día hábil", "%(n)s días hábiles", n),
    "calendar_days": lambda n: ngettext("%(n)s día calendario", "%(n)s días calendario", n),
    "months": lambda n: ngettext("%(n)s mes", "%(n)s meses", n),
    "minutes": lambda n: ngettext("%(n)s minuto", "%(n)s minutos", n),
    "entities": lambda n: ngettext("%(n)s entidad miembro", "%(n)s entidades miembro", n),
    "sessions": lambda n: ngettext("%(n)s sesión", "%(n)s sesiones", n),
    "pages": lambda n: ngettext("%(n)s página", "%(n)s páginas", n),
}

WEEK_ORDINALS = {
    1: lambda m: _("1.ª semana de %(month)s") % {"month": m},
    2: lambda m: _("2.ª semana de %(month)s") % {"month": m},
    3: lambda m: _("3.ª semana de %(month)s") % {"month": m},
    4: lambda m: _("4.ª semana de %(month)s") % {"month": m},
}


def _month(number: int) -> str:
    # Django's month names are lower case in Spanish ("abril") and capitalised in English ("April").
    return str(MONTHS[number])


def _formula(value: dict[str, Any]) -> str:
    if value.get("presence") == "all_members":
        return _("todos los miembros presentes y acuerdo por unanimidad")
    if "plus" in value:
        if value.get("numerator") == 1 and value.get("denominator") == 2:
            return _("mitad más uno de las entidades miembro")
        return _("%(num)s/%(den)s más %(plus)s de las entidades miembro") % {
            "num": value["numerator"],
            "den": value["denominator"],
            "plus": value["plus"],
        }
    if value.get("base") == "present_and_voting":
        text = _("mayoría simple de los miembros presentes y votantes")
        if value.get("casting_vote"):
            text = _("%(text)s; en empate dirime el Presidente") % {"text": text}
        return text
    if value.get("base") == "members_in_office":
        return _("mayoría simple de todos los miembros en funciones")
    return ", ".join(f"{key}: {item}" for key, item in value.items())


def _calendar_point(value: dict[str, Any]) -> str:
    month = _month(int(value["month"]))
    if "week" in value and int(value["week"]) in WEEK_ORDINALS:
        return WEEK_ORDINALS[int(value["week"])](month)
    if "day" in value:
        return _("%(day)s de %(month)s") % {"day": value["day"], "month": month}
    return month


def describe(value: Any, unit: str) -> str:
    """``value`` of a rule with ``unit`` in words, in the active language."""
    if unit in COUNT_UNITS and isinstance(value, int) and not isinstance(value, bool):
        return COUNT_UNITS[unit](value) % {"n": value}
    if unit in COUNT_UNITS and isinstance(
        value, list
    ):  # several moments: "7 días calendario, 3 días calendario, 1 día calendario"
        return ", ".join(describe(item, unit) for item in value)
    if unit == "formula" and isinstance(value, dict):
        return _formula(value)
    if unit == "calendar_point" and isinstance(value, dict):
        return _calendar_point(value)
    if unit == "flag" or isinstance(value, bool):
        return _("Sí") if value else _("No")
    return str(value)
