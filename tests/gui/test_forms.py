"""Generated forms match their Designer sources: nobody edits generated code by hand."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("build_forms", ROOT / "scripts" / "build_forms.py")
assert _spec and _spec.loader
build_forms = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_forms)

UI_FILES = sorted((ROOT / "ui").glob("*.ui"))


def test_there_are_designer_forms() -> None:
    assert UI_FILES, "ui/*.ui should hold the Designer sources"


@pytest.mark.parametrize("ui_file", UI_FILES, ids=lambda p: p.name)
def test_generated_form_is_up_to_date(ui_file: Path) -> None:
    target = build_forms.target_for(ui_file)
    assert target.exists(), f"run scripts/build_forms.py: {target.name} is missing"
    assert target.read_text(encoding="utf-8") == build_forms.compile_form(ui_file), (
        f"{target.name} differs from {ui_file.name}: run `uv run python scripts/build_forms.py`"
    )
