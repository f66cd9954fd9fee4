"""Import of a plan from Excel (.xlsx) or CSV in the columns of the seed's tables (Anexos VIII–IX).

Columns: RESPONSABLE, SUBGRUPO, TEMA, OBJETIVOS, ACTIVIDADES, METAS/PRODUCTOS, RESULTADOS ESPERADOS
and the months 1..12 (an "X" marks a month). The seed's combined column "RESPONSABLE SUBGRUPO DE
TRABAJO" ("1.3 RREE ST-MTIGM") is accepted as well. As in the printed tables, a row with an empty
subgroup continues the subgroup above. The import is all or nothing: one rejected row and nothing
is written, and the report lists every rejected row with its reasons.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from members import services as members_services
from members.models import Entity, Subgroup, WorkingGroup
from mtigm.core.files import XLSX, sniff

from .models import PlanVersion
from .services import line_save, require_editable, require_plan_manager

ALIASES = {"MINJUS": "MINJUSDH", "MP-FN": "MPFN", "MINS": "MINSA", "MMPV": "MIMP", "ST-MTIGM": "RREE", "ANR": "SUNEDU"}
IGNORED_TOKENS = {"+", "SC", "MTIGM", "GT/MP/TP", "GTTPTP"}
CODE = re.compile(r"^\s*(\d+)\.(\d+)\s*(.*)$", re.S)


def _norm(header: Any) -> str:
    text = unicodedata.normalize("NFKD", str(header or "")).encode("ascii", "ignore").decode().upper()
    return re.sub(r"[^A-Z0-9]", "", text)


COLUMNS = {
    "RESPONSABLESUBGRUPODETRABAJO": "combined",
    "RESPONSABLE": "responsible",
    "RESPONSABLES": "responsible",
    "SUBGRUPO": "subgroup",
    "SUBGRUPODETRABAJO": "subgroup",
    "TEMA": "theme",
    "OBJETIVOS": "objectives",
    "OBJETIVO": "objectives",
    "ACTIVIDADES": "activities",
    "METASPRODUCTOS": "product",
    "METASPRODUCTO": "product",
    "RESULTADOSESPERADOS": "expected_results",
    **{str(m): f"m{m}" for m in range(1, 13)},
}


@dataclass
class RowError:
    row: int
    reasons: list[str]
    values: str = ""


@dataclass
class ImportReport:
    created: int = 0
    rejected: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    header_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.rejected and not self.header_error


def read_rows(filename: str, content: bytes) -> list[list[Any]]:
    """The rows of an XLSX workbook's first sheet or of a CSV text, told apart by the content
    (a ZIP archive must be a workbook), whatever the file is called."""
    if content.startswith(b"PK\x03\x04"):
        if sniff(io.BytesIO(content)) != XLSX:
            raise ValueError(_("el archivo comprimido no es un libro de Excel (.xlsx)"))
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    text = content.decode("utf-8-sig", errors="replace")
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _cell(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _entities(raw: str, known: dict[str, Entity]) -> tuple[list[Entity], list[str]]:
    found, unknown = [], []
    for token in raw.replace(",", " ").replace(";", " ").split():
        token = token.strip("()")
        if not token or token.upper() in IGNORED_TOKENS:
            continue
        acronym = ALIASES.get(token.upper(), token.upper())
        entity = known.get(acronym)
        if entity is None:
            unknown.append(token)
        elif entity not in found:
            found.append(entity)
    return found, unknown


@dataclass(frozen=True)
class _Layout:
    """Where each known column sits and the first data row."""

    columns: dict[str, int]
    start: int

    def cell(self, row: list[Any], name: str) -> str:
        index = self.columns.get(name)
        return _cell(row[index]) if index is not None and index < len(row) else ""


def _layout(rows: list[list[Any]]) -> _Layout | str:
    """Find the header row and map its columns; a string is the reason the file cannot be read."""
    header_index = next(
        (i for i, row in enumerate(rows[:15]) if any(_norm(c) in ("TEMA", "METASPRODUCTOS") for c in row)), None
    )
    if header_index is None:
        return _(
            "No se encontró la fila de encabezados (RESPONSABLE, SUBGRUPO, TEMA, OBJETIVOS, ACTIVIDADES, "
            "METAS/PRODUCTOS, RESULTADOS ESPERADOS, 1…12)."
        )
    columns: dict[str, int] = {}
    for i, header in enumerate(rows[header_index]):
        name = COLUMNS.get(_norm(header))
        if name and name not in columns:
            columns[name] = i
    # Month numbers may sit on the row under "CRONOGRAMA", as in the seed's tables.
    start = header_index + 1
    if "m1" not in columns and start < len(rows):
        for i, value in enumerate(rows[start]):
            name = COLUMNS.get(_norm(value))
            if name and name.startswith("m"):
                columns[name] = i
        start += 1
    missing = [c for c in ("theme", "product") if c not in columns]
    if "combined" not in columns and not ("subgroup" in columns and "responsible" in columns):
        missing.append("SUBGRUPO / RESPONSABLE")
    if missing:
        return _("Faltan columnas: %(c)s.") % {"c": ", ".join(missing)}
    return _Layout(columns, start)


def _months(marks: list[str]) -> tuple[list[int], list[str]]:
    """The months marked in the schedule and the reasons to reject the marks that are not an X."""
    months, bad = [], []
    for month, mark in enumerate(marks, start=1):
        if mark in ("X", "1", "SI", "SÍ", "✓"):
            months.append(month)
        elif mark:
            bad.append(f"{month}: «{mark}»")
    reasons = [_("Marque los meses con X: %(b)s.") % {"b": ", ".join(bad)}] if bad else []
    return months, reasons


class _RowReader:
    """Reads the data rows in order; a row without a subgroup continues the subgroup above."""

    def __init__(self, layout: _Layout, report: ImportReport) -> None:
        self.layout = layout
        self.report = report
        self.known = {e.acronym.upper(): e for e in Entity.objects.all()}
        self.groups = {g.number: g for g in WorkingGroup.objects.all()}
        self.current: dict[str, Any] | None = None

    def _subgroup_cell(self, row: list[Any]) -> tuple[str, str, list[str]]:
        """The subgroup code and the responsible entities' text, from one column or two."""
        get = self.layout.cell
        if "combined" in self.layout.columns:
            match = CODE.match(get(row, "combined"))
            if match:
                return f"{match.group(1)}.{match.group(2)}", match.group(3), []
            if get(row, "combined"):
                return (
                    "",
                    "",
                    [_("«%(v)s» no empieza con el código del subgrupo (p. ej. 1.3).") % {"v": get(row, "combined")}],
                )
            return "", "", []
        code_text, responsible = get(row, "subgroup"), get(row, "responsible")
        if code_text and not re.fullmatch(r"\d+\.\d+", code_text):
            match = CODE.match(code_text)
            if not match:
                return code_text, responsible, [_("Código de subgrupo inválido: «%(v)s».") % {"v": code_text}]
            code_text = f"{match.group(1)}.{match.group(2)}"
        return code_text, responsible, []

    def _start_subgroup(self, number: int, row: list[Any], code_text: str, responsible: str) -> list[str]:
        reasons = []
        group_number = int(code_text.split(".")[0])
        entities, unknown = _entities(responsible, self.known)
        if group_number not in self.groups:
            reasons.append(_("No existe el grupo de trabajo %(n)s (Art. 20.1).") % {"n": group_number})
        if not entities:
            reasons.append(_("Falta la entidad responsable (la primera que se nombra lidera el subgrupo)."))
        if unknown:
            self.report.warnings.append(
                _("Fila %(r)s: entidades no registradas, se conservan solo en el texto: %(u)s.")
                % {"r": number, "u": ", ".join(unknown)}
            )
        get = self.layout.cell
        self.current = {
            "code": code_text,
            "group": self.groups.get(group_number),
            "entities": entities,
            "responsible": responsible.strip(),
            "theme": get(row, "theme"),
            "objectives": get(row, "objectives"),
            "activities": get(row, "activities"),
        }
        return reasons

    def read(self, number: int, row: list[Any]) -> dict[str, Any] | None:
        """The line a row describes, or None when it is empty or rejected (the report says why)."""
        if not any(_cell(v) for v in row):
            return None
        get = self.layout.cell
        code_text, responsible, reasons = self._subgroup_cell(row)
        if code_text and not reasons:
            reasons += self._start_subgroup(number, row, code_text, responsible)
        elif not code_text and self.current is None and not reasons:
            reasons.append(_("La primera fila debe indicar el subgrupo."))
        months, month_reasons = _months([get(row, f"m{m}").upper() for m in range(1, 13)])
        reasons += month_reasons
        product = get(row, "product")
        if not product:
            reasons.append(_("Falta la meta o producto (Directiva N° 003-2014, §6.1.2 d)."))
        theme = get(row, "theme") or (self.current or {}).get("theme", "")
        if not theme:
            reasons.append(_("Falta el tema del subgrupo."))
        if reasons:
            values = " | ".join(_cell(v) for v in row if _cell(v))[:200]
            self.report.rejected.append(RowError(number, reasons, values))
            return None
        current = self.current
        assert current is not None  # A row without a subgroup before it was rejected above.
        if get(row, "theme"):
            current["theme"] = get(row, "theme")
        if not months:
            self.report.warnings.append(_("Fila %(r)s: sin meses en el cronograma.") % {"r": number})
        return {
            **current,
            "theme": theme,
            "objectives": get(row, "objectives") or current["objectives"],
            "activities": get(row, "activities") or current["activities"],
            "product": product,
            "expected_results": get(row, "expected_results"),
            "months": months,
        }


def _write(*, actor: Any, version: PlanVersion, prepared: list[dict[str, Any]]) -> int:
    """Create the lines (and any subgroup the registry does not have yet) in one transaction."""
    with transaction.atomic():
        for item in prepared:
            subgroup = Subgroup.objects.filter(group=item["group"], code=item["code"]).first()
            if subgroup is None:
                subgroup = members_services.subgroup_create(
                    actor=actor,
                    group=item["group"],
                    code=item["code"],
                    name=item["theme"][:400],
                    created_by=_("Importación del %(p)s") % {"p": version.plan},
                )
            line_save(
                actor=actor,
                version=version,
                subgroup=subgroup,
                lead_entity=item["entities"][0],
                entities=item["entities"],
                months=item["months"],
                theme=item["theme"],
                objectives=item["objectives"],
                activities=item["activities"],
                product=item["product"],
                expected_results=item["expected_results"],
                responsible_text=item["responsible"],
            )
    return len(prepared)


def plan_import(*, actor: Any, version: PlanVersion, filename: str, content: bytes) -> ImportReport:
    """Validate every row first; write only when all rows are good (one transaction)."""
    require_plan_manager(actor)
    require_editable(version)
    report = ImportReport()
    if len(content) > settings.UPLOAD_MAX_BYTES:
        report.header_error = _("El archivo pesa %(size)s; se aceptan archivos de hasta %(limit)s.") % {
            "size": filesizeformat(len(content)),
            "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
        }
        return report
    try:
        rows = read_rows(filename, content)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is reported, not raised
        report.header_error = _("No se pudo leer el archivo: %(e)s") % {"e": exc}
        return report
    layout = _layout(rows)
    if isinstance(layout, str):
        report.header_error = layout
        return report
    reader = _RowReader(layout, report)
    prepared = [
        line
        for number, row in enumerate(rows[layout.start :], start=layout.start + 1)
        if (line := reader.read(number, row)) is not None
    ]
    if not prepared and not report.rejected:
        report.header_error = _("El archivo no tiene filas de datos.")
    if report.ok:
        report.created = _write(actor=actor, version=version, prepared=prepared)
    return report
