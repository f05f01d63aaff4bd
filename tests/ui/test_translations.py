"""The Danish catalogue covers every UI string; the committed .mo matches the .po."""

from __future__ import annotations

import gettext
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "src/kolding_graph/web/translations/da/LC_MESSAGES"


def _po():
    with (CATALOGUE / "messages.po").open("rb") as stream:
        return read_po(stream)


def test_every_ui_string_is_translated(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "translate",
            "--no-location",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as stream:
        wanted = {m.id for m in read_po(stream) if m.id}
    catalogue = _po()
    translated = {m.id for m in catalogue if m.id and m.string and not m.fuzzy}
    missing = wanted - translated
    assert not missing, f"untranslated (run tools/update_translations.py): {missing}"


def test_compiled_catalogue_matches_the_po_file():
    with (CATALOGUE / "messages.mo").open("rb") as stream:
        compiled = gettext.GNUTranslations(stream)
    for message in _po():
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            assert compiled.ngettext(*message.id, 1) == message.string[0]
            assert compiled.ngettext(*message.id, 2) == message.string[1]
        else:
            assert compiled.gettext(message.id) == message.string, message.id
