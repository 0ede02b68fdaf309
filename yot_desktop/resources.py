"""Where the shipped resources (schemes, fonts, letter wording, icons) live."""

from __future__ import annotations

from pathlib import Path


def resource_dir() -> Path:
    """The resources folder: inside an installed wheel, or at the top of a checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "_resources"
    if packaged.is_dir():
        return packaged
    return here.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)
