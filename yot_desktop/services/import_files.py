"""Reading a partner's CSV file for import: streamed, refused at once when it is too big.

A police referral file or an attendance register is a few hundred rows. A file of many
megabytes is a wrong file (an export of the whole force, a database dump) or an attack; it was
read whole, parsed and checked before being refused, taking minutes and gigabytes. Here the
file's size is checked before it is opened, and the file is read a line at a time by the csv
module (domain/referral_csv.py `read_table`) as the import consumes it: the text is never held
whole, only each record's cells, and the records are counted as they are read, so a file over
the row limit is refused at the first record over, naming the limit and what to do. The limits
are settings (settings.json: `import_max_mb`, `import_max_rows`).

An import reports its progress and may be stopped: a `Progress` callback returning False
raises `ImportCancelled` inside the import's one transaction, so nothing of it is written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from yot_desktop.domain.errors import DomainError, FieldProblem, ValidationError
from yot_desktop.domain.referral_csv import TooManyRows

DEFAULT_MAX_MB = 20
DEFAULT_MAX_ROWS = 50_000


@dataclass(frozen=True)
class ImportLimits:
    max_mb: int = DEFAULT_MAX_MB
    max_rows: int = DEFAULT_MAX_ROWS

    @property
    def max_bytes(self) -> int:
        return self.max_mb * 1024 * 1024

    @classmethod
    def from_settings(cls, saved: Mapping[str, str]) -> ImportLimits:
        def whole(key: str, label: str, default: int) -> int:
            text = saved.get(key, "").strip()
            if not text:
                return default
            if not text.isdigit() or int(text) < 1:
                raise ValidationError(
                    FieldProblem(
                        f"{label} ({key} in settings.json)",
                        f"must be a whole number of 1 or more, not {text!r}",
                    )
                )
            return int(text)

        return cls(
            whole("import_max_mb", "Largest import in MB", DEFAULT_MAX_MB),
            whole("import_max_rows", "Most rows in one import", DEFAULT_MAX_ROWS),
        )


def _too_big(path: Path, what: str, limits: ImportLimits) -> ValidationError:
    return ValidationError(
        FieldProblem(
            "File",
            f"{path.name} {what}: the most one import takes is {limits.max_mb} MB or "
            f"{limits.max_rows:,} rows. Check it is the right file; a large one can be split "
            "into smaller files, each with the header row, and imported one after another",
        )
    )


# (rows done, rows in all) -> False to stop. Called from the worker thread doing the import.
Progress = Callable[[int, int], object]


class ImportCancelled(DomainError):
    """The person importing stopped it: the transaction was rolled back, nothing written."""

    def __init__(self) -> None:
        super().__init__("The import was cancelled: nothing was imported")


def step(progress: Progress | None, done: int, total: int) -> None:
    """Tell `progress`; stop the import (ImportCancelled) when it answers False."""
    if progress is not None and progress(done, total) is False:
        raise ImportCancelled


def _size_problem(path: Path, size: int, limits: ImportLimits) -> ValidationError | None:
    if size <= limits.max_bytes:
        return None
    shown = f"{size / (1024 * 1024):.1f}"
    what = (
        f"is {shown} MB"
        if float(shown) > limits.max_mb
        else f"is more than {limits.max_mb} MB"  # not "is 20.0 MB" beside "20 MB"
    )
    return _too_big(path, what, limits)


def _not_utf8(name: str) -> ValidationError:
    return ValidationError(
        FieldProblem("File", f'{name} is not UTF-8 text. Save it as "CSV UTF-8" and try again')
    )


@dataclass(frozen=True)
class ImportSource:
    """A file to import, read line by line when the import wants it (or text, for tests and
    the demo). `from_path` refuses a file over the size limit at once, without opening it."""

    name: str
    limits: ImportLimits = field(default_factory=ImportLimits)
    path: Path | None = None
    text: str | None = None

    @classmethod
    def from_path(cls, path: Path, limits: ImportLimits | None = None) -> ImportSource:
        """The file, once its size and its records are counted (a pass that keeps nothing:
        a file over either limit is refused in about a second, in the same little memory
        whatever its size). Takes I/O: call it off the GUI thread."""
        limits = limits or ImportLimits()
        try:
            size = path.stat().st_size
        except OSError as err:
            raise _unreadable(path, err) from err
        problem = _size_problem(path, size, limits)
        if problem is not None:
            raise problem
        source = cls(path.name, limits, path=path)
        with source.lines() as lines:
            try:
                for number, _record in enumerate(csv.reader(lines)):  # 0 is the header row
                    if number > limits.max_rows:
                        raise TooManyRows(limits.max_rows)
            except csv.Error:
                pass  # a stray quote mark: the parser names its line, and counts again
        return source

    @classmethod
    def from_text(cls, text: str, limits: ImportLimits | None = None) -> ImportSource:
        return cls("The file", limits or ImportLimits(), text=text)

    @property
    def max_rows(self) -> int:
        return self.limits.max_rows

    @contextmanager
    def lines(self) -> Iterator[Iterable[str]]:
        """The file's lines as they are read (UTF-8, with or without a BOM). Inside the
        block, a file that is not UTF-8, cannot be read, or has too many rows (TooManyRows
        from the parser) becomes a refusal naming the file and what to do."""
        try:
            if self.path is None:
                yield io.StringIO((self.text or "").removeprefix("\ufeff"), newline="")
                return
            with self.path.open(encoding="utf-8-sig", newline="") as f:
                yield f
        except TooManyRows as err:
            raise _too_big(
                Path(self.name), f"has more than {err.max_rows:,} rows", self.limits
            ) from err
        except UnicodeDecodeError as err:
            raise _not_utf8(self.name) from err
        except OSError as err:
            raise _unreadable(self.path or Path(self.name), err) from err


def as_source(source: str | ImportSource) -> ImportSource:
    return source if isinstance(source, ImportSource) else ImportSource.from_text(source)


def _unreadable(path: Path, err: OSError) -> ValidationError:
    return ValidationError(FieldProblem("File", f"{path}: cannot read the file ({err.strerror})"))
