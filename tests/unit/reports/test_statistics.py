"""Small-number suppression: primary, secondary, nested funnels and rates."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yot_desktop.domain.statistics import (
    SUPPRESSED_MARK,
    Cell,
    Constraint,
    Rate,
    SuppressedTable,
    rate,
    suppress,
    suppress_table,
)


def shown(t: SuppressedTable) -> list[list[str]]:
    return [[c.display() for c in row] for row in t.cells]


def test_single_column_hides_small_count_and_next_smallest() -> None:
    t = suppress_table(
        [[3], [20], [12], [0]],
        row_labels=["Female", "Male", "Other", "Not known"],
        column_labels=["Referred"],
        row_totals=False,
    )
    # 3 is hidden (primary); 35 - 20 - 12 - 0 would give it back, so the next smallest
    # non-zero value, 12, is hidden as well. 0 stays visible and the total is unchanged.
    assert shown(t) == [["[c]"], ["20"], ["[c]"], ["0"]]
    assert t.column_totals == (Cell(35),)


def test_zero_is_shown_and_large_counts_untouched() -> None:
    t = suppress_table([[0, 7], [5, 9]], row_labels=["a", "b"], column_labels=["x", "y"])
    assert shown(t) == [["0", "7"], ["5", "9"]]
    assert t.grand_total == Cell(21)


def test_secondary_suppression_in_two_dimensions() -> None:
    t = suppress_table(
        [[3, 10, 12], [8, 9, 20], [15, 6, 7]],
        row_labels=["a", "b", "c"],
        column_labels=["x", "y", "z"],
    )
    # 3 (primary) -> row a hides 10 (next smallest) -> column x hides 8 and column y
    # hides 6 -> row b hides 9... every line ends with 0 or at least 2 hidden cells.
    assert t.cells[0][0].suppressed
    for line in t.lines():
        assert sum(c.suppressed for c in line) != 1
    assert t.grand_total == Cell(90)
    assert t.row_totals is not None
    assert [c.value for c in t.row_totals] == [25, 37, 28]


def test_small_total_is_hidden_too() -> None:
    t = suppress_table([[2, 1], [10, 12]], row_labels=["a", "b"], column_labels=["x", "y"])
    assert t.row_totals is not None
    assert t.row_totals[0].suppressed  # 3 children in row a: itself a small count
    assert shown(t)[0] == ["[c]", "[c]"]


def test_nested_funnel_protects_small_gaps_between_stages() -> None:
    # Row a: 12 eligible of 20 referred, 9 offered: the 3 eligible but not offered could be
    # worked out as 12 - 9, so one of the two is hidden.
    t = suppress_table(
        [[20, 12, 9], [10, 8, 6]],
        row_labels=["a", "b"],
        column_labels=["Referred", "Eligible", "Offered"],
        row_totals=False,
        nested_columns=True,
    )
    values = [[c.value for c in row] for row in t.cells]
    a_eligible, a_offered = values[0][1], values[0][2]
    assert a_eligible is None or a_offered is None
    b_eligible, b_offered = values[1][1], values[1][2]
    assert b_eligible is None or b_offered is None  # 8 - 6 = 2


def test_nested_columns_must_not_grow() -> None:
    with pytest.raises(ValueError, match="nested"):
        suppress_table(
            [[3, 5]],
            row_labels=["a"],
            column_labels=["x", "y"],
            row_totals=False,
            nested_columns=True,
        )


def test_inconsistent_constraint_is_refused() -> None:
    with pytest.raises(ValueError, match="sum"):
        suppress({"t": 10, "a": 3, "b": 6}, [Constraint("t", ("a", "b"))])


def test_rates() -> None:
    assert rate(Cell(7), Cell(9)) == Rate(7 / 9)
    assert rate(Cell.hidden(), Cell(9)) == Rate(None, True)
    assert rate(Cell(7), Cell.hidden()) == Rate(None, True)
    assert rate(Cell(0), Cell(0)) == Rate(None)
    assert rate(Cell.hidden(), Cell(9)).display() == SUPPRESSED_MARK
    assert Rate(0.78).display() == "78%"


def test_a_suppressed_cell_cannot_carry_its_value() -> None:
    with pytest.raises(ValueError, match="suppressed"):
        Cell(3, True)
    assert Cell.hidden().display() == "[c]"


# --- properties ---------------------------------------------------------------------------

counts = st.one_of(st.integers(0, 6), st.integers(0, 40))


def recoverable(
    published: Mapping[Hashable, int | None], constraints: Sequence[tuple[Hashable, list[Hashable]]]
) -> set[Hashable]:
    """An attacker's view, written independently of the code under test: repeatedly solve
    any line with exactly one unknown by subtraction."""
    known = {k: v for k, v in published.items() if v is not None}
    changed = True
    while changed:
        changed = False
        for total, parts in constraints:
            members = [total, *parts]
            unknown = [m for m in members if m not in known]
            if len(unknown) != 1:
                continue
            (u,) = unknown
            if u == total:
                known[u] = sum(known[p] for p in parts)
            else:
                known[u] = known[total] - sum(known[p] for p in parts if p != u)
            changed = True
    return {k for k, v in published.items() if v is None and k in known}


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda n_cols: st.lists(
            st.lists(counts, min_size=n_cols, max_size=n_cols), min_size=1, max_size=5
        )
    ),
    st.integers(2, 7),
)
def test_no_hidden_value_is_recoverable(table: list[list[int]], threshold: int) -> None:
    n_rows, n_cols = len(table), len(table[0])
    t = suppress_table(
        table,
        row_labels=[f"r{i}" for i in range(n_rows)],
        column_labels=[f"c{j}" for j in range(n_cols)],
        threshold=threshold,
    )
    assert t.row_totals is not None
    assert t.column_totals is not None
    assert t.grand_total is not None
    # Each line holds no hidden cell, or two or more.
    for line in t.lines():
        assert sum(c.suppressed for c in line) != 1
    # Every visible value is 0 or at least the threshold; every hidden one was a real count.
    everything = [c for row in t.cells for c in row] + [*t.row_totals, *t.column_totals]
    for c in [*everything, t.grand_total]:
        assert c.suppressed or c.value == 0 or (c.value is not None and c.value >= threshold)
    # Totals are never altered.
    for i, row in enumerate(table):
        assert t.row_totals[i].suppressed or t.row_totals[i].value == sum(row)
        for j, v in enumerate(row):
            assert t.cells[i][j].suppressed or t.cells[i][j].value == v
            if 0 < v < threshold:
                assert t.cells[i][j].suppressed
    for j in range(n_cols):
        assert t.column_totals[j].suppressed or t.column_totals[j].value == sum(r[j] for r in table)
    assert t.grand_total.suppressed or t.grand_total.value == sum(map(sum, table))
    # And no chain of subtractions across rows and columns gives a hidden value back.
    published: dict[Hashable, int | None] = {}
    lines: list[tuple[Hashable, list[Hashable]]] = []
    for i in range(n_rows):
        for j in range(n_cols):
            published[(i, j)] = t.cells[i][j].value
        published[("row", i)] = t.row_totals[i].value
        lines.append((("row", i), [(i, j) for j in range(n_cols)]))
    for j in range(n_cols):
        published[("col", j)] = t.column_totals[j].value
        lines.append((("col", j), [(i, j) for i in range(n_rows)]))
    published["all"] = t.grand_total.value
    lines.append(("all", [("row", i) for i in range(n_rows)]))
    lines.append(("all", [("col", j) for j in range(n_cols)]))
    assert recoverable(published, lines) == set()


@st.composite
def funnels(draw: st.DrawFn) -> list[list[int]]:
    n_rows, n_cols = draw(st.integers(1, 5)), draw(st.integers(2, 5))
    rows = []
    for _ in range(n_rows):
        row = [draw(st.integers(0, 40))]
        for _ in range(n_cols - 1):
            row.append(row[-1] - draw(st.integers(0, min(row[-1], 8))))
        rows.append(row)
    return rows


@settings(max_examples=300, deadline=None)
@given(funnels(), st.integers(2, 6))
def test_nested_funnels_hide_small_gaps(table: list[list[int]], threshold: int) -> None:
    n_rows, n_cols = len(table), len(table[0])
    t = suppress_table(
        table,
        row_labels=[f"r{i}" for i in range(n_rows)],
        column_labels=[f"c{j}" for j in range(n_cols)],
        threshold=threshold,
        row_totals=False,
        nested_columns=True,
    )
    assert t.column_totals is not None
    published: dict[Hashable, int | None] = {}
    lines: list[tuple[Hashable, list[Hashable]]] = []
    small_gaps: set[Hashable] = set()
    totals = [sum(r[j] for r in table) for j in range(n_cols)]
    for i, row in enumerate(table):
        for j in range(n_cols):
            published[(i, j)] = t.cells[i][j].value
            assert t.cells[i][j].suppressed or t.cells[i][j].value == row[j]
        for j in range(n_cols - 1):
            lines.append(((i, j), [(i, j + 1), ("gap", i, j)]))
            if 0 < row[j] - row[j + 1] < threshold:
                small_gaps.add(("gap", i, j))
    for j in range(n_cols):
        published[("col", j)] = t.column_totals[j].value
        assert t.column_totals[j].suppressed or t.column_totals[j].value == totals[j]
        lines.append((("col", j), [(i, j) for i in range(n_rows)]))
    for j in range(n_cols - 1):
        lines.append((("col", j), [("col", j + 1), ("tgap", j)]))
        if 0 < totals[j] - totals[j + 1] < threshold:
            small_gaps.add(("tgap", j))
        lines.append((("tgap", j), [("gap", i, j) for i in range(n_rows)]))
    # Unpublished gaps are unknown to the reader unless they can be worked out.
    for k in small_gaps | {("gap", i, j) for i in range(n_rows) for j in range(n_cols - 1)}:
        published[k] = None
    for j in range(n_cols - 1):
        published[("tgap", j)] = None
    leaked = recoverable(published, lines)
    hidden_cells = {
        k for k, v in published.items() if v is None and not (str(k[0]).endswith("gap"))
    }
    assert not leaked & (small_gaps | hidden_cells)
    for row in t.cells:
        for c in row:
            assert c.suppressed or c.value == 0 or (c.value is not None and c.value >= threshold)
