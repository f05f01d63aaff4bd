"""Extract UI strings, merge them into the Danish catalogue and compile it.

Run after changing strings in web/:  python tools/update_translations.py
Needs the dev install (Babel comes with Flask-Babel). New strings arrive untranslated
(the tests then fail until they are translated in messages.po).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "src/kolding_graph/web/translations"
POT = CATALOGUES / "messages.pot"


def run(*args: str) -> None:
    """Run a pybabel command from the repository root."""
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", *args], cwd=ROOT, check=True
    )


def main() -> None:
    """Extract, update and compile."""
    run(
        "extract",
        "-F",
        "babel.cfg",
        "-k",
        "_l",
        "-k",
        "translate",
        "--no-location",
        "--sort-output",
        "--omit-header",
        "-o",
        str(POT),
        ".",
    )
    run("update", "-i", str(POT), "-d", str(CATALOGUES), "--no-fuzzy-matching")
    run("compile", "-d", str(CATALOGUES), "--statistics")


if __name__ == "__main__":
    main()
