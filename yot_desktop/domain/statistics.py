"""Small-number suppression for published counts (statistical disclosure control).

The choices, which the Notes of every export repeat in plain words:

* **Primary suppression**: a count from 1 to ``threshold - 1`` (default 1 to 4) is hidden.
  A count of 0 is shown, as in Ministry of Justice and Youth Justice Board tables: it says no
  child is in that cell, which tells nobody anything about a particular child.
* **Marker**: a hidden value is shown as ``[c]`` ("confidential"), the marker the Government
  Statistical Service and ONS use, so readers can look it up.
* **Secondary suppression**: counts are linked by sums ("lines"): a row and its total, a
  column and its total, or a funnel stage and the stage before it. If a line has exactly one
  hidden value, anyone can get it back by subtraction, so one more value in that line is
  hidden: the smallest non-zero value, preferring a cell to a total. This repeats until no
  hidden value (nor any hidden small count that is never published, such as "referred but not
  eligible") can be worked out from the visible numbers one line at a time.
* **Totals** are never altered (no rounding, no noise): a visible total is the true total.
* **Rates**: a rate whose numerator or denominator is hidden is hidden too.

Limit (stated in the Notes): the check follows sums line by line; it does not solve systems of
equations across several lines at once, nor use the fact that a hidden count lies in 1 to 4.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

SUPPRESSED_MARK = "[c]"
NOT_APPLICABLE_MARK = "–"
DEFAULT_THRESHOLD = 5

K = TypeVar("K", bound=Hashable)


def suppression_note(threshold: int = DEFAULT_THRESHOLD) -> str:
    """The sentence every export shows beside its figures."""
    return (
        f"{SUPPRESSED_MARK} = hidden to protect children's identities: counts from 1 to "
        f"{threshold - 1} are hidden, and so is one more value in any total that would "
        "otherwise let a hidden count be worked out by subtraction. 0 is shown. "
        "Rates are hidden when the count above or below the line is hidden."
    )


def is_sensitive(value: int, threshold: int = DEFAULT_THRESHOLD) -> bool:
    """A small non-zero count that must not be published."""
    return 0 < value < threshold


@dataclass(frozen=True)
class Cell:
    """One published count. A suppressed cell holds no value at all, so none can leak."""

    value: int | None
    suppressed: bool = False

    def __post_init__(self) -> None:
        if self.suppressed and self.value is not None:
            raise ValueError("a suppressed cell must not carry its value")
        if not self.suppressed and self.value is None:
            raise ValueError("a visible cell needs a value")

    @classmethod
    def hidden(cls) -> Cell:
        return cls(None, True)

    def display(self) -> str:
        return SUPPRESSED_MARK if self.suppressed else str(self.value)


@dataclass(frozen=True)
class Rate:
    """A proportion from 0 to 1. ``value is None`` and not suppressed: nothing to divide by."""

    value: float | None
    suppressed: bool = False

    def __post_init__(self) -> None:
        if self.suppressed and self.value is not None:
            raise ValueError("a suppressed rate must not carry its value")

    def display(self) -> str:
        if self.suppressed:
            return SUPPRESSED_MARK
        if self.value is None:
            return NOT_APPLICABLE_MARK
        return f"{self.value * 100:.0f}%"


@dataclass(frozen=True)
class Measure:
    """A derived figure such as hours saved or days waited, hidden with the counts behind it."""

    value: float | None
    suppressed: bool = False
    unit: str = ""
    decimals: int = 1

    def __post_init__(self) -> None:
        if self.suppressed and self.value is not None:
            raise ValueError("a suppressed measure must not carry its value")

    def display(self) -> str:
        if self.suppressed:
            return SUPPRESSED_MARK
        if self.value is None:
            return NOT_APPLICABLE_MARK
        text = f"{self.value:,.{self.decimals}f}"
        return f"{text} {self.unit}".strip()


def rate(numerator: Cell, denominator: Cell) -> Rate:
    """numerator / denominator, hidden if either is hidden; not applicable over 0."""
    if numerator.suppressed or denominator.suppressed:
        return Rate(None, True)
    assert numerator.value is not None
    assert denominator.value is not None
    if denominator.value == 0:
        return Rate(None)
    return Rate(numerator.value / denominator.value)


@dataclass(frozen=True)
class Constraint(Generic[K]):
    """``total`` is the sum of ``parts``: a line along which subtraction recovers a value."""

    total: K
    parts: tuple[K, ...]

    def members(self) -> tuple[K, ...]:
        return (self.total, *self.parts)


def suppress(
    values: Mapping[K, int],
    constraints: Sequence[Constraint[K]],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    unpublished: Collection[K] = (),
) -> dict[K, Cell]:
    """Primary and secondary suppression over any set of linked counts.

    ``unpublished`` keys are counts the export never shows (such as a gap between two funnel
    stages) but which a reader could compute; a small one must stay uncomputable too.
    Returns a cell for every published key.
    """
    if threshold < 1:
        raise ValueError("the suppression threshold must be at least 1")
    _check(values, constraints)
    hidden_anyway = frozenset(unpublished)
    protected = {k for k, v in values.items() if is_sensitive(v, threshold)}
    order = {k: i for i, k in enumerate(values)}
    while (leak := _first_leak(values, constraints, protected, hidden_anyway)) is not None:
        line, leaked = leak
        candidates = [k for k in line.members() if k != leaked and k not in protected]
        protected.add(
            min(
                candidates,
                key=lambda k: (
                    k in hidden_anyway,  # hiding a published value protects directly
                    values[k] == 0,  # a hidden 0 protects little and reads oddly
                    k == line.total,  # keep totals visible where possible
                    values[k],
                    order[k],
                ),
            )
        )
    return {
        k: (Cell.hidden() if k in protected else Cell(v))
        for k, v in values.items()
        if k not in hidden_anyway
    }


def _check(values: Mapping[K, int], constraints: Sequence[Constraint[K]]) -> None:
    for k, v in values.items():
        if v < 0:
            raise ValueError(f"count {k!r} is negative")
    for c in constraints:
        if not c.parts:
            raise ValueError(f"constraint on {c.total!r} has no parts")
        if len(set(c.members())) != len(c.members()):
            raise ValueError(f"constraint on {c.total!r} repeats a member")
        if values[c.total] != sum(values[p] for p in c.parts):
            raise ValueError(f"{c.total!r} is not the sum of its parts")


def _first_leak(
    values: Mapping[K, int],
    constraints: Sequence[Constraint[K]],
    protected: set[K],
    unpublished: frozenset[K],
) -> tuple[Constraint[K], K] | None:
    """The first protected value a reader could compute, and the line that gives it away."""
    known = {k for k in values if k not in protected and k not in unpublished}
    changed = True
    while changed:
        changed = False
        for line in constraints:
            unknown = [k for k in line.members() if k not in known]
            if len(unknown) != 1:
                continue
            if unknown[0] in protected:
                return line, unknown[0]
            known.add(unknown[0])
            changed = True
    return None


@dataclass(frozen=True)
class SuppressedTable:
    """A table of counts after suppression, ready for any exporter."""

    title: str
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    cells: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Cell, ...] | None
    column_totals: tuple[Cell, ...] | None
    grand_total: Cell | None
    threshold: int
    total_label: str = "Total"

    def lines(self) -> list[list[Cell]]:
        """Every additive line (row or column, with its total) for checks and tests."""
        out: list[list[Cell]] = []
        for i, row in enumerate(self.cells):
            if self.row_totals is not None:
                out.append([*row, self.row_totals[i]])
        for j in range(len(self.column_labels)):
            if self.column_totals is not None:
                out.append([row[j] for row in self.cells] + [self.column_totals[j]])
        if self.row_totals is not None and self.grand_total is not None:
            out.append([*self.row_totals, self.grand_total])
        if self.column_totals is not None and self.grand_total is not None:
            out.append([*self.column_totals, self.grand_total])
        return out


def suppress_table(
    counts: Sequence[Sequence[int]],
    *,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    threshold: int = DEFAULT_THRESHOLD,
    row_totals: bool = True,
    column_totals: bool = True,
    nested_columns: bool = False,
    title: str = "",
) -> SuppressedTable:
    """Suppress a rows × columns table of counts, with the totals it will be shown with.

    ``nested_columns``: each column is a subset of the one before (a funnel: referred, eligible,
    offered...), so a row has no total of its own but each gap between two stages is a count a
    reader can compute; small gaps are protected as well.
    """
    n_rows, n_cols = len(row_labels), len(column_labels)
    if len(counts) != n_rows or any(len(r) != n_cols for r in counts):
        raise ValueError("counts do not match the labels")
    if nested_columns and row_totals:
        raise ValueError("nested columns have no row totals")
    values: dict[tuple[str, int, int], int] = {}
    constraints: list[Constraint[tuple[str, int, int]]] = []
    unpublished: list[tuple[str, int, int]] = []
    for i, row in enumerate(counts):
        for j, v in enumerate(row):
            values[("c", i, j)] = v
    if row_totals:
        for i, row in enumerate(counts):
            values[("r", i, 0)] = sum(row)
            constraints.append(Constraint(("r", i, 0), tuple(("c", i, j) for j in range(n_cols))))
    if column_totals:
        for j in range(n_cols):
            values[("t", 0, j)] = sum(r[j] for r in counts)
            constraints.append(Constraint(("t", 0, j), tuple(("c", i, j) for i in range(n_rows))))
    if row_totals and column_totals:
        values[("g", 0, 0)] = sum(sum(r) for r in counts)
        constraints.append(Constraint(("g", 0, 0), tuple(("r", i, 0) for i in range(n_rows))))
        constraints.append(Constraint(("g", 0, 0), tuple(("t", 0, j) for j in range(n_cols))))
    if nested_columns:
        kinds = ["c"] + (["t"] if column_totals else [])
        for kind in kinds:
            for i in range(n_rows if kind == "c" else 1):
                for j in range(n_cols - 1):
                    gap = (kind + "gap", i, j)
                    values[gap] = values[(kind, i, j)] - values[(kind, i, j + 1)]
                    if values[gap] < 0:
                        raise ValueError("nested columns must not grow from left to right")
                    unpublished.append(gap)
                    constraints.append(Constraint((kind, i, j), ((kind, i, j + 1), gap)))
        if column_totals:
            for j in range(n_cols - 1):
                constraints.append(
                    Constraint(("tgap", 0, j), tuple(("cgap", i, j) for i in range(n_rows)))
                )
    cells = suppress(values, constraints, threshold=threshold, unpublished=unpublished)
    return SuppressedTable(
        title=title,
        row_labels=tuple(row_labels),
        column_labels=tuple(column_labels),
        cells=tuple(tuple(cells[("c", i, j)] for j in range(n_cols)) for i in range(n_rows)),
        row_totals=tuple(cells[("r", i, 0)] for i in range(n_rows)) if row_totals else None,
        column_totals=tuple(cells[("t", 0, j)] for j in range(n_cols)) if column_totals else None,
        grand_total=cells[("g", 0, 0)] if row_totals and column_totals else None,
        threshold=threshold,
    )
