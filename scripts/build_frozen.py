"""Build the frozen app (one folder, no Python needed on the computer) with PyInstaller.

    uv run python scripts/build_frozen.py [--dist DIR]

Runs on Linux, Windows and macOS, each for itself. Prints where the program is and how big
the folder is. The installer definitions in packaging/ take this folder as their input.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def folder_size(path: Path) -> int:
    return sum(f.lstat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def build(dist: Path, work: Path) -> Path:
    started = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(ROOT / "packaging" / "yot_desktop.spec"),
        ],
        check=True,
        cwd=ROOT,
    )
    folder = dist / "yot-desktop"
    program = folder / ("yot-desktop.exe" if sys.platform == "win32" else "yot-desktop")
    size = folder_size(folder) / 1e6
    print(f"built {program} in {time.monotonic() - started:.0f} s; folder {size:.0f} MB")
    return program


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "frozen")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    args = parser.parse_args()
    build(args.dist, args.work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
