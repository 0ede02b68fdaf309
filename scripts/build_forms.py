"""Compile Qt Designer forms (ui/*.ui) into yot_desktop/gui/forms/ with pyside6-uic.

Run after editing a form: `uv run python scripts/build_forms.py`. A test compiles them again
and fails when the committed files differ (generated code is never edited by hand).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI_DIR = ROOT / "ui"
FORMS_DIR = ROOT / "yot_desktop" / "gui" / "forms"


def uic_command() -> list[str]:
    exe = shutil.which("pyside6-uic", path=str(Path(sys.executable).parent))
    if exe is None:
        raise SystemExit("pyside6-uic not found: run `uv sync` first")
    return [exe, "--no-autoconnection"]


def compile_form(ui_file: Path) -> str:
    out = subprocess.run(
        [*uic_command(), str(ui_file)], check=True, capture_output=True, text=True
    ).stdout
    # uic writes the source path into the header; keep it relative so output is the same
    # on every machine.
    return only_used_names(out.replace(str(ui_file), f"ui/{ui_file.name}"))


_IMPORT = re.compile(r"^from (PySide6\.\w+) import \(([^)]*)\)\n", re.MULTILINE)


def only_used_names(code: str) -> str:
    """uic imports some 40 Qt names into every form whatever it uses; each costs the sign-in
    window's start-up time (PySide6 builds a type on first import: the unused ones took ~15
    of the login form's ~23 ms). Keep the names the form's code uses."""
    body = _IMPORT.sub("", code)

    def keep(found: re.Match[str]) -> str:
        names = [n.strip() for n in found[2].replace("\n", " ").split(",") if n.strip()]
        used = [n for n in names if re.search(rf"\b{n}\b", body)]
        return f"from {found[1]} import {', '.join(used)}\n" if used else ""

    return _IMPORT.sub(keep, code)


def target_for(ui_file: Path) -> Path:
    return FORMS_DIR / f"ui_{ui_file.stem}.py"


def main() -> int:
    FORMS_DIR.mkdir(parents=True, exist_ok=True)
    (FORMS_DIR / "__init__.py").write_text(
        '"""Generated from ../../../ui/*.ui by scripts/build_forms.py."""\n'
    )
    for ui_file in sorted(UI_DIR.glob("*.ui")):
        target_for(ui_file).write_text(compile_form(ui_file), encoding="utf-8")
        print(f"compiled {ui_file.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
