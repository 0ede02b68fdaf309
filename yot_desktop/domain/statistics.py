"""Small-number suppression for published counts (statistical disclosure control).

The choices, which the Notes of every export repeat in plain words:

* **Primary suppression**: a count from 1 to ``threshold - 1`` (default 1 to 4) is hidden.
  A count of 0 is shown, as in Ministry of Justice and Youth Justice Board tables: it says no
  child is in that cell, which tells nobody anything about a particular child.
* **Marker**: a hidden value is shown as ``[c]`` ("confidential"), the marker the Government
  Statistical Service and ONS use, so readers can look it up.
* **Secondary suppression**: counts are linked by sums ("lines"): a row and its total, a
  column and its total, a funnel stage and the stage before it, and a scheme's figure and the
  all-schemes figure. A reader holding every published number can add and subtract along any
  number of lines at once (solve the equations) and knows no count is negative. So after the
  small counts are hidden, the check asks, for each hidden value (and each small count that
  is never published, such as "referred but not eligible"), whether the visible numbers pin it
  to one value; if they do, one more value sharing a line with it is hidden (the smallest
  non-zero value, preferring a cell to a total) and the check runs again, until none is pinned.
  The check is exact linear algebra over whole numbers (no rounding): a hidden value counts as
  safe only when the equations the published figures give leave it free (some other
  solution changes it).
* **Totals** are never altered (no rounding, no noise): a visible total is the true total.
* **Rates**: a rate whose numerator or denominator is hidden is hidden too.

Limits: the check does not reason with bounds (that no count is negative, or that a hidden
small count lies in 1 to 4), only with sums and differences; the property tests search for a
second whole-number, non-negative answer near the true one and have found none missing. Nor
does it cover differences between two overlapping periods, or between a team's report and the
all-teams one.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from math import gcd
from typing import Generic, TypeVar

SUPPRESSED_MARK = "[c]"
NOT_APPLICABLE_MARK = "–"
DEFAULT_THRESHOLD = 5

K = TypeVar("K", bound=Hashable)


def suppression_note(threshold: int = DEFAULT_THRESHOLD) -> str:
    """The sentence every export shows beside its figures."""
    return (
        f"{SUPPRESSED_MARK} = hidden to protect children's identities: counts from 1 to "
        f"{threshold - 1} are hidden, and so are other values wherever a hidden count could "
        "otherwise be worked out by adding or subtracting published figures, in this report "
        "or in the reports for the other schemes and for all schemes over the same period. "
        "0 is shown. "
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


@dataclass(frozen=True)
class NotComputed:
    """A figure the record cannot give (such as a KPI whose facts are not recorded): shown as
    'Not computed' with the reason, never estimated."""

    reason: str
    value: None = None
    suppressed: bool = False

    def display(self) -> str:
        return "Not computed"


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
    rank: Callable[[K], int] | None = None,
) -> dict[K, Cell]:
    """Primary and secondary suppression over any set of linked counts.

    ``rank``: which values to keep visible first when one more must be hidden (higher is
    kept longer), such as a headline figure over a breakdown's cell.

    ``unpublished`` keys are counts the export never shows (such as a gap between two funnel
    stages) but which a reader could compute; a small one must stay uncomputable too.
    Returns a cell for every published key. No hidden value can be worked out from the
    published ones by any sums and differences along the constraints (see the module's
    docstring)."""
    if threshold < 1:
        raise ValueError("the suppression threshold must be at least 1")
    _check(values, constraints)
    hidden_anyway = frozenset(unpublished)
    protected = {k for k, v in values.items() if is_sensitive(v, threshold)}
    order = {k: i for i, k in enumerate(values)}
    lines_of: dict[K, list[Constraint[K]]] = {}
    for line in constraints:
        for k in line.members():
            lines_of.setdefault(k, []).append(line)

    def preference(k: K) -> tuple[bool, int, bool, int, int]:
        return (
            values[k] == 0,  # a hidden 0 protects little and reads oddly
            rank(k) if rank else 0,
            any(line.total == k for line in lines_of.get(k, ())),  # keep totals visible
            values[k],
            order[k],
        )

    cleared: set[K] = set()

    def must_stay_unknown(hidden: set[K]) -> list[K]:
        # Every published hidden value, and every small unpublished one (a hidden 0 may be
        # worked out: 0 is published anyway).
        return [
            k
            for k in values
            if k in hidden
            and values[k] > 0
            and k not in cleared
            and (k not in hidden_anyway or k in protected)
        ]

    while True:
        hidden = protected | hidden_anyway
        pinned = _pinned(values, constraints, hidden, must_stay_unknown(hidden))
        if not pinned:
            break
        if len(pinned) > 3:
            # Many at once (the first rounds): one neighbour each, the smallest, unless a
            # neighbour is being hidden already this round; then look again.
            chosen_now: set[K] = set()
            for leaked in pinned:
                near = _neighbours(leaked, lines_of, hidden, hidden_anyway)
                if not near:
                    cleared.add(leaked)  # see below
                elif not chosen_now.intersection(near):
                    chosen_now.add(min(near, key=preference))
            protected |= chosen_now
            continue
        leaked = pinned[0]
        # Values beside any pinned one: hiding one of them may open a way round (a cycle).
        candidates = sorted(
            {k for p in pinned for k in _neighbours(p, lines_of, hidden, hidden_anyway)},
            key=preference,
        )
        if not candidates:
            # Every value linked to it, however far, is hidden: doubling all of them is
            # another answer, so it is not pinned (the check above only tries one way round).
            cleared.add(leaked)
            continue
        chosen = candidates[0]
        for k in candidates[:8]:  # the first that frees the pinned value, if any does
            trial = hidden | {k}
            if leaked not in _pinned(values, constraints, trial, [leaked]):
                chosen = k
                break
        protected.add(chosen)
    return {
        k: (Cell.hidden() if k in protected else Cell(v))
        for k, v in values.items()
        if k not in hidden_anyway
    }


def _neighbours(
    key: K,
    lines_of: Mapping[K, list[Constraint[K]]],
    hidden: set[K],
    unpublished: frozenset[K],
) -> list[K]:
    """Published visible values sharing a line with ``key``; if there are none, those one
    line further out (through hidden values), and so on."""
    seen, frontier = {key}, [key]
    while frontier:
        found: list[K] = []
        nxt: list[K] = []
        for k in frontier:
            for line in lines_of.get(k, ()):
                for m in line.members():
                    if m in seen:
                        continue
                    seen.add(m)
                    if m in hidden:
                        nxt.append(m)
                    elif m not in unpublished:
                        found.append(m)
        if found:
            return found
        frontier = nxt
    return []


def _pinned(
    values: Mapping[K, int],
    constraints: Sequence[Constraint[K]],
    hidden: set[K],
    watched: Sequence[K],
    bounds: bool = False,
) -> list[K]:
    """The ``watched`` hidden values that the visible values fix by sums and differences
    (and, with ``bounds``, also by no count being negative, checked one way round only).

    The hidden values x satisfy A x = b (A: the constraints' coefficients on hidden keys, b
    from the visible ones) and x >= 0. The reduced row echelon form of A (exact, in whole
    numbers) gives the solutions as x* + sum t_f d_f over the free keys f. A key is safe when
    some d_f (scaled to the smallest whole-number step) moves it and x* + d_f or x* - d_f is
    another solution with no negative count: a second whole-number answer. Otherwise it is
    reported (a key never moved is pinned for certain; one only moved by combinations of
    several d_f is reported too, which can only hide more than needed)."""
    columns = [k for k in values if k in hidden]
    if not columns or not watched:
        return []
    index = {k: i for i, k in enumerate(columns)}
    rows: list[dict[int, int]] = []
    for line in constraints:
        row: dict[int, int] = {}
        for k, coefficient in ((line.total, 1), *((p, -1) for p in line.parts)):
            if k in index:
                row[index[k]] = row.get(index[k], 0) + coefficient
        row = {c: v for c, v in row.items() if v}
        if row:
            rows.append(row)
    pivots = _reduce(rows)  # pivot column -> its row, no other pivot column in it
    free_of_row: dict[int, list[int]] = {p: [c for c in r if c != p] for p, r in pivots.items()}
    rows_of_free: dict[int, list[int]] = {}
    for p, frees in free_of_row.items():
        for f in frees:
            rows_of_free.setdefault(f, []).append(p)
    x = [values[k] for k in columns]
    cache: dict[int, bool] = {}

    def step_possible(f: int) -> bool:
        """Whether moving along free key f's direction gives another solution."""
        if f not in cache:
            scale = 1
            for p in rows_of_free.get(f, ()):
                lead = abs(pivots[p][p])
                scale = scale * lead // gcd(scale, lead)
            d = {f: scale}
            for p in rows_of_free.get(f, ()):
                d[p] = -pivots[p][f] * scale // pivots[p][p]
            step = 0
            for v in d.values():
                step = gcd(step, v)
            cache[f] = any(
                all(x[c] + sign * (v // step) >= 0 for c, v in d.items()) for sign in (1, -1)
            )
        return cache[f]

    pinned = []
    for k in watched:
        c = index[k]
        frees = free_of_row[c] if c in pivots else [c]
        if not frees:
            pinned.append(k)  # fixed by sums and differences alone
        elif bounds and not any(step_possible(f) for f in frees):
            pinned.append(k)
    return pinned


def _reduce(rows: list[dict[int, int]]) -> dict[int, dict[int, int]]:
    """Reduced row echelon form of sparse whole-number rows, kept in whole numbers: {pivot
    column: its row, with no other pivot column in it}, each row divided by its entries'
    greatest common divisor."""
    pivots: dict[int, dict[int, int]] = {}

    for row in rows:
        while (p := next((c for c in row if c in pivots), None)) is not None:
            row = _without(row, pivots[p], p)
        if not row:
            continue
        p = min(row)
        for q in [q for q, other in pivots.items() if p in other]:
            pivots[q] = _without(pivots[q], row, p)
        pivots[p] = row
    return pivots


def _without(row: dict[int, int], pivot: dict[int, int], p: int) -> dict[int, int]:
    """``row`` with column p taken out by ``pivot`` (whose column p is not 0)."""
    a, b = pivot[p], row[p]
    out = {c: a * v for c, v in row.items()}
    for c, v in pivot.items():
        nv = out.get(c, 0) - b * v
        if nv:
            out[c] = nv
        else:
            out.pop(c, None)
    g = 0
    for v in out.values():
        g = gcd(g, v)
    return {c: v // g for c, v in out.items()} if g > 1 else out


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
