"""Shared test set-up: Qt offscreen, an isolated home folder, warnings as errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
# Keep each test run away from the real user's data, settings and logs.
os.environ.pop("YOT_DB_URL", None)
os.environ.pop("YOT_PASSWORD", None)


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("yot-home")
    monkeypatch.setenv("YOT_HOME", str(home))
    return home
