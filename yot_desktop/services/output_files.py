"""Writing an output file so that it is either all there or not there at all.

Letters are recorded as made, packs and exports are audited: that must happen only once the
file is safely on disk. `write_atomically` writes beside the target (`name.part`), flushes it
to the disk, then renames it over the target; any failure (a folder that cannot be written, a
full disk) removes the part file and raises `OutputNotWritten`, a refusal the GUI and the CLI
show in plain words. Callers write first, then commit; if the commit fails they `discard` the
file, so a file on disk always matches what the database says was made.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from yot_desktop.domain.errors import FieldProblem, ValidationError

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "you may not write there",
    errno.EPERM: "you may not write there",
    errno.EROFS: "that disk is read-only",
    errno.ENOENT: "the folder does not exist",
    errno.ENOTDIR: "part of the path is not a folder",
    errno.EISDIR: "that is a folder, not a file",
}


class OutputNotWritten(ValidationError):
    """The output file could not be written; nothing was recorded."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        super().__init__(
            FieldProblem(
                "Output file",
                f"could not write {path} ({reason}). Nothing was recorded: "
                "choose another folder or free some space, then try again",
            )
        )


def reason_of(err: OSError) -> str:
    return _REASONS.get(err.errno or 0, err.strerror or type(err).__name__)


def part_path(path: Path) -> Path:
    return path.with_name(path.name + ".part")


def write_atomically(path: Path, data: bytes) -> None:
    """All of `data` at `path`, or no file and `OutputNotWritten`."""
    path = Path(path)
    part = part_path(path)
    try:
        with open(part, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(part, path)
    except OSError as err:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
        raise OutputNotWritten(path, reason_of(err)) from err


def discard(path: Path) -> None:
    """Remove a file written for a transaction that then failed to commit."""
    with contextlib.suppress(OSError):
        Path(path).unlink(missing_ok=True)
