"""One published figure in one period: its table by county and by each published breakdown,
computed city-wide (`city_reader()`, never a user's scope) from the figure's own records
(`core.figures.records_for`: the definition `compute` counts) and suppressed as one system.

The county margins and the grand total are shared by every breakdown's table, so all of them
are suppressed together: whatever a reader asks (the total, by county, by a breakdown, a
county by a breakdown), the answer is a slice of the one suppressed system, and no two
answers can be combined to recompute a withheld cell.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Count, Q, Sum

from rencai.core import figures
from rencai.core.choices import DivisionLevel
from rencai.core.models import Division
from rencai.core.permissions import city_reader

from . import suppression
from .published import NamedPeriod, PublishedFigure
from .suppression import COLUMN, ROW, TOTAL, Equation


@dataclass(frozen=True)
class Stat:
    """What one cell rests on (`records`) and what it shows."""

    records: int = 0
    value: int | None = None
    numerator: int | None = None
    denominator: int | None = None

    def __add__(self, other: Stat) -> Stat:
        def add(a, b):
            return None if a is None and b is None else (a or 0) + (b or 0)

        return Stat(
            self.records + other.records,
            add(self.value, other.value),
            add(self.numerator, other.numerator),
            add(self.denominator, other.denominator),
        )


@dataclass(frozen=True)
class Table:
    item: PublishedFigure
    period: NamedPeriod
    threshold: int
    counties: list[Division]
    categories: dict[str, list[Any]]
    stats: dict[Hashable, Stat]
    suppressed: frozenset[Hashable]
    model: type[models.Model]

    @property
    def figure(self) -> figures.Figure:
        return self.item.figure

    def rows(self) -> list[str | None]:
        """Division codes; None for records attributed to no county of the city."""
        codes: list[str | None] = [d.code for d in self.counties]
        if (ROW, None) in self.stats:
            codes.append(None)
        return codes


def build(item: PublishedFigure, period: NamedPeriod, threshold: int) -> Table:
    figure = item.figure
    counties = list(Division.objects.filter(level=DivisionLevel.COUNTY).order_by("code"))
    codes = {d.pk: d.code for d in counties}
    if figure.measure == figures.Measure.FLOW:
        qs = figures.records_for(figure, city_reader(), period=period.period)
    else:
        qs = figures.records_for(figure, city_reader(), as_of=period.period.end)
    qs = qs.order_by()
    if figure.kind == figures.Kind.MEDIAN:
        stats = _median_stats(figure, qs, item.breakdowns, codes)
    else:
        stats = _counted_stats(figure, qs, item.breakdowns, codes)
    for key in [*((ROW, code) for code in codes.values()), TOTAL]:
        stats.setdefault(key, empty(figure))
    categories = {
        name: sorted(
            {c[2] for c in stats if len(c) == 3 and c[0] == name and c[1] == COLUMN},
            key=lambda k: (k is None, str(k)),
        )
        for name in item.breakdowns
    }
    rows = [*codes.values(), *([None] if (ROW, None) in stats else [])]
    for name, found in categories.items():
        for row in rows:
            for category in found:
                stats.setdefault((name, row, category), empty(figure))
    suppressed = _suppress(figure, stats, threshold)
    return Table(item, period, threshold, counties, categories, stats, suppressed, qs.model)


def category_codes(table: Table, name: str) -> dict[Any, str]:
    """The catalogue code of each category of a breakdown over a related catalogue (a tier, a
    degree, a benefit): keys a reader can keep, where database ids would differ by site."""
    opts = table.model._meta
    parts = table.figure.breakdowns[name].split("__")
    for part in parts[:-1]:
        opts = opts.get_field(part).related_model._meta
    field = opts.get_field(parts[-1])
    related = field.related_model if field.is_relation else None
    if related is None or "code" not in {f.name for f in related._meta.concrete_fields}:
        return {}
    keys = [k for k in table.categories[name] if k is not None]
    return dict(related._default_manager.filter(pk__in=keys).values_list("pk", "code"))


def empty(figure) -> Stat:
    if figure.kind == figures.Kind.RATIO:
        return Stat(0, None, 0, 0)
    if figure.kind == figures.Kind.MEDIAN:
        return Stat(0, None)
    return Stat(0, 0)


def _suppress(figure, stats: dict[Hashable, Stat], threshold: int) -> frozenset[Hashable]:
    counts = {cell: stat.records for cell, stat in stats.items()}
    if figure.kind == figures.Kind.MEDIAN:
        # A median is not a sum: no withheld cell is a difference of published ones, so only
        # the cells resting on too few records are withheld.
        if 0 < counts[TOTAL] < threshold:
            return frozenset(counts)
        return frozenset(suppression.primary(counts, threshold))
    return suppression.suppress(counts, equations(stats), threshold, grand_total=TOTAL)


def equations(stats: Iterable[Hashable]) -> list[Equation]:
    """The margin equations of the system, from the cells' names."""
    cells = list(stats)
    rows = [c[1] for c in cells if isinstance(c, tuple) and c[0] == ROW]
    found: list[Equation] = [Equation(TOTAL, tuple((ROW, r) for r in rows))]
    breakdowns = sorted({c[0] for c in cells if len(c) == 3 and c[1] == COLUMN}, key=str)
    for name in breakdowns:
        columns = [c[2] for c in cells if len(c) == 3 and c[0] == name and c[1] == COLUMN]
        found += suppression.grid_equations(rows, columns, name)
    return list(dict.fromkeys(found))


# --- computing the cells --------------------------------------------------------------------


def _median_stats(figure, qs, names, codes) -> dict[Hashable, Stat]:
    """Every cell, margin and the total of a median, from one query of the values."""
    paths = [figure.county_field, *(figure.breakdowns[n] for n in names)]
    groups: dict[Hashable, list[int]] = defaultdict(list)
    for county, *found in qs.values_list(*paths, figure.value_field):
        *categories, value = found
        if value is None:
            continue
        row = codes.get(county)
        keys: list[Hashable] = [TOTAL, (ROW, row)]
        for name, category in zip(names, categories, strict=True):
            keys += [(name, row, category), (name, COLUMN, category)]
        for key in keys:
            groups[key].append(value)
    return {key: Stat(len(values), _median(values)) for key, values in groups.items()}


def _counted_stats(figure, qs, names, codes) -> dict[Hashable, Stat]:
    """Counts, sums and ratios: one grouped query per breakdown (by county when there is none);
    the margins are sums of the cells (a count of distinct people, whose margins would not
    add up, is not published: `published.load` refuses it)."""
    stats: dict[Hashable, Stat] = defaultdict(lambda: empty(figure))
    county = figure.county_field
    for name in names:
        for (pk, category), stat in _grouped(figure, qs, [county, figure.breakdowns[name]]).items():
            stats[(name, codes.get(pk), category)] += stat
    if not names:
        for (pk,), stat in _grouped(figure, qs, [county]).items():
            stats[(ROW, codes.get(pk))] += stat
    cells = [(cell, stat) for cell, stat in stats.items() if len(cell) == 3]
    for (name, row, category), stat in cells:
        stats[(name, COLUMN, category)] += stat
        if name == names[0]:
            stats[(ROW, row)] += stat
    total = empty(figure)
    for cell, stat in list(stats.items()):
        if cell[0] == ROW:
            total += stat
    stats[TOTAL] = total
    return dict(stats)


def _aggregates(figure) -> dict[str, Any]:
    # COUNT(*), as the figures registry counts: a covering index answers it alone
    if figure.kind == figures.Kind.COUNT:
        return {"records": Count("*")}
    if figure.kind == figures.Kind.SUM:
        return {"records": Count("*"), "value": Sum(figure.value_field)}
    return {
        "records": Count("*"),
        "numerator": Count(models.Value(1), filter=figure.numerator or Q()),
    }


def _grouped(figure, qs, paths: list[str]) -> dict[tuple, Stat]:
    """One Stat per key of `paths`, in one grouped query."""
    return {
        tuple(row[p] for p in paths): _stat(figure, row)
        for row in qs.values(*paths).annotate(**_aggregates(figure))
    }


def _stat(figure, row) -> Stat:
    records = row["records"] or 0
    if figure.kind == figures.Kind.COUNT:
        return Stat(records, records)
    if figure.kind == figures.Kind.SUM:
        return Stat(records, row["value"] or 0)
    return Stat(records, None, row["numerator"] or 0, records)


def _median(values: list[int]) -> int | None:
    """As `core.figures` rounds a median: to the nearest whole unit, halves to even."""
    if not values:
        return None
    return int(Decimal(statistics.median(sorted(values))).to_integral_value())
