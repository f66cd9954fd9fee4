"""Parse the work plans of Anexos VIII (2014) and IX (2015) of the seed once into plan_2015.json.

Run from the project root:  .venv/bin/python workplans/data/parse_seed.py
The output is committed; the application never reads the seed at run time.

The seed is a text conversion of a printed book: several of the 2015 plan's tables (subgroups
1.1, 1.2, 2.1, 2.2 and 4.1) were images and did not survive the conversion. For those five the
data file takes the theme and products from the book's own description of the 2015 plan
(Section "Plan de Trabajo 2015", a–d) and marks them ``"source": "narrative"``; their lead entity
is inferred from the subgroup that handled the same theme in the 2014 plan and says so.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TypedDict

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seeds" / "000_6497687c342f5f6e.txt"
if not SEED.exists():  # the checkout may sit elsewhere; the shared folder is beside /work/main
    SEED = Path("/work/shared/seeds/000_6497687c342f5f6e.txt")
OUT = Path(__file__).resolve().parent / "plan_2015.json"

CODE = re.compile(r"^(\d)\.(\d{1,2})\s+(.*)$")
# Spellings of the seed mapped to the registry's acronyms.
ALIASES = {
    "MINJUS": "MINJUSDH",
    "MP-FN": "MPFN",
    "MINS": "MINSA",
    "MMPV": "MIMP",
    "ST-MTIGM": "RREE",  # the Secretaría Técnica is an office of RREE (Art. 18)
    "ANR": "SUNEDU",  # SUNEDU took over from the ANR (DOMAIN.md §2)
}
NOT_ENTITIES = {"MTIGM", "+", "SC", "SC-", "(GT/MP/TP)", "(GTTPTP)", "DP"}


def clean(text: str) -> str:
    text = re.sub(r"</?p>", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def split_entities(raw: str) -> list[str]:
    tokens = [t.strip("()") for t in raw.replace("MTIGM SC-", "MTIGM-SC ").split()]
    acronyms: list[str] = []
    for token in tokens:
        if not token or token in {"+", "SC", "MTIGM", "GT/MP/TP", "GTTPTP"}:
            continue
        acronym = ALIASES.get(token, token)
        if acronym not in acronyms:
            acronyms.append(acronym)
    return acronyms


def parse_block(lines: list[str]) -> list[dict]:
    rows: list[dict] = []
    current: dict | None = None
    for line in lines:
        cells = line.rstrip("\n").split("\t")
        if not any(c.strip() for c in cells):
            continue
        joined = " ".join(cells)
        if "RESPONSABLE" in joined or "CRONOGRAMA" in joined.replace(" ", "") or re.fullmatch(r"[\s\d\t]+", line):
            continue
        if len(cells) < 7:
            continue
        first = clean(cells[0])
        match = CODE.match(first)
        if match:
            group, number, raw = int(match.group(1)), int(match.group(2)), match.group(3)
            current = {"code": f"{group}.{number}", "group": group, "responsible_text": raw, "theme": ""}
        elif first:
            continue  # a table of another shape (the ST's own table of 2014)
        if current is None:
            continue
        theme, objectives, activities, product, results = (clean(c) for c in cells[1:6])
        # The conversion dropped some blank cells, so the month columns are aligned from the right:
        # the last cell of a row is December (checked against the header row of every table).
        offset = len(cells) - 13
        months = sorted({i - offset for i, mark in enumerate(cells) if mark.strip().upper() == "X" and i > offset})
        if theme:
            current["theme"] = theme
        previous = rows[-1] if rows and rows[-1]["code"] == current["code"] else None
        rows.append(
            {
                "code": current["code"],
                "group": current["group"],
                "responsible_text": clean(current["responsible_text"]),
                "entities": split_entities(current["responsible_text"]),
                "theme": current["theme"],
                # A blank objective or activity in a continuation row belongs to the row above.
                "objectives": objectives or (previous["objectives"] if previous and not theme else ""),
                "activities": activities or (previous["activities"] if previous and not theme else ""),
                "product": product,
                "expected_results": results,
                "months": months,
                "source": "table",
            }
        )
    return [r for r in rows if r["product"]]


class NarrativeItem(TypedDict):
    """A subgroup of the 2015 plan described only in the narrative, not in the table."""

    code: str
    group: int
    entities: list[str]
    lead_note: str
    theme: str
    objectives: str
    activities: str
    product: str
    expected_results: str
    months: list[int]


NARRATIVE: list[NarrativeItem] = [
    {
        "code": "1.1",
        "group": 1,
        "entities": ["RREE"],
        "lead_note": "Responsable inferido: RREE coordinaba el tema en el Plan 2014 (subgrupos 1.1 y 1.10).",
        "theme": "Protección de derechos de connacionales en el exterior",
        "objectives": "Dar seguimiento a las actividades y acciones de protección de connacionales en el exterior.",
        "activities": "Elaboración de informes semestrales sobre actividades y acciones de protección.",
        "product": "Informe semestral sobre actividades y acciones de protección de connacionales en el exterior.",
        "expected_results": "Mecanismo de informes semestrales sobre la protección de connacionales en el exterior.",
        "months": [6, 12],
    },
    {
        "code": "1.2",
        "group": 1,
        "entities": ["RREE", "MIGRACIONES", "MTPE"],
        "lead_note": "Responsables inferidos del subgrupo 1.1 del Plan 2014 (acuerdos bilaterales y subregionales).",
        "theme": "Convenios internacionales en materia migratoria",
        "objectives": "Conocer el estado de implementación de los acuerdos bilaterales y subregionales vigentes.",
        "activities": "Diagnóstico situacional sobre la implementación de los acuerdos vigentes en materia migratoria.",
        "product": "Diagnóstico situacional sobre la implementación de los acuerdos bilaterales y subregionales "
        "vigentes en materia migratoria suscritos por el Estado.",
        "expected_results": "La MTIGM conoce el grado de implementación de los acuerdos migratorios vigentes.",
        "months": [9],
    },
    {
        "code": "2.1",
        "group": 2,
        "entities": ["MTPE", "RREE"],
        "lead_note": "Responsables inferidos del subgrupo 2.3 del Plan 2014 (intermediación laboral).",
        "theme": "Intermediación laboral",
        "objectives": "Monitorear a las agencias privadas de empleo que intermedian la salida de trabajadores.",
        "activities": "Monitoreo y seguimiento a las agencias privadas de empleo.",
        "product": "Informes de monitoreo y seguimiento a las agencias privadas de empleo.",
        "expected_results": "Mecanismo de informes de monitoreo y seguimiento a las agencias privadas de empleo.",
        "months": [6, 12],
    },
    {
        "code": "2.2",
        "group": 2,
        "entities": ["INEI"],
        "lead_note": "Responsable inferido del subgrupo 2.4 del Plan 2014 (información sobre peruanos con voluntad "
        "de migrar).",
        "theme": "Información sobre peruanos con voluntad de migrar",
        "objectives": "Generar información para la toma de decisiones.",
        "activities": "Diseño de una propuesta de investigación sobre peruanos con expectativa de migrar.",
        "product": "Propuesta de investigación sobre peruanos con expectativa de migrar.",
        "expected_results": "Mejora la toma de decisiones en gestión migratoria con información estadística.",
        "months": [9],
    },
    {
        "code": "4.1",
        "group": 4,
        "entities": ["MIGRACIONES", "RREE"],
        "lead_note": "Responsable inferido del subgrupo 4.1 del Plan 2014.",
        "theme": "Implementación de convenios internacionales en materia migratoria",
        "objectives": "Fortalecer la implementación de los convenios internacionales en materia migratoria.",
        "activities": "Diagnóstico del estado de implementación de acuerdos vigentes; programas de capacitación.",
        "product": "Diagnóstico sobre el estado de implementación de acuerdos vigentes en materia migratoria, "
        "bilaterales y subregionales.",
        "expected_results": "El Estado conoce el grado de implementación de los acuerdos migratorios vigentes.",
        "months": [7],
    },
]


def main() -> None:
    text = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
    start_2014 = next(i for i, line in enumerate(text) if line.startswith("Lima, 12 de marzo de 2014"))
    start_2015 = next(i for i, line in enumerate(text) if line.startswith("1.3 RREE ST-MTIGM")) - 2
    end_2015 = next(i for i, line in enumerate(text) if line.startswith("## ANEXO X"))
    rows_2014 = parse_block(text[start_2014:start_2015])
    rows_2015 = parse_block(text[start_2015:end_2015])
    for item in NARRATIVE:
        rows_2015.append({**item, "responsible_text": " ".join(item["entities"]), "source": "narrative"})
    rows_2015.sort(key=lambda r: (r["group"], int(r["code"].split(".")[1])))
    codes_2014 = sorted({r["code"] for r in rows_2014}, key=lambda c: tuple(map(int, c.split("."))))
    codes_2015 = sorted({r["code"] for r in rows_2015}, key=lambda c: tuple(map(int, c.split("."))))
    data = {
        "year": 2015,
        "source": "Seed 000_6497687c342f5f6e.txt, Anexo IX (Plan de Trabajo 2015), parsed by parse_seed.py",
        "approved": {
            "session": "XXIV Sesión Ordinaria",
            "date": "2015-01-23",
            "note": (
                "El libro fecha la XXIV Sesión Ordinaria el 23.01.2015 en el texto y el 15.01.2015 en la cronología."
            ),
        },
        "groups": {
            "1": {"name": "Peruanos en el exterior y sus familiares", "subgroups": 8},
            "2": {"name": "Peruanos con voluntad de emigrar", "subgroups": 2},
            "3": {"name": "Peruanos retornantes o con voluntad de retornar", "subgroups": 3},
            "4": {"name": "Extranjeros en el Perú", "subgroups": 8},
        },
        "declared_products": 28,
        "subgroup_codes": codes_2015,
        "notes": [
            "Las tablas de los subgrupos 1.1, 1.2, 2.1, 2.2 y 4.1 no están en el texto del anexo (eran imágenes): "
            "se toman de la descripción del Plan 2015 en el cuerpo del libro (source = narrative).",
            "Cronograma: la conversión del libro a texto perdió celdas vacías; los meses se leen alineando "
            "cada fila por la derecha (última columna = diciembre) y pueden diferir en un mes del original.",
            "El libro declara 28 productos; las filas legibles de las tablas más la descripción dan "
            f"{len(rows_2015)} filas de producto.",
            f"Plan 2014 (Anexo VIII): 24 subgrupos (11/4/6/3); el texto conserva las tablas de {len(codes_2014)}: "
            + ", ".join(codes_2014)
            + ".",
        ],
        "lines": rows_2015,
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"2015: {len(rows_2015)} rows, {len(codes_2015)} subgroups {codes_2015}")
    print(f"2014: {len(rows_2014)} rows, subgroups {codes_2014}")


if __name__ == "__main__":
    main()
