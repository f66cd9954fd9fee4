"""Indicators of the Global Compact follow-up: the ST defines them (objective or SDG 10.7 code,
unit, baseline, target, source, disaggregation, responsible entity); the responsible entity's
representatives enter a value per year with its evidence and submit it; the ST validates it or
returns it with observations. Access (the matrix's ``indicator.*`` and ``indicator_value.*``),
selectors, services and the SVG chart live here, apart from the consultation's modules.

Who sees what: every role sees the indicators and their validated values; drafts, submitted and
returned values only the ST and the responsible entity's representatives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from mtigm.core import access
from mtigm.core.errors import RuleViolation, StateConflict
from mtigm.core.exports import spreadsheet_text, xml_text
from mtigm.core.files import validate_document_upload
from mtigm.core.outbox import commission_language
from mtigm.core.services import clean_text, model_update

from .models import Contribution, Indicator, IndicatorValue, Objective, ReferenceItem
from .services import ST_FUNCTIONS, _queue, entity_recipients, secretariat_recipients

MIN_YEAR, MAX_YEAR = 1990, 2100
EDITABLE = (IndicatorValue.State.DRAFT, IndicatorValue.State.RETURNED)

INDICATOR_FIELDS = (
    "name",
    "code",
    "objective",
    "sdg_indicator",
    "unit",
    "baseline_value",
    "baseline_year",
    "target_value",
    "target_year",
    "source",
    "disaggregation",
    "responsible_entity",
    "description",
    "active",
)


# --- access -----------------------------------------------------------------------------------


def access_indicator(user: Any, pk: Any, *, action: str = "view", for_update: bool = False) -> Indicator:
    queryset = Indicator.objects.select_related("objective", "sdg_indicator", "responsible_entity")
    return access.fetch(user, "indicator", queryset, pk=pk, action=action, for_update=for_update)


def access_indicator_value(user: Any, pk: Any, *, action: str = "view", for_update: bool = False) -> IndicatorValue:
    queryset = IndicatorValue.objects.select_related("indicator__responsible_entity", "indicator__objective")
    return access.fetch(user, "indicator_value", queryset, pk=pk, action=action, for_update=for_update)


# --- selectors --------------------------------------------------------------------------------


def _latest_validated() -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.filter(indicator=OuterRef("pk"), state=IndicatorValue.State.VALIDATED).order_by(
        "-year"
    )


def indicators_visible(actor: Any) -> QuerySet[Indicator]:
    """The indicators, each with its latest validated value and year (one query for the list)."""
    latest = _latest_validated()
    queryset = Indicator.objects.select_related("objective", "sdg_indicator", "responsible_entity").annotate(
        latest_year=Subquery(latest.values("year")[:1]),
        latest_value=Subquery(latest.values("value")[:1]),
    )
    return access.scope_visible(queryset, actor, "indicator").order_by("objective__number", "code", "name", "pk")


def values_visible(actor: Any) -> QuerySet[IndicatorValue]:
    """Values the actor may see: validated ones for everyone, the rest for the ST and the responsible entity."""
    queryset = IndicatorValue.objects.select_related(
        "indicator__responsible_entity", "indicator__objective", "indicator__sdg_indicator"
    )
    return access.scope_visible(queryset, actor, "indicator_value").order_by("indicator_id", "year")


def progress_percent(indicator: Indicator, value: Decimal | None) -> int | None:
    """How far ``value`` went from the baseline to the target, in percent (0 to 100), if both are set."""
    if value is None or indicator.target_value is None:
        return None
    base = indicator.baseline_value if indicator.baseline_value is not None else Decimal(0)
    span = indicator.target_value - base
    if span == 0:
        return 100 if value == indicator.target_value else 0
    return max(0, min(100, int((value - base) * 100 / span)))


@dataclass
class ObjectiveProgress:
    objective: Objective
    indicators: list[Indicator] = field(default_factory=list)
    plan_products: int = 0
    agreements: int = 0


def progress(actor: Any) -> list[ObjectiveProgress]:
    """Per objective of the Compact: its active indicators with their latest validated value, and
    how many plan products and agreements the accepted contributions on it link. Four queries."""
    rows = {o.pk: ObjectiveProgress(o) for o in Objective.objects.order_by("number")}
    for indicator in indicators_visible(actor).filter(active=True, objective__isnull=False):
        indicator.percent = progress_percent(indicator, indicator.latest_value)  # type: ignore[attr-defined]
        rows[indicator.objective_id].indicators.append(indicator)  # type: ignore[index]
    accepted = {"contribution__state": Contribution.State.ACCEPTED}
    products = (
        Contribution.plan_products.through.objects.filter(**accepted)
        .values("contribution__objective_id")
        .annotate(n=Count("planline_id", distinct=True))
    )
    for row in products:
        rows[row["contribution__objective_id"]].plan_products = row["n"]
    agreements = (
        Contribution.agreements.through.objects.filter(**accepted)
        .values("contribution__objective_id")
        .annotate(n=Count("agreement_id", distinct=True))
    )
    for row in agreements:
        rows[row["contribution__objective_id"]].agreements = row["n"]
    return list(rows.values())


# --- services: indicators ---------------------------------------------------------------------


def _require_define(actor: Any, obj: Any = None) -> None:
    access.require(
        actor,
        "indicator.define",
        obj,
        message=_("Solo la Secretaría Técnica define los indicadores del Pacto Mundial (%(c)s).") % {"c": ST_FUNCTIONS},
    )


def _check_indicator(indicator: Indicator) -> None:
    if indicator.objective_id is None and indicator.sdg_indicator_id is None:
        raise RuleViolation(_("Indique el objetivo del Pacto Mundial, el indicador ODS o ambos."), field="objective")
    sdg = indicator.sdg_indicator
    if sdg is not None and sdg.kind != ReferenceItem.Kind.SDG_INDICATOR:
        raise RuleViolation(_("Elija un indicador de la meta 10.7 de los ODS."), field="sdg_indicator")
    chosen = indicator.disaggregation
    if not isinstance(chosen, list) or any(item not in Indicator.Disaggregation.values for item in chosen):
        raise RuleViolation(
            _("La desagregación admite: %(choices)s.") % {"choices": ", ".join(Indicator.Disaggregation.values)},
            field="disaggregation",
        )
    indicator.disaggregation = list(dict.fromkeys(chosen))
    for name in ("baseline_year", "target_year"):
        year = getattr(indicator, name)
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            raise RuleViolation(
                _("El año debe estar entre %(a)s y %(b)s.") % {"a": MIN_YEAR, "b": MAX_YEAR}, field=name
            )
    if indicator.baseline_value is not None and indicator.baseline_year is None:
        raise RuleViolation(_("Indique el año de la línea de base."), field="baseline_year")
    if indicator.target_value is not None and indicator.target_year is None:
        raise RuleViolation(_("Indique el año de la meta."), field="target_year")
    if indicator.baseline_year and indicator.target_year and indicator.target_year < indicator.baseline_year:
        raise RuleViolation(_("La meta no puede ser anterior a la línea de base."), field="target_year")


@transaction.atomic
def indicator_create(*, actor: Any, **data: Any) -> Indicator:
    """The ST defines an indicator."""
    _require_define(actor)
    indicator = Indicator(created_by=actor if getattr(actor, "pk", None) else None)
    data.setdefault("disaggregation", [])
    model_update(instance=indicator, fields=INDICATOR_FIELDS, data=data, strip=True, check=_check_indicator)
    return indicator


@transaction.atomic
def indicator_update(*, actor: Any, indicator: Indicator, **data: Any) -> Indicator:
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    _require_define(actor, indicator)
    model_update(instance=indicator, fields=INDICATOR_FIELDS, data=data, strip=True, check=_check_indicator)
    return indicator


# --- services: values -------------------------------------------------------------------------


def _require_writer(actor: Any, value: IndicatorValue) -> None:
    access.require(
        actor,
        "indicator_value.write",
        value,
        message=_(
            "Solo los representantes y los puntos focales de %(entity)s, entidad responsable del indicador, registran sus valores."
        )
        % {"entity": value.indicator.responsible_entity.acronym},
    )


def _check_year(indicator: Indicator, year: Any) -> int:
    first = indicator.baseline_year or MIN_YEAR
    if not isinstance(year, int) or not first <= year <= MAX_YEAR:
        raise RuleViolation(
            _("El año debe estar entre %(a)s (línea de base) y %(b)s.") % {"a": first, "b": MAX_YEAR}, field="year"
        )
    return year


MAX_CATEGORIES = 100


def _clean_disaggregated(indicator: Indicator, data: Any) -> dict[str, dict[str, str]]:
    """``{"sex": {"mujeres": 10, "hombres": 12}}``: dimensions the indicator is disaggregated by,
    each a table of category → non-negative number (kept as decimal text)."""
    if data in (None, ""):
        return {}
    bad = RuleViolation(
        _(
            'Los valores desagregados son un objeto como {"sex": {"mujeres": 10, "hombres": 12}} con las '
            "dimensiones del indicador: %(dims)s."
        )
        % {"dims": ", ".join(indicator.disaggregation) or "—"},
        field="disaggregated",
    )
    if not isinstance(data, dict):
        raise bad
    cleaned: dict[str, dict[str, str]] = {}
    for dimension, table in data.items():
        if dimension not in (indicator.disaggregation or []) or not isinstance(table, dict) or not table:
            raise bad
        # A category is a short label: no control characters (PostgreSQL's jsonb refuses a NUL,
        # a 500), and a bounded number of them per dimension.
        if len(table) > MAX_CATEGORIES or any(xml_text(str(category)) != str(category) for category in table):
            raise bad
        cleaned[dimension] = {}
        for category, number in table.items():
            try:
                amount = Decimal(str(number))
            except (InvalidOperation, ValueError):
                raise bad from None
            if not str(category).strip() or len(str(category)) > 80 or not amount.is_finite() or amount < 0:
                raise bad
            cleaned[dimension][str(category).strip()] = str(amount)
    return cleaned


def _check_evidence(evidence: Any) -> Any:
    try:
        validate_document_upload(evidence)
    except ValidationError as error:
        raise ValidationError({"evidence": error.messages}, code=error.code) from None
    return evidence


def _lock_value(value: IndicatorValue) -> IndicatorValue:
    return (
        IndicatorValue.objects.select_for_update(of=("self",))
        .select_related("indicator__responsible_entity")
        .get(pk=value.pk)
    )


def _require_active(indicator: Indicator) -> None:
    if not indicator.active:
        raise StateConflict(_("El indicador ya no está vigente: no recibe valores."), code="indicator_inactive")


def _require_editable(value: IndicatorValue) -> None:
    """Editable by the responsible entity: a draft or returned value of an indicator still in use."""
    _require_active(value.indicator)
    if value.state not in EDITABLE:
        raise StateConflict(
            _("El valor de %(year)s ya fue enviado: solo se edita si la Secretaría Técnica lo devuelve.")
            % {"year": value.year},
            code="indicator_value_submitted",
        )


@transaction.atomic
def indicator_value_save(
    *,
    actor: Any,
    indicator: Indicator,
    year: int,
    value: Decimal,
    disaggregated: Any = None,
    note: str = "",
    evidence: Any = None,
) -> IndicatorValue:
    """The responsible entity enters (or corrects, while a draft or returned) the value of a year."""
    indicator = (
        Indicator.objects.select_for_update(of=("self",)).select_related("responsible_entity").get(pk=indicator.pk)
    )
    _require_writer(actor, IndicatorValue(indicator=indicator))
    _require_active(indicator)
    _check_year(indicator, year)
    row = IndicatorValue.objects.select_for_update(of=("self",)).filter(indicator=indicator, year=year).first()
    if row is None:
        row = IndicatorValue(indicator=indicator, year=year)
    else:
        _require_editable(row)
    if value is None:
        raise RuleViolation(_("Indique el valor."), field="value")
    data: dict[str, Any] = {
        "year": year,
        "value": value,
        "note": note,
        "disaggregated": _clean_disaggregated(indicator, disaggregated),
        "entered_by": actor if getattr(actor, "pk", None) else None,
    }
    if evidence is not None:
        data["evidence"] = _check_evidence(evidence)
    model_update(instance=row, fields=(*data,), data=data, strip=True)
    return row


@transaction.atomic
def indicator_value_update(*, actor: Any, indicator_value: IndicatorValue, **data: Any) -> IndicatorValue:
    """Correct a draft or returned value (year, value, disaggregation, note, evidence)."""
    row = _lock_value(indicator_value)
    _require_writer(actor, row)
    _require_editable(row)
    evidence = data.pop("evidence", None)
    if "year" in data:
        _check_year(row.indicator, data["year"])
    if "value" in data and data["value"] is None:
        raise RuleViolation(_("Indique el valor."), field="value")
    if "disaggregated" in data:
        data["disaggregated"] = _clean_disaggregated(row.indicator, data["disaggregated"])
    if evidence is not None:
        data["evidence"] = _check_evidence(evidence)
    model_update(instance=row, fields=("year", "value", "disaggregated", "note", "evidence"), data=data, strip=True)
    return row


@transaction.atomic
def indicator_value_submit(*, actor: Any, indicator_value: IndicatorValue) -> IndicatorValue:
    row = _lock_value(indicator_value)
    _require_writer(actor, row)
    _require_active(row.indicator)
    if row.state not in EDITABLE:
        raise StateConflict(_("El valor ya fue enviado."), code="indicator_value_submitted")
    row.state, row.submitted_at = IndicatorValue.State.SUBMITTED, timezone.now()
    row.save(update_fields=["state", "submitted_at"])
    indicator = row.indicator
    with commission_language():
        _queue(
            secretariat_recipients(timezone.localdate()),
            key=f"compact:indicator-value:{row.pk}:submitted:{row.submitted_at:%Y%m%d%H%M%S}",
            kind="compact_indicator_value_submitted",
            subject=_("Valor de indicador por validar: %(name)s (%(year)s)")
            % {"name": indicator.name, "year": row.year},
            body=_(
                "%(entity)s envió el valor %(value)s %(unit)s del indicador «%(name)s» para %(year)s. Valídelo o devuélvalo en la plataforma."
            )
            % {
                "entity": indicator.responsible_entity.acronym,
                "value": number(row.value),
                "unit": indicator.unit,
                "name": indicator.name,
                "year": row.year,
            },
            related=row,
        )
    return row


def _require_validator(actor: Any, row: IndicatorValue) -> None:
    access.require(
        actor,
        "indicator_value.validate",
        row,
        message=_("Solo la Secretaría Técnica valida los valores de los indicadores (%(c)s).") % {"c": ST_FUNCTIONS},
    )
    if row.state != IndicatorValue.State.SUBMITTED:
        raise StateConflict(_("Solo se valida o devuelve un valor enviado."), code="indicator_value_not_submitted")


@transaction.atomic
def indicator_value_validate(*, actor: Any, indicator_value: IndicatorValue, observations: str = "") -> IndicatorValue:
    observations = clean_text(IndicatorValue, "observations", observations)
    row = _lock_value(indicator_value)
    _require_validator(actor, row)
    row.state, row.validated_at = IndicatorValue.State.VALIDATED, timezone.now()
    row.validated_by = actor if getattr(actor, "pk", None) else None
    if observations.strip():
        row.observations = observations.strip()
    row.save(update_fields=["state", "validated_at", "validated_by", "observations"])
    return row


@transaction.atomic
def indicator_value_return(*, actor: Any, indicator_value: IndicatorValue, observations: str) -> IndicatorValue:
    observations = clean_text(IndicatorValue, "observations", observations)
    row = _lock_value(indicator_value)
    _require_validator(actor, row)
    if not observations.strip():
        raise RuleViolation(_("Indique las observaciones para la entidad responsable."), field="observations")
    row.state, row.observations = IndicatorValue.State.RETURNED, observations.strip()
    row.save(update_fields=["state", "observations"])
    entity_id = row.indicator.responsible_entity_id
    with commission_language():
        _queue(
            entity_recipients([entity_id], timezone.localdate()).get(entity_id, []),
            key=f"compact:indicator-value:{row.pk}:returned:{timezone.now():%Y%m%d%H%M%S}",
            kind="compact_indicator_value_returned",
            subject=_("Valor de indicador devuelto: %(name)s (%(year)s)")
            % {"name": row.indicator.name, "year": row.year},
            body=_(
                "La Secretaría Técnica devolvió el valor de %(year)s del indicador «%(name)s» con estas observaciones:\n\n%(obs)s"
            )
            % {"year": row.year, "name": row.indicator.name, "obs": row.observations},
            related=row,
        )
    return row


# --- chart --------------------------------------------------------------------------------------


def number(value: Decimal | None) -> str:
    """A decimal without trailing zeros ("1250", "12.5")."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


def indicator_chart(indicator: Indicator, values: list[IndicatorValue], *, width: int = 640) -> SafeString:
    """An SVG line chart of the values by year, with the baseline and the target as dashed lines.

    Drawn like workplans.charts (server-side, the same markup on screen and in print): validated
    values are filled dots, the others hollow. It has a title and a description for screen
    readers; the page shows the same figures as a table next to it."""
    height, left, right, top, bottom = 260, 64, 150, 16, 32
    points = sorted((v.year, v.value, v.state == IndicatorValue.State.VALIDATED) for v in values)
    first, last, low, high = _chart_range(indicator, points)
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(year: int) -> float:
        return left + plot_w * (year - first) / (last - first)

    def y(amount: Decimal) -> float:
        return top + plot_h * float((high - amount) / (high - low))

    uid = f"indicador-{indicator.pk or 0}"
    title = _("Valores de «%(name)s» por año (%(unit)s)") % {"name": indicator.name, "unit": indicator.unit}
    description = _chart_description(indicator, points)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{uid}-t {uid}-d" font-family="DejaVu Sans, sans-serif" font-size="11">',
        f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(description)}</desc>',
    ]
    for i in range(5):
        amount = low + (high - low) * Decimal(i) / 4
        py = y(amount)
        parts.append(f'<line x1="{left}" y1="{py:.1f}" x2="{left + plot_w}" y2="{py:.1f}" stroke="#e3e6ea"/>')
        parts.append(
            f'<text x="{left - 6}" y="{py + 4:.1f}" text-anchor="end" fill="#666">{escape(_short(amount))}</text>'
        )
    step = max(1, (last - first) // 10)
    for year in range(first, last + 1, step):
        parts.append(f'<text x="{x(year):.1f}" y="{height - 10}" text-anchor="middle" fill="#666">{year}</text>')
    for reference, label, color in (
        (indicator.baseline_value, _("Línea de base"), "#6c757d"),
        (indicator.target_value, _("Meta"), "#2e7d32"),
    ):
        if reference is None:
            continue
        py = y(reference)
        parts.append(
            f'<line x1="{left}" y1="{py:.1f}" x2="{left + plot_w}" y2="{py:.1f}" stroke="{color}" '
            f'stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
        parts.append(
            f'<text x="{left + plot_w + 6}" y="{py + 4:.1f}" fill="{color}">{escape(label)} {escape(number(reference))}</text>'
        )
    if len(points) > 1:
        path = " ".join(f"{x(year):.1f},{y(amount):.1f}" for year, amount, _ok in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1f6feb" stroke-width="2"/>')
    for year, amount, ok in points:
        fill = "#1f6feb" if ok else "#fff"
        parts.append(
            f'<circle cx="{x(year):.1f}" cy="{y(amount):.1f}" r="4" fill="{fill}" stroke="#1f6feb" stroke-width="2"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def _chart_description(indicator: Indicator, points: list[tuple[int, Decimal, bool]]) -> str:
    """The chart's figures in words, for screen readers."""
    described = "; ".join(
        f"{year}: {number(amount)}{'' if ok else ' (' + _('sin validar') + ')'}" for year, amount, ok in points
    ) or _("sin valores registrados")
    extra = []
    if indicator.baseline_value is not None:
        extra.append(
            _("línea de base %(v)s (%(y)s)") % {"v": number(indicator.baseline_value), "y": indicator.baseline_year}
        )
    if indicator.target_value is not None:
        extra.append(_("meta %(v)s (%(y)s)") % {"v": number(indicator.target_value), "y": indicator.target_year})
    return described + (". " + "; ".join(extra) if extra else "")


def _chart_range(indicator: Indicator, points: list[tuple[int, Decimal, bool]]) -> tuple[int, int, Decimal, Decimal]:
    """First and last year, lowest and highest amount the chart spans."""
    years = [year for year, _v, _ok in points]
    years += [year for year in (indicator.baseline_year, indicator.target_year) if year]
    if not years:
        years = [timezone.localdate().year]
    first, last = min(years), max(years)
    if first == last:
        first, last = first - 1, last + 1
    amounts = [v for _y, v, _ok in points]
    amounts += [v for v in (indicator.baseline_value, indicator.target_value) if v is not None]
    low = min([Decimal(0), *amounts])
    high = max([Decimal(1), *amounts])
    return first, last, low, high + (high - low) * Decimal("0.1")


def _short(amount: Decimal) -> str:
    rounded = amount.quantize(Decimal(1)) if abs(amount) >= 10 else amount.quantize(Decimal("0.1"))
    return number(rounded)


def default_year() -> int:
    return timezone.localdate().year - 1


# --- CSV ----------------------------------------------------------------------------------------

CSV_HEADER = (
    "indicador_id",
    "codigo",
    "indicador",
    "objetivo",
    "indicador_ods",
    "unidad",
    "entidad_responsable",
    "anio",
    "valor",
    "estado",
    "valores_desagregados",
    "linea_de_base",
    "anio_linea_de_base",
    "meta",
    "anio_meta",
    "validado_el",
)


_text_cell = spreadsheet_text


def write_values_csv(rows: QuerySet[IndicatorValue], out: Any) -> int:
    """The values (already scoped to what the reader may see) as CSV, one row each, with a header."""
    import csv
    import json

    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    count = 0
    for row in rows:
        indicator = row.indicator
        validated = timezone.localtime(row.validated_at).isoformat(timespec="seconds") if row.validated_at else ""
        writer.writerow(
            [
                indicator.pk,
                _text_cell(indicator.code),
                _text_cell(indicator.name),
                indicator.objective.number if indicator.objective else "",
                indicator.sdg_indicator.code if indicator.sdg_indicator else "",
                _text_cell(indicator.unit),
                _text_cell(indicator.responsible_entity.acronym),
                row.year,
                number(row.value),
                row.state,
                json.dumps(row.disaggregated, ensure_ascii=False, sort_keys=True) if row.disaggregated else "",
                number(indicator.baseline_value),
                indicator.baseline_year or "",
                number(indicator.target_value),
                indicator.target_year or "",
                validated,
            ]
        )
        count += 1
    return count
