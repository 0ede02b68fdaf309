"""Edit distances between short strings (names, words), stopping once they exceed a limit.

What duplicate checks and redaction need: whether two names are within one or two edits.
Levenshtein counts insertions, deletions and substitutions; optimal string alignment (OSA)
also counts swapping two adjacent letters as one edit (no part edited twice). Both return
the distance when it is at most `cutoff`, else cutoff + 1: the answers of rapidfuzz's
Levenshtein.distance and OSA.distance with score_cutoff (tests/unit/domain/
test_edit_distance.py compares them), without its 12 MB of compiled code.
"""

from __future__ import annotations


def levenshtein(a: str, b: str, cutoff: int) -> int:
    return _bounded(a, b, cutoff, transpositions=False)


def osa(a: str, b: str, cutoff: int) -> int:
    return _bounded(a, b, cutoff, transpositions=True)


def _bounded(a: str, b: str, cutoff: int, *, transpositions: bool) -> int:
    if a == b:
        return 0
    over = cutoff + 1
    # What the two share at the start and the end costs nothing.
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end = 0
    while end < len(a) - start and end < len(b) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    a, b = a[start : len(a) - end], b[start : len(b) - end]
    n, m = len(a), len(b)
    if abs(n - m) > cutoff:
        return over
    if n == 0 or m == 0:
        return min(n + m, over)
    # Rows of the usual table, worked out only within `cutoff` of the diagonal: a cell
    # further out needs more than `cutoff` insertions or deletions. Values cap at `over`.
    before: list[int] = []
    previous = [min(j, over) for j in range(m + 1)]
    for i in range(1, n + 1):
        row = [over] * (m + 1)
        row[0] = min(i, over)
        lowest = row[0]
        letter = a[i - 1]
        for j in range(max(1, i - cutoff), min(m, i + cutoff) + 1):
            other = b[j - 1]
            value = min(
                previous[j] + 1,
                row[j - 1] + 1,
                previous[j - 1] + (letter != other),
            )
            if (
                transpositions
                and i > 1
                and j > 1
                and letter == b[j - 2]
                and a[i - 2] == other
                and before[j - 2] + 1 < value
            ):
                value = before[j - 2] + 1
            value = min(value, over)
            row[j] = value
            lowest = min(lowest, value)
        if lowest > cutoff:
            return over
        before, previous = previous, row
    return previous[m]
