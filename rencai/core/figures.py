"""Figures (统计指标): the one contract that campaigns, dashboards and open statistics read.

An app registers each of its figures from `AppConfig.ready()` — a name, a label, a unit,
a kind, flow or stock, the records it counts, the breakdowns it allows and the list behind
it — and `compute()` answers for an actor, a period (flows) or a day (stocks), an optional
county and an optional breakdown. Readers never touch an app's tables: they name a figure.

- **Scope.** `records(actor)` returns only the records the actor may see (each app's own
  scoped selector), so a figure never counts what its reader could not open.
- **Flow or stock.** A flow counts what happened within a period (`date_field` in it). A
  stock counts what stood on a day: records whose `date_field` is on or before it and whose
  `until_field` (when the state ended: revoked, superseded, moved out …) is empty or after
  it — so a stock can be recomputed as of a past date from the dates the records keep.
- **County.** A record counts for the county `county_field` names: the talent's county
  unless the figure says otherwise (`attribution` says it in words).
- **Kinds.** count (of records, or of distinct `distinct_field`), sum (of `value_field`,
  integers: money in fen), ratio (kept as numerator and denominator: the records matching
  `numerator`, over all), median (of `value_field`).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import connections, models
from django.db.models import Aggregate, Count, FloatField, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from . import clock
from .registry import Registry


class Kind(models.TextChoices):
    COUNT = "count", _("Count")
    SUM = "sum", _("Sum")
    RATIO = "ratio", _("Ratio")
    MEDIAN = "median", _("Median")


class Measure(models.TextChoices):
    FLOW = "flow", _("Flow (within a period)")
    STOCK = "stock", _("Stock (on a day)")


class Unit(models.TextChoices):
    PEOPLE = "people", _("people")
    ITEMS = "items", _("items")
    FEN = "fen", _("yuan")  # stored and computed in fen; shown as yuan
    DAYS = "days", _("days")
    WORKING_DAYS = "working_days", _("working days")


TRANSFORMS = ("__year",)  # a breakdown may group by the year of a date field
MONTH = "month"  # the one breakdown every figure allows: by the month of its date
COUNTY = "county"


@dataclass(frozen=True)
class Figure:
    name: str
    label: Promise | str
    unit: str
    kind: str
    measure: str
    records: Callable[[Any], QuerySet]
    date_field: str
    drilldown: str  # the URL name of the list behind the figure
    attribution: Promise | str = _("the talent's county")
    county_field: str = "talent__county"
    until_field: str | None = None
    distinct_field: str | None = None
    value_field: str | None = None
    numerator: Q | None = None
    breakdowns: Mapping[str, str] = field(default_factory=dict)  # name → field path
    # county/from/to/as_of → the list's parameter; a breakdown's name → the list's parameter
    # for its key, when the list filters by it (a dashboard's bar then opens the list of its key)
    drilldown_params: Mapping[str, str] = field(default_factory=dict)
    # the list's parameters that narrow it to the figure's records, always passed (a state,
    # a ratio's denominator: the visits that ended, the cases with a time target)
    drilldown_fixed: Mapping[str, str] = field(default_factory=dict)
    description: Promise | str = ""
    # A stock's pre-aggregated answer: `fast_stock(actor, day, counties, breakdown)` → the
    # count by breakdown key ({None: total} without a breakdown), or None when it cannot answer
    # exactly what `records(actor)` would count (then the records are counted live). For a
    # count whose groups add up (a many-to-many breakdown's total is asked for separately).
    fast_stock: Callable[[Any, date, frozenset[int] | None, str | None], dict | None] | None = None

    def allowed_breakdowns(self) -> list[str]:
        return [COUNTY, MONTH, *self.breakdowns]


registry: Registry[Figure] = Registry("figure")


def register_figure(figure: Figure, *, order: int = 100) -> Figure:
    _check(figure)
    return registry.register(figure.name, figure, order=order)


def _check(figure: Figure) -> None:
    """Refuse a figure that could not be computed, at start-up rather than on a dashboard."""
    if figure.kind in (Kind.SUM, Kind.MEDIAN) and not figure.value_field:
        raise ValueError(f"figure {figure.name}: a {figure.kind} needs value_field")
    if figure.kind == Kind.RATIO and figure.numerator is None:
        raise ValueError(f"figure {figure.name}: a ratio needs numerator")
    if figure.fast_stock and (figure.measure != Measure.STOCK or figure.kind != Kind.COUNT):
        raise ValueError(f"figure {figure.name}: only a stock count has a fast_stock")
    if figure.measure == Measure.FLOW and figure.until_field:
        raise ValueError(f"figure {figure.name}: only a stock has an until_field")
    reserved = {COUNTY, MONTH} & set(figure.breakdowns)
    if reserved:
        raise ValueError(f"figure {figure.name}: {sorted(reserved)} are built in")


@dataclass(frozen=True)
class Period:
    """Whole days, both ends included."""

    start: date
    end: date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("a period ends on or after its start")


@dataclass(frozen=True)
class Value:
    value: int | None = None
    numerator: int | None = None
    denominator: int | None = None

    @property
    def ratio(self) -> Decimal | None:
        if self.numerator is None or not self.denominator:
            return None
        return Decimal(self.numerator) / Decimal(self.denominator)


@dataclass(frozen=True)
class Row:
    key: Any
    label: str
    value: Value


@dataclass(frozen=True)
class Result:
    figure: Figure
    total: Value
    rows: list[Row]
    breakdown: str | None = None


# --- computing ----------------------------------------------------------------------------


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _field(model: type[models.Model], path: str) -> models.Field:
    opts = model._meta
    parts = path.split("__")
    for part in parts[:-1]:
        opts = opts.get_field(part).related_model._meta
    return opts.get_field(parts[-1])


def _bounds(model, path: str, first: date, last: date) -> dict[str, Any]:
    """`path` within [first, last], whole days, for a date or a datetime field."""
    if isinstance(_field(model, path), models.DateTimeField):
        return {f"{path}__gte": _start(first), f"{path}__lt": _start(last + timedelta(days=1))}
    return {f"{path}__gte": first, f"{path}__lte": last}


def _on_or_before(model, path: str, day: date) -> Q:
    if isinstance(_field(model, path), models.DateTimeField):
        return Q(**{f"{path}__lt": _start(day + timedelta(days=1))})
    return Q(**{f"{path}__lte": day})


def records_for(
    figure: Figure,
    actor,
    *,
    period: Period | None = None,
    as_of: date | None = None,
    counties: Iterable[int] | None = None,
) -> QuerySet:
    """The records behind a figure: scoped to the actor, in the period or standing on the day."""
    qs = figure.records(actor)
    model = qs.model
    if figure.measure == Measure.FLOW:
        if period is None:
            raise ValueError(f"figure {figure.name} is a flow: give a period")
        qs = qs.filter(**_bounds(model, figure.date_field, period.start, period.end))
    else:
        day = as_of or (period.end if period else clock.today())
        qs = qs.filter(_on_or_before(model, figure.date_field, day))
        if figure.until_field:
            ended = _on_or_before(model, figure.until_field, day)
            qs = qs.filter(Q(**{f"{figure.until_field}__isnull": True}) | ~ended)
    if counties is not None:
        qs = qs.filter(**{f"{figure.county_field}__in": sorted(counties)})
    return qs


# Rows are counted as COUNT(*) and COUNT(1) FILTER (…), not COUNT(pk): the same number (a
# primary key is never NULL), but a covering index without the key (cases by day opened or
# decided) then answers alone, an index-only scan instead of visiting every row of the period
# (a month's cases by benefit at a million: 42 ms → 14 ms; settled within target 21 → 4 ms).
def _aggregates(figure: Figure) -> dict[str, Any]:
    if figure.kind == Kind.COUNT:
        if figure.distinct_field:
            return {"value": Count(figure.distinct_field, distinct=True)}
        return {"value": Count("*")}
    if figure.kind == Kind.SUM:
        return {"value": Sum(figure.value_field)}
    if figure.kind == Kind.RATIO:
        return {
            "numerator": Count(models.Value(1), filter=figure.numerator),
            "denominator": Count("*"),
        }
    return {}


class Median(Aggregate):
    """The median of a column, computed by PostgreSQL (`percentile_cont(0.5)`: the mean of the
    two middle values of an even count, as `statistics.median`); NULLs are left out."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _median_in_sql(qs: QuerySet) -> bool:
    return connections[qs.db].vendor == "postgresql"


def _value(figure: Figure, qs: QuerySet) -> Value:
    if figure.kind == Kind.MEDIAN and _median_in_sql(qs):
        median = qs.aggregate(value=Median(figure.value_field))["value"]
        return Value(value=None if median is None else _rounded(median))
    if figure.kind == Kind.MEDIAN:
        values = [v for v in qs.values_list(figure.value_field, flat=True) if v is not None]
        return Value(value=_median(values))
    row = qs.aggregate(**_aggregates(figure))
    if figure.kind == Kind.RATIO:
        return Value(numerator=row["numerator"], denominator=row["denominator"])
    return Value(value=row["value"] or 0)


def _median(values: list[int]) -> int | None:
    if not values:
        return None
    return _rounded(statistics.median(sorted(values)))


def _rounded(median: float) -> int:
    return int(Decimal(median).to_integral_value())  # half to even, like Python's median


def _breakdown_key(figure: Figure, breakdown: str) -> tuple[str, Any]:
    if breakdown == COUNTY:
        return figure.county_field, None
    if breakdown == MONTH:
        return "_month", TruncMonth(figure.date_field)
    if breakdown not in figure.breakdowns:
        raise ValueError(f"figure {figure.name} has no breakdown {breakdown!r}")
    return figure.breakdowns[breakdown], None


def _labels(model, path: str, keys: list[Any], breakdown: str) -> dict[Any, str]:
    if breakdown == MONTH:
        return {k: f"{timezone.localtime(k) if isinstance(k, datetime) else k:%Y-%m}" for k in keys}
    if path.endswith(TRANSFORMS):  # a part of a date (arrival_date__year): the number itself
        return {k: str(k) for k in keys}
    target = _field(model, path)
    if target.is_relation:
        # with its required foreign keys: a label may be read through one (a hospital is named
        # by its organisation); without them, one query per bar
        labelled = target.related_model
        related = labelled._default_manager.filter(pk__in=[k for k in keys if k])
        joined = [
            f.name
            for f in labelled._meta.concrete_fields
            if f.is_relation and f.concrete and not f.null
        ]
        if joined:  # (no names would mean every foreign key)
            related = related.select_related(*joined)
        return {obj.pk: str(obj) for obj in related}
    if target.choices:
        return {k: str(dict(target.flatchoices).get(k, k)) for k in keys}
    return {k: str(k) for k in keys}


def _grouped(figure: Figure, qs: QuerySet, path: str) -> dict[Any, Value]:
    """One value per breakdown key, in one grouped query (on SQLite the median groups in
    Python: it has no percentile aggregate)."""
    if figure.kind == Kind.MEDIAN and _median_in_sql(qs):
        medians = qs.values(path).annotate(value=Median(figure.value_field)).order_by()
        return {
            row[path]: Value(value=_rounded(row["value"]))
            for row in medians
            if row["value"] is not None
        }
    if figure.kind == Kind.MEDIAN:
        groups: dict[Any, list[int]] = {}
        for key, v in qs.values_list(path, figure.value_field).order_by():
            if v is not None:
                groups.setdefault(key, []).append(v)
        return {key: Value(value=_median(vs)) for key, vs in groups.items()}
    grouped = qs.values(path).annotate(**_aggregates(figure)).order_by()
    if figure.kind == Kind.RATIO:
        return {
            row[path]: Value(numerator=row["numerator"], denominator=row["denominator"])
            for row in grouped
        }
    return {row[path]: Value(value=row["value"] or 0) for row in grouped}


def _parts_records(figure: Figure, model, path: str) -> bool:
    """Whether grouping by `path` puts every record in exactly one group (a column, a date's
    year or month, forward foreign keys — not a many-to-many such as tags), for a figure
    whose groups add up (a count or a sum, not a median or a distinct count)."""
    if figure.kind == Kind.MEDIAN or figure.distinct_field:
        return False
    if path == "_month":
        return True
    opts = model._meta
    for part in path.split("__"):
        try:
            f = opts.get_field(part)
        except FieldDoesNotExist:
            return False
        if not f.is_relation:
            return path.endswith(TRANSFORMS) or part == path.split("__")[-1]
        if not (f.many_to_one or (f.one_to_one and f.concrete)):
            return False
        opts = f.related_model._meta
    return True


def _sum(figure: Figure, values: Iterable[Value]) -> Value:
    values = list(values)
    if figure.kind == Kind.RATIO:
        return Value(
            numerator=sum(v.numerator or 0 for v in values),
            denominator=sum(v.denominator or 0 for v in values),
        )
    return Value(value=sum(v.value or 0 for v in values))


def compute(
    name: str,
    actor,
    *,
    period: Period | None = None,
    as_of: date | None = None,
    counties: Iterable[int] | None = None,
    breakdown: str | None = None,
) -> Result:
    """One figure for `actor`, in total and (optionally) by one of its breakdowns."""
    figure = registry.get(name)
    fast = _fast(figure, actor, period=period, as_of=as_of, counties=counties, breakdown=breakdown)
    if fast is not None:
        return fast
    qs = records_for(figure, actor, period=period, as_of=as_of, counties=counties)
    if breakdown is None:
        return Result(figure, _value(figure, qs), [])
    path, expression = _breakdown_key(figure, breakdown)
    total = None if _parts_records(figure, qs.model, path) else _value(figure, qs)
    if expression is not None:
        qs = qs.annotate(**{path: expression})
    values = _grouped(figure, qs, path)
    if total is None:  # every record is in one group: the groups add up to the total
        total = _sum(figure, values.values())
    return _result(figure, qs.model, path, breakdown, total, values)


def _result(
    figure: Figure, model, path: str, breakdown: str, total: Value, values: dict[Any, Value]
) -> Result:
    """The figure's rows by breakdown key (no key last), labelled, under its total."""
    keys = sorted(values, key=lambda k: (k is None, str(k)))
    labels = _labels(model, path, [k for k in keys if k is not None], breakdown)
    rows = [Row(key, labels.get(key, "—"), values[key]) for key in keys]
    return Result(figure, total, rows, breakdown)


def by_one_month(other: Result, actor, period: Period) -> Result | None:
    """The figure of `other` by MONTH over `period`, read off `other` — the same figure for the
    same actor, period and counties by another breakdown — without counting again, when the
    period lies within one calendar month: every record is then in that month, so its one row
    is the total; and there is a row exactly when there are records, which `other` tells when
    its groups put every record in one group (a column, a forward foreign key). None when it
    cannot tell (count it). A month's dashboard draws money by month beside money by benefit:
    one query less, a scan of the month's payments (66 ms at a million)."""
    figure = other.figure
    if (
        other.breakdown in (None, MONTH)
        or figure.measure != Measure.FLOW
        or figure.fast_stock is not None
        or (period.start.year, period.start.month) != (period.end.year, period.end.month)
    ):
        return None
    model = figure.records(actor).model
    path, _expression = _breakdown_key(figure, other.breakdown)
    if not _parts_records(figure, model, path):
        return None
    if not other.rows:
        return Result(figure, other.total, [], MONTH)
    first = period.start.replace(day=1)
    key: date | datetime = first
    if isinstance(_field(model, figure.date_field), models.DateTimeField):
        key = _start(first)  # as TruncMonth gives it: midnight in the current time zone
    labels = _labels(model, "_month", [key], MONTH)
    return Result(figure, other.total, [Row(key, labels[key], other.total)], MONTH)


def _fast(
    figure: Figure,
    actor,
    *,
    period: Period | None,
    as_of: date | None,
    counties: Iterable[int] | None,
    breakdown: str | None,
) -> Result | None:
    """A stock's answer from its pre-aggregated table, when the figure has one that can answer
    this actor and breakdown exactly; else None (count the records)."""
    if figure.fast_stock is None:
        return None
    day = as_of or (period.end if period else clock.today())
    chosen = None if counties is None else frozenset(counties)
    counts = figure.fast_stock(actor, day, chosen, breakdown)
    if counts is None:
        return None
    if breakdown is None:
        return Result(figure, Value(value=counts.get(None, 0)), [])
    path, _expression = _breakdown_key(figure, breakdown)
    model = figure.records(actor).model
    if _parts_records(figure, model, path):
        total = Value(value=sum(counts.values()))
    else:  # a talent under each of their tags: the total is counted apart
        whole = figure.fast_stock(actor, day, chosen, None)
        if whole is None:
            return None
        total = Value(value=whole.get(None, 0))
    values = {key: Value(value=count) for key, count in counts.items()}
    return _result(figure, model, path, breakdown, total, values)


def drilldown_url(
    figure: Figure,
    *,
    county: int | None = None,
    period: Period | None = None,
    as_of: date | None = None,
) -> str:
    """The scoped list behind a figure, filtered as far as the list's own filters allow: a
    flow's list by the period, a stock's by the day it stands on (`as_of`, else the period's
    last day)."""
    flow = figure.measure == Measure.FLOW
    day = None if flow else (as_of or (period.end if period else None))
    values = {
        "county": county,
        "from": period.start.isoformat() if period and flow else None,
        "to": period.end.isoformat() if period and flow else None,
        "as_of": day.isoformat() if day else None,
    }
    query = dict(figure.drilldown_fixed) | {
        param: values[key]
        for key, param in figure.drilldown_params.items()
        if values.get(key) is not None
    }
    url = reverse(figure.drilldown)
    return f"{url}?{urlencode(query)}" if query else url
