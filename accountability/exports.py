"""The report as an XLSX workbook: one sheet per section of the PCM's registry record."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _

from mtigm.core.exports import spreadsheet_text

from .selectors import ReportContent

SHEETS = ("Comisión", "Entidades", "Sesiones", "Asistencia", "Acuerdos", "Plan", "Informes")


_cell = spreadsheet_text


def _sheet(book: Any, title: str, header: list[str], rows: list[list[Any]]) -> None:
    sheet = book.create_sheet(title=title[:31])
    sheet.append(header)
    for row in rows:
        sheet.append([_cell(v) for v in row])


def _commission_rows(c: ReportContent) -> list[list[Any]]:
    norm = c.creating_norm
    rows: list[list[Any]] = [
        [_("Año"), c.year],
        [_("Comisión"), c.commission["name"]],
        [_("Naturaleza"), c.commission["nature"]],
        [_("Adscrita a"), c.commission["attached_to"]],
        [_("Norma de creación"), norm.number if norm else ""],
        [_("Publicada el"), norm.published_on if norm and norm.published_on else ""],
        [_("Reglamento"), c.regulation.number if c.regulation else ""],
        [_("Objeto"), c.object],
    ]
    for p in c.presidents:
        rows.append([_("Presidencia"), f"{p.name} ({p.entity}), {p.resolution_number}"])
    for s in c.secretariat:
        rows.append([_("Secretaría Técnica"), f"{s.name} — {s.function}"])
    return rows


def _entity_rows(c: ReportContent) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for e in c.entities:
        if not e.representatives:
            rows.append([e.acronym, e.name, e.kind_label, "", "", "", "", None, e.start, e.end])
        for r in e.representatives:
            rows.append(
                [
                    e.acronym,
                    e.name,
                    e.kind_label,
                    r.name,
                    r.position,
                    r.role_label,
                    r.resolution_number,
                    r.resolution_date,
                    r.start,
                    r.end,
                ]
            )
    return rows


def workbook_bytes(c: ReportContent) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    _sheet(book, SHEETS[0], [_("Dato"), _("Valor")], _commission_rows(c))
    _sheet(
        book,
        SHEETS[1],
        [
            _("Sigla"),
            _("Entidad"),
            _("Calidad"),
            _("Representante"),
            _("Cargo"),
            _("Calidad de la designación"),
            _("Resolución"),
            _("Fecha de resolución"),
            _("Desde"),
            _("Hasta"),
        ],
        _entity_rows(c),
    )
    _sheet(
        book,
        SHEETS[2],
        [_("Sesión"), _("Serie"), _("Fecha"), _("Lugar"), _("Entidades presentes"), _("Miembros presentes")],
        [[s.title, s.series_label, s.date, s.place, s.entities_present, s.members_present] for s in c.sessions],
    )
    _sheet(
        book,
        SHEETS[3],
        [_("Sigla"), _("Entidad"), _("Asistió"), _("Sesiones"), _("Tasa (%)")],
        [[a.acronym, a.name, a.attended, a.sessions, a.rate] for a in c.attendance],
    )
    _sheet(
        book,
        SHEETS[4],
        [_("Acuerdo"), _("Sesión"), _("Fecha"), _("Texto"), _("Responsable"), _("Plazo"), _("Estado")],
        [[a.reference, a.session, a.date, a.text, a.owner, a.due_date, a.status_label] for a in c.agreements],
    )
    _sheet(
        book,
        SHEETS[5],
        [_("Grupo"), _("Subgrupo"), _("Producto"), _("Responsable"), _("Entregado")],
        [
            [p.group, p.subgroup, p.product, p.lead, _("Sí") if p.delivered else _("No")]
            for p in (c.plan.products_list if c.plan else [])
        ],
    )
    _sheet(
        book,
        SHEETS[6],
        [
            _("Evaluación"),
            _("Vencimiento"),
            _("Estado"),
            _("Presentada el"),
            _("Informes de subgrupo enviados"),
            _("Informes de grupo remitidos"),
            _("Fuera de plazo"),
        ],
        [
            [
                r.period_label,
                r.due_date,
                r.state_label,
                r.presented_on,
                f"{r.subgroup_reports_sent}/{r.subgroup_reports_total}",
                f"{r.group_reports_filed}/{r.group_reports_total}",
                r.late,
            ]
            for r in c.reports
        ],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
