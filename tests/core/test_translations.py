"""English texts live only in the .po catalogues: each is complete, none is fuzzy, each is in step
with the source (makemessages would add nothing) and with its compiled .mo."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _catalogues() -> list[Path]:
    found = [ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"]
    found += sorted(ROOT.glob("*/locale/en/LC_MESSAGES/django.po"))
    return [path for path in found if ".venv" not in path.parts]


def _messages(po: polib.POFile) -> dict[tuple[str, str], polib.POEntry]:
    return {(entry.msgctxt or "", entry.msgid): entry for entry in po if entry.msgid and not entry.obsolete}


@pytest.mark.parametrize("path", _catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_english_entry_is_translated_and_not_fuzzy(path: Path) -> None:
    po = polib.pofile(str(path))
    assert len(po) > 0
    assert [entry.msgid for entry in po.untranslated_entries()] == [], "missing English"
    assert [entry.msgid for entry in po.fuzzy_entries()] == [], "fuzzy English (review and drop the flag)"
    plural = [entry for entry in po if entry.msgid_plural]
    assert all(all(entry.msgstr_plural.values()) for entry in plural), "a plural form is missing"


@pytest.mark.parametrize("path", _catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_compiled_catalogue_matches_its_po(path: Path) -> None:
    po, mo = polib.pofile(str(path)), polib.mofile(str(path.with_suffix(".mo")))
    expected = {key: (entry.msgstr, dict(entry.msgstr_plural)) for key, entry in _messages(po).items()}
    compiled = {
        key: (entry.msgstr, {int(k): v for k, v in entry.msgstr_plural.items()}) for key, entry in _messages(mo).items()
    }
    expected = {key: (text, {int(k): v for k, v in plural.items()}) for key, (text, plural) in expected.items()}
    assert compiled == expected, "run: manage.py compilemessages"


def test_the_catalogues_hold_every_text_of_the_source(tmp_path: Path) -> None:
    """Run makemessages on a copy of the source: it must find no text the catalogues lack."""
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".git", "var", "node_modules", "__pycache__", "*.mo", ".*_cache"),
    )
    env = {**os.environ, "PY": sys.executable}
    subprocess.run(
        ["bash", "scripts/makemessages", "-v", "0"], cwd=copy, env=env, check=True, capture_output=True, timeout=300
    )
    for path in _catalogues():
        relative = path.relative_to(ROOT)
        ours = set(_messages(polib.pofile(str(path))))
        theirs = set(_messages(polib.pofile(str(copy / relative))))
        assert theirs - ours == set(), f"{relative}: texts in the source without an English entry"
        assert ours - theirs == set(), f"{relative}: entries whose text is gone from the source"


# The names xgettext (so makemessages) extracts: a text marked with any other name, say
# ``gettext_lazy as _lazy``, never reaches the catalogues and shows in Spanish in the English UI.
EXTRACTED_NAMES = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy", "pgettext"}
EXTRACTED_NAMES |= {"pgettext_lazy", "npgettext", "npgettext_lazy"}


def test_translation_functions_keep_names_makemessages_extracts() -> None:
    renamed = []
    for path in ROOT.glob("*/**/*.py"):
        if {".venv", "migrations", "tests"} & set(path.parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                renamed += [
                    f"{path.relative_to(ROOT)}: {alias.name} as {alias.asname}"
                    for alias in node.names
                    if "gettext" in alias.name and (alias.asname or alias.name) not in EXTRACTED_NAMES
                ]
    assert renamed == []
