"""Extract the MTIGM norms' text from the 2015 book (seed 000) and the Lineamientos (seed 002).

Run by hand, because the seeds live outside the repository; its output, ``norm_texts.json``, is
public legal text. Migration ``0005_norm_texts`` loaded the first extraction, which it keeps as its
own frozen copy (``directives/migrations/data/0005_norm_texts.json``); a better extraction is loaded
by a new data migration that freezes its own copy:

    .venv/bin/python directives/data/build_norm_texts.py /work/shared/seeds

The book's Markdown conversion lost some list numbering and adds running page headers; this
script strips the decoration and page headers and rejoins paragraphs split by a page break, but it
never rewrites the wording.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).with_name("norm_texts.json")
PAGE_HEADER = re.compile(r"^\*?MESA DE TRABAJO INTERSECTORIAL PARA LA GESTIÓN MIGRATORIA \(MTIGM\)\*?$")


def clean(line: str) -> str:
    line = line.strip().lstrip("#").strip()
    line = line.replace("***", "").replace("**", "")
    if line.startswith("*") and line.endswith("*") and len(line) > 2:
        line = line[1:-1]
    return line.strip()


def paragraphs(lines: list[str]) -> list[str]:
    """Non-empty cleaned lines, with paragraphs split by a page break joined again."""
    out: list[str] = []
    previous_is_heading = True
    for raw in lines:
        line = clean(raw)
        if not line or PAGE_HEADER.match(line):
            continue
        # Headings are marked up (bold or #); a page break never splits one from its text.
        is_heading = raw.lstrip().startswith(("#", "*"))
        if (
            out
            and not previous_is_heading
            and not is_heading
            and re.search(r"[a-záéíóúñ,]$", out[-1])
            and re.match(r"[A-Za-zÁÉÍÓÚáéíóúñ]", line)
        ):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        previous_is_heading = is_heading
    return out


def split_articles(paras: list[str], pattern: re.Pattern[str]) -> list[dict]:
    articles: list[dict] = []
    for para in paras:
        found = pattern.match(para)
        if found:
            articles.append({"number": found["number"], "heading": found["heading"].strip(" .:"), "lines": []})
        elif articles:
            articles[-1]["lines"].append(para)
    return articles


ORDINALS = {"Primera": "1", "Segunda": "2"}
ARTICLE = re.compile(r"^(?:i\. )?Art[íi]culo (?P<number>\d+)\s*[°º]?\s*\.?-\s*(?P<heading>.*)$")
FINAL = re.compile(r"^(?P<number>Primera|Segunda)\.-\s*(?P<heading>.*)$")


def law(paras: list[str], *, final_label: str) -> list[dict]:
    """Articles ("Art. N") and, after them, complementary provisions."""
    rows, position = [], 0
    for index, para in enumerate(paras):
        if para.startswith("DISPOSICIONES COMPLEMENTARIAS"):
            body, tail = paras[:index], paras[index + 1 :]
            break
    else:
        body, tail = paras, []
    for art in split_articles(body, ARTICLE):
        position += 1
        rows.append(
            {
                "number": art["number"],
                "label": f"Art. {art['number']}",
                "heading": art["heading"],
                "text": "\n\n".join(art["lines"]),
                "position": position,
            }
        )
    finals = split_articles(tail, FINAL)
    if finals:
        for art in finals:
            position += 1
            number = ORDINALS[art["number"]]
            rows.append(
                {
                    "number": f"DCF-{number}",
                    "label": f"{art['number']} {final_label}",
                    "heading": art["heading"],
                    "text": "\n\n".join(art["lines"]),
                    "position": position,
                }
            )
    elif tail:
        position += 1
        rows.append(
            {
                "number": "DC",
                "label": "Disposición complementaria",
                "heading": "Disposiciones complementarias",
                "text": "\n\n".join(tail),
                "position": position,
            }
        )
    return rows


ROMAN_HEADING = re.compile(r"^(?P<number>[IVX]+)\s*[.-]+\s*(?P<heading>[A-ZÁÉÍÓÚÑ ]+)$")
SECTION = re.compile(r"^(?P<number>\d+\.\d+(?:\.\d+)*)\s+(?P<heading>.*)$")


def directive(paras: list[str], *, unnumbered_headings: list[str] | None = None) -> list[dict]:
    """Sections of a directive: chapters (I, II, ...) and numbered sections ("§4.2.4")."""
    rows: list[dict] = []
    for para in paras:
        roman = ROMAN_HEADING.match(para)
        section = SECTION.match(para)
        if unnumbered_headings and para.upper() in unnumbered_headings:
            number = str(unnumbered_headings.index(para.upper()) + 1)
            rows.append({"number": number, "label": para.capitalize(), "heading": para.capitalize(), "lines": []})
        elif roman:
            heading = roman["heading"].strip().capitalize()
            rows.append(
                {"number": roman["number"], "label": f"{roman['number']}. {heading}", "heading": heading, "lines": []}
            )
        elif section:
            text = section["heading"].strip()
            # A short line ending in a colon is a heading ("6.1 Formulación y aprobación:"); a long one
            # is the section's first sentence.
            is_heading = len(text) < 90 and (text.endswith(":") or not text.endswith((".", ";")))
            rows.append(
                {
                    "number": section["number"],
                    "label": f"§{section['number']}",
                    "heading": text.rstrip(":") if is_heading else "",
                    "lines": [] if is_heading else [text],
                }
            )
        elif rows:
            rows[-1]["lines"].append(para)
    return [
        {
            "number": r["number"],
            "label": r["label"],
            "heading": r["heading"],
            "text": "\n\n".join(r["lines"]),
            "position": i,
        }
        for i, r in enumerate(rows, start=1)
    ]


def between(lines: list[str], start: str, end: str | None) -> list[str]:
    first = next(i for i, line in enumerate(lines) if start in line)
    last = next(i for i, line in enumerate(lines) if i > first and end in line) if end else len(lines)
    return lines[first:last]


def main(seeds: Path) -> None:
    book = (seeds / "000_6497687c342f5f6e.txt").read_text(encoding="utf-8").splitlines()
    book = book[next(i for i, line in enumerate(book) if line.strip() == "**ANEXO III**") :]
    decree = paragraphs(between(book, "**ANEXO III**", "**ANEXO IV**"))
    resolution = paragraphs(between(book, "**ANEXO IV**", "REGLAMENTO INTERNO DE LA COMISIÓN"))
    regulation = paragraphs(between(book, "REGLAMENTO INTERNO DE LA COMISIÓN", "## **ANEXO V**"))
    dir1 = paragraphs(between(book, "## **ANEXO V**", "## **ANEXO VI**"))
    dir2 = paragraphs(between(book, "## **ANEXO VI**", "## **ANEXO VII**"))
    dir3_lines = between(book, "## **ANEXO VII**", "Lima, 12 de marzo de 2014.")
    dir3 = paragraphs([*dir3_lines, "Lima, 12 de marzo de 2014."])
    # The first lines of the guidelines file are the ministry's letterhead, not the text.
    guidelines = (seeds / "002_19b48a500e0c874e.txt").read_text(encoding="utf-8").splitlines()
    guidelines = paragraphs(
        guidelines[next(i for i, line in enumerate(guidelines) if "Lineamientos Generales" in line) :]
    )

    decree_body = decree[next(i for i, p in enumerate(decree) if p == "DECRETA:") + 1 :]
    reg_body = regulation[1:]
    dir1_headings = [
        "OBJETIVO Y ALCANCES",
        "BASE LEGAL",
        "DISPOSICIONES GENERALES",
        "DISPOSICIONES ESPECÍFICAS",
        "DISPOSICION FINAL ÚNICA",
    ]
    data: dict[str, dict[str, Any]] = {
        "ds-067-2011-pcm": {
            "text": "\n\n".join(decree[1:]),
            "articles": law(decree_body, final_label="disposición complementaria"),
        },
        "reglamento": {
            "text": "\n\n".join(resolution[1:] + regulation),
            "articles": law(reg_body, final_label="Disposición Complementaria Final"),
        },
        "dir-001-2014": {"text": "\n\n".join(dir1[1:]), "articles": directive(dir1, unnumbered_headings=dir1_headings)},
        "dir-002-2014": {"text": "\n\n".join(dir2[1:]), "articles": directive(dir2)},
        "dir-003-2014": {"text": "\n\n".join(dir3[1:]), "articles": directive(dir3)},
        "lineamientos-2015": {"text": "\n\n".join(guidelines), "articles": []},
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for code, norm in data.items():
        print(code, len(norm["text"]), [a["label"] for a in norm["articles"]])


if __name__ == "__main__":
    main(Path(sys.argv[1]))
