"""Retention (留存率): of the talents who arrived in a year, the share still in the city after
1, 3 and 5 years — by county, by tier, and for the talents each cohort marker marks against
the others. Pure reads over the talents the actor may see, in one grouped query per table.

A talent is *in the city* on their n-th anniversary of arrival unless a departure on or before
that day has no return on or before it (left and came back before the anniversary: in). A
transfer between counties is not a departure; the talent counts in their current county. A
cohort's n-year cell is empty (not 0) until the whole of year Y+n has passed, so a cell never
mixes talents whose anniversary has come with those whose has not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    Func,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from rencai.core import clock
from rencai.talents.choices import MoveKind
from rencai.talents.cohorts import CohortMarker
from rencai.talents.models import Talent, TalentMove

YEARS = (1, 3, 5)
GROUP_HEADINGS = {"county": _("County"), "tier": _("Tier")}
GROUPINGS = {
    "": _("All talents"),
    "county": _("By county"),
    "tier": _("By tier"),
}
NO_TIER = _("(no tier)")


class AddYears(Func):
    """A date plus whole years; 29 February lands on 28 February in a common year on both
    databases (SQLite's `date(…, '+n years')` would roll on to 1 March: taken back a day)."""

    output_field = DateField()

    def __init__(self, expression, years: int, **extra):
        self.years = int(years)
        super().__init__(expression, **extra)

    def as_sql(self, compiler, connection, **extra_context):  # pragma: no cover - per vendor
        raise NotImplementedError(connection.vendor)

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql}) + make_interval(years => {self.years}))::date", params

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        years = f"'+{self.years} years'"
        # %% : the SQL goes through `sql % params` (the backend's placeholders, query logging)
        leap_day = f"strftime('%%m-%%d', {sql}) = '02-29'"
        rolled_on = f"strftime('%%m-%%d', date({sql}, {years})) = '03-01'"
        back = f"CASE WHEN {leap_day} AND {rolled_on} THEN '-1 day' ELSE '+0 days' END"
        return f"date({sql}, {years}, {back})", [*params, *params, *params]


@dataclass(frozen=True)
class Cell:
    """One cohort at one anniversary: how many arrived, how many were still in the city."""

    arrived: int
    stayed: int

    @property
    def share(self) -> Decimal | None:
        if not self.arrived:
            return None
        return (Decimal(self.stayed) * 100 / self.arrived).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


@dataclass
class CohortRow:
    """One arrival year (and group): its size and a cell per anniversary (None: not yet)."""

    year: int
    group: str
    arrived: int
    cells: dict[int, Cell | None] = field(default_factory=dict)

    def cell_list(self) -> list[Cell | None]:
        return [self.cells.get(n) for n in sorted(self.cells)]

    def cell_pairs(self) -> list[tuple[int, Cell | None]]:
        return [(n, self.cells.get(n)) for n in sorted(self.cells)]


def _away_on(anniversary: str) -> Exists:
    """A departure on or before the day without a return on or before it."""
    return Exists(
        TalentMove.objects.filter(
            talent=OuterRef("pk"),
            kind=MoveKind.DEPARTURE,
            moved_on__lte=OuterRef(anniversary),
        ).filter(Q(returned_on__isnull=True) | Q(returned_on__gt=OuterRef(anniversary)))
    )


def complete(year: int, n: int, today: date) -> bool:
    """Every talent of the year's cohort has had their n-th anniversary by `today`."""
    return date(year + n, 12, 31) <= today


def _grouped(talents, group_fields: list[str], years, today: date) -> list[dict]:
    anniversaries = {f"on_{n}": AddYears("arrival_date", n) for n in years}
    counts = {f"in_{n}": Count("pk", filter=~Q(_away_on(f"on_{n}"))) for n in years}
    return list(
        talents.filter(arrival_date__isnull=False, arrival_date__lte=today)
        .annotate(arrival_year=ExtractYear("arrival_date"), **anniversaries)
        .values("arrival_year", *group_fields)
        .annotate(arrived=Count("pk"), **counts)
        .order_by("arrival_year", *group_fields)
    )


def _rows(values: list[dict], label, years, today: date) -> list[CohortRow]:
    rows = []
    for v in values:
        year = v["arrival_year"]
        rows.append(
            CohortRow(
                year=year,
                group=label(v),
                arrived=v["arrived"],
                cells={
                    n: Cell(v["arrived"], v[f"in_{n}"]) if complete(year, n, today) else None
                    for n in years
                },
            )
        )
    return rows


def cohorts(
    actor, *, by: str = "", years=YEARS, today: date | None = None, talents=None
) -> list[CohortRow]:
    """The cohort table for the talents `actor` may see: one row per arrival year, or per
    arrival year and county / tier (`by`)."""
    today = today or clock.today()
    talents = Talent.objects.for_actor(actor) if talents is None else talents
    if by == "county":
        fields = ["county__name", "county__code"]
        values = _grouped(talents, fields, years, today)
        values.sort(key=lambda v: (v["arrival_year"], v["county__code"]))
        return _rows(values, lambda v: v["county__name"], years, today)
    if by == "tier":
        values = _grouped(talents, ["tier__rank", "tier__name"], years, today)
        values.sort(key=lambda v: (v["arrival_year"], v["tier__rank"] is None, v["tier__rank"]))
        return _rows(values, lambda v: v["tier__name"] or str(NO_TIER), years, today)
    return _rows(_grouped(talents, [], years, today), lambda v: "", years, today)


def marker_cohorts(
    actor, marker: CohortMarker, *, years=YEARS, today: date | None = None
) -> list[CohortRow]:
    """Each arrival year split into the talents the marker marks (served) and the others."""
    today = today or clock.today()
    talents = Talent.objects.for_actor(actor).annotate(
        served=Case(
            When(marker.talents(actor), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
    values = _grouped(talents, ["served"], years, today)
    values.sort(key=lambda v: (v["arrival_year"], not v["served"]))
    served, others = str(marker.label), str(_("Others"))
    return _rows(values, lambda v: served if v["served"] else others, years, today)
