"""Primary and secondary suppression, as a pure function over tables.

The property: for random tables — one breakdown, county × breakdown, and several breakdowns
sharing the county margins — every cell under the threshold is withheld, every margin
equation has no unknown or at least two, and no withheld cell is determined by the published
numbers (checked independently of the implementation, with the rank of the equations over
the unknowns: a cell is determined exactly when dropping its column lowers the rank).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rencai.dashboard.stats.suppression import (
    COLUMN,
    ROW,
    TOTAL,
    Equation,
    grid_equations,
    suppress,
)

pytestmark = pytest.mark.portable


def grid(values: list[list[int]], name: str = "b") -> dict:
    """A county × breakdown table's cells, margins and total, named as the engine names them."""
    counts: dict = {}
    for r, row in enumerate(values):
        for c, n in enumerate(row):
            counts[(name, r, c)] = n
    for r, row in enumerate(values):
        counts[(ROW, r)] = sum(row)
    for c in range(len(values[0])):
        counts[(name, COLUMN, c)] = sum(row[c] for row in values)
    counts[TOTAL] = sum(map(sum, values))
    return counts


def one_way(values: list[int]) -> tuple[dict, list[Equation]]:
    counts = {("cell", i): n for i, n in enumerate(values)} | {TOTAL: sum(values)}
    return counts, [Equation(TOTAL, tuple(("cell", i) for i in range(len(values))))]


def recomputable(counts: dict, equations: list[Equation], withheld) -> set:
    """The withheld cells the published numbers determine (numpy's rank: independent of the
    engine's exact elimination)."""
    unknowns = [c for c in counts if c in withheld]
    if not unknowns:
        return set()
    matrix = np.zeros((len(equations), len(unknowns)))
    for i, eq in enumerate(equations):
        for j, cell in enumerate(unknowns):
            matrix[i, j] = eq.members.count(cell) - (cell == eq.total)
    rank = np.linalg.matrix_rank(matrix)
    return {
        cell
        for j, cell in enumerate(unknowns)
        if np.linalg.matrix_rank(np.delete(matrix, j, axis=1)) < rank
    }


def assert_protected(counts, equations, withheld, threshold):
    assert {c for c, n in counts.items() if 0 < n < threshold} <= withheld
    for eq in equations:
        assert sum(c in withheld for c in eq.cells()) != 1, eq
    assert recomputable(counts, equations, withheld) == set()
    if 0 < counts[TOTAL] < threshold:
        assert withheld == set(counts)


# --- examples --------------------------------------------------------------------------------


def test_a_small_cell_and_the_next_smallest_are_withheld():
    counts, equations = one_way([3, 10, 12])

    withheld = suppress(counts, equations, 5, grand_total=TOTAL)

    assert withheld == {("cell", 0), ("cell", 1)}


def test_a_zero_is_published_and_protects_nothing():
    counts, equations = one_way([0, 3, 12, 9])

    withheld = suppress(counts, equations, 5, grand_total=TOTAL)

    assert withheld == {("cell", 1), ("cell", 3)}


def test_no_small_cell_withholds_nothing():
    counts, equations = one_way([0, 5, 12])

    assert suppress(counts, equations, 5, grand_total=TOTAL) == set()


def test_a_total_under_the_threshold_withholds_everything():
    counts, equations = one_way([1, 2, 0])

    assert suppress(counts, equations, 5, grand_total=TOTAL) == set(counts)


def test_a_lone_small_cell_withholds_the_total():
    counts, equations = one_way([3])
    counts[TOTAL] = 3

    assert suppress(counts, equations, 2, grand_total=TOTAL) == set()
    assert suppress(counts, equations, 5) == {("cell", 0), TOTAL}


def test_a_county_table_withholds_in_both_directions():
    # given two counties by three categories, one cell of 2
    counts = grid([[2, 7, 9], [6, 8, 10]])
    equations = grid_equations([0, 1], [0, 1, 2], "b")

    withheld = suppress(counts, equations, 5, grand_total=TOTAL)

    # then its row and its column each lose one more cell, and the square closes
    assert withheld == {("b", 0, 0), ("b", 0, 1), ("b", 1, 0), ("b", 1, 1)}
    assert_protected(counts, equations, withheld, 5)


def test_a_withheld_county_total_cannot_be_recomputed_from_the_city_total():
    counts = grid([[3], [20], [30]])
    equations = grid_equations([0, 1, 2], [0], "b")

    withheld = suppress(counts, equations, 5, grand_total=TOTAL)

    assert (ROW, 0) in withheld
    assert (ROW, 1) in withheld
    assert_protected(counts, equations, withheld, 5)


# --- properties ------------------------------------------------------------------------------

cells = st.integers(min_value=0, max_value=25)
thresholds = st.integers(min_value=2, max_value=8)


@given(values=st.lists(cells, min_size=1, max_size=8), threshold=thresholds)
def test_no_withheld_cell_of_a_breakdown_can_be_recomputed(values, threshold):
    counts, equations = one_way(values)

    withheld = suppress(counts, equations, threshold, grand_total=TOTAL)

    assert_protected(counts, equations, withheld, threshold)


tables = st.integers(min_value=1, max_value=5).flatmap(
    lambda width: st.lists(st.lists(cells, min_size=width, max_size=width), min_size=1, max_size=6)
)


@given(values=tables, threshold=thresholds)
def test_no_withheld_cell_of_a_county_table_can_be_recomputed(values, threshold):
    counts = grid(values)
    equations = grid_equations(range(len(values)), range(len(values[0])), "b")

    withheld = suppress(counts, equations, threshold, grand_total=TOTAL)

    assert_protected(counts, equations, withheld, threshold)


@given(data=st.data(), threshold=thresholds)
def test_no_withheld_cell_of_two_breakdowns_sharing_the_county_totals_can_be_recomputed(
    data, threshold
):
    # given one set of county totals split two ways (e.g. by tier and by degree)
    rows = data.draw(st.integers(min_value=1, max_value=5))
    first = data.draw(
        st.lists(st.lists(cells, min_size=2, max_size=2), min_size=rows, max_size=rows)
    )
    second = [data.draw(_split(sum(row))) for row in first]
    counts = grid(first, "tier") | grid(second, "degree")
    equations = list(
        dict.fromkeys(
            grid_equations(range(rows), range(2), "tier")
            + grid_equations(range(rows), range(3), "degree")
        )
    )

    withheld = suppress(counts, equations, threshold, grand_total=TOTAL)

    assert_protected(counts, equations, withheld, threshold)


def _split(total: int):
    """Three parts adding to `total`."""
    return st.tuples(
        st.integers(min_value=0, max_value=total), st.integers(min_value=0, max_value=total)
    ).map(lambda cuts: [min(cuts), max(cuts) - min(cuts), total - max(cuts)])


def test_an_equation_with_no_cells_left_ends():
    # a margin whose only member is withheld and which is itself withheld: nothing to add
    counts = {("cell", 0): 3, TOTAL: 3}
    equations = [Equation(TOTAL, (("cell", 0),)), Equation(("cell", 0), ())]

    assert suppress(counts, equations, 5) == {("cell", 0), TOTAL}
