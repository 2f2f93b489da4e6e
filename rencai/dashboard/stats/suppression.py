"""Primary and secondary suppression of published tables (pure Python: no Django).

A table is a set of cells with known counts and the equations that tie them: each margin
(a total) is the sum of the cells it adds up. A cell whose count is at least 1 and under the
threshold is suppressed (primary); then enough other cells are suppressed that no suppressed
cell can be recomputed from the published ones (secondary):

1. if the grand total is under the threshold, every cell is suppressed;
2. in every equation with exactly one suppressed member, the smallest other cell is suppressed
   too (the total only when no cell is left) — repeated until no equation has one;
3. a suppressed cell may still be determined by combining equations (a "bridge" between two
   protected groups): the system is reduced exactly (fractions) and, while a suppressed cell is
   determined, the smallest published cell sharing an equation with it is suppressed and the
   whole procedure runs again.

A count of 0 is published: it says that no one is in the cell, which discloses nothing about
a person; suppressing zeros would hide most of a sparse table for no protection. The choice of
complements prefers the smallest cell that is not 0 (a suppressed 0 protects little: a reader
who suspects it is empty learns the other unknown).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

Cell = Hashable

# How tables name their margins: ("row", county), (breakdown, "column", category), ("total",).
ROW = "row"
COLUMN = "column"
TOTAL = ("total",)


@dataclass(frozen=True)
class Equation:
    """`total` is the sum of `members`: one margin and the cells it adds up."""

    total: Cell
    members: tuple[Cell, ...]

    def cells(self) -> tuple[Cell, ...]:
        return (self.total, *self.members)


def primary(counts: Mapping[Cell, int], threshold: int) -> set[Cell]:
    """The cells under the threshold (1 .. threshold - 1)."""
    return {cell for cell, n in counts.items() if 0 < n < threshold}


def suppress(
    counts: Mapping[Cell, int],
    equations: Sequence[Equation],
    threshold: int,
    *,
    grand_total: Cell | None = None,
) -> frozenset[Cell]:
    """The cells to withhold: primary, then secondary until none can be recomputed."""
    if grand_total is not None and 0 < counts[grand_total] < threshold:
        return frozenset(counts)
    order = {cell: i for i, cell in enumerate(counts)}

    def smallest(candidates: Iterable[Cell]) -> Cell | None:
        return min(candidates, key=lambda c: (counts[c] == 0, counts[c], order[c]), default=None)

    suppressed = primary(counts, threshold)
    while True:
        if _complete_equations(equations, suppressed, smallest):
            continue
        exposed = determined(equations, suppressed)
        if not exposed:
            return frozenset(suppressed)
        cell = min(exposed, key=order.__getitem__)
        neighbours = {
            c for eq in equations if cell in eq.cells() for c in eq.cells() if c not in suppressed
        }
        choice = smallest(neighbours)
        if choice is None:
            choice = smallest(c for c in counts if c not in suppressed)
        if choice is None:  # everything is withheld already
            return frozenset(suppressed)
        suppressed.add(choice)


def _complete_equations(equations, suppressed: set[Cell], smallest) -> bool:
    """Rule 2: no equation keeps a single unknown. True when a cell was added."""
    changed = False
    for eq in equations:
        if sum(c in suppressed for c in eq.cells()) != 1:
            continue
        choice = smallest(m for m in eq.members if m not in suppressed)
        if choice is None and eq.total not in suppressed:
            choice = eq.total
        if choice is not None:
            suppressed.add(choice)
            changed = True
    return changed


def determined(equations: Sequence[Equation], suppressed: set[Cell] | frozenset[Cell]) -> set[Cell]:
    """The suppressed cells whose value follows from the published ones and the equations.

    Each equation, restricted to its unknowns, is a row (+1 for members, -1 for the total; the
    published cells only move the constant). A cell is determined exactly when its unit vector
    lies in the rows' span: in reduced row-echelon form, when some row has it as its only
    unknown. Rows are sparse dicts of exact fractions.
    """
    rows: list[dict[Cell, Fraction]] = []
    for eq in equations:
        row: dict[Cell, Fraction] = {}
        for member in eq.members:
            if member in suppressed:
                row[member] = row.get(member, Fraction(0)) + 1
        if eq.total in suppressed:
            row[eq.total] = row.get(eq.total, Fraction(0)) - 1
        row = {c: v for c, v in row.items() if v}
        if row:
            rows.append(row)
    reduced = _reduce(rows)
    return {next(iter(row)) for row in reduced if len(row) == 1}


def _reduce(rows: list[dict[Cell, Fraction]]) -> list[dict[Cell, Fraction]]:
    """Reduced row-echelon form (Gauss–Jordan) of sparse rows; zero rows dropped."""
    pivots: list[tuple[Cell, dict[Cell, Fraction]]] = []
    for original in rows:
        row = dict(original)
        for col, prow in pivots:
            factor = row.get(col)
            if factor:
                _subtract(row, prow, factor)
        if not row:
            continue
        col = next(iter(row))
        scale = row[col]
        row = {c: v / scale for c, v in row.items()}
        for _, prow in pivots:  # keep earlier pivot rows reduced in the new pivot's column
            factor = prow.get(col)
            if factor:
                _subtract(prow, row, factor)
        pivots.append((col, row))
    return [row for _, row in pivots]


def _subtract(row: dict[Cell, Fraction], other: dict[Cell, Fraction], factor: Fraction) -> None:
    for c, v in other.items():
        value = row.get(c, Fraction(0)) - factor * v
        if value:
            row[c] = value
        else:
            row.pop(c, None)


def grid_equations(rows: Sequence[Cell], columns: Sequence[Cell], prefix: Cell) -> list[Equation]:
    """The equations of a rows × columns table with both margins and a grand total.

    Cells are named `(prefix, row, column)`, the column margins `(prefix, COLUMN, column)`; the
    row margins `(ROW, row)` and the total `TOTAL` carry no prefix, so the tables of several
    breakdowns sharing the row margins (the counties) and the total are one system.
    """
    equations = [Equation((ROW, r), tuple((prefix, r, c) for c in columns)) for r in rows]
    equations += [
        Equation((prefix, COLUMN, c), tuple((prefix, r, c) for r in rows)) for c in columns
    ]
    equations.append(Equation(TOTAL, tuple((prefix, COLUMN, c) for c in columns)))
    equations.append(Equation(TOTAL, tuple((ROW, r) for r in rows)))
    return equations
