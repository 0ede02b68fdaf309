"""Reading a partner's CSV file for import: refused at once when it is too big.

A police referral file or an attendance register is a few hundred rows. A file of many
megabytes is a wrong file (an export of the whole force, a database dump) or an attack; it was
read whole, parsed and checked before being refused, taking minutes and gigabytes. Here the
file's size is checked before it is opened and its rows are counted as it is read, so a file
over the limit is refused within a second, naming the limit and what to do, and nothing of it
is kept. The limits are settings (settings.json: `import_max_mb`, `import_max_rows`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from yot_desktop.domain.errors import FieldProblem, ValidationError

DEFAULT_MAX_MB = 20
DEFAULT_MAX_ROWS = 50_000
_CHUNK = 1 << 20


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


def read_import_file(path: Path, limits: ImportLimits | None = None) -> str:
    """The file's text (UTF-8, with or without a BOM), or a refusal in plain words."""
    limits = limits or ImportLimits()
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            shown = f"{size / (1024 * 1024):.1f}"
            what = (
                f"is {shown} MB"
                if float(shown) > limits.max_mb
                else f"is more than {limits.max_mb} MB"  # not "is 20.0 MB" beside "20 MB"
            )
            raise _too_big(path, what, limits)
        parts: list[str] = []
        lines = 0
        with path.open(encoding="utf-8-sig", newline="") as f:
            while chunk := f.read(_CHUNK):
                lines += chunk.count("\n")
                if lines > limits.max_rows + 1:  # the header row is not a row
                    raise _too_big(path, f"has more than {limits.max_rows:,} rows", limits)
                parts.append(chunk)
        return "".join(parts)
    except UnicodeDecodeError as err:
        raise ValidationError(
            FieldProblem(
                "File", f'{path.name} is not UTF-8 text. Save it as "CSV UTF-8" and try again'
            )
        ) from err
    except OSError as err:
        raise ValidationError(
            FieldProblem("File", f"{path}: cannot read the file ({err.strerror})")
        ) from err
