"""The dashboard's sections: which figures it shows as tiles, which it draws as charts, and
the numbers behind both — all read by name from the figures registry (`rencai.core.figures`),
so each number counts only what the actor may see, and each links to the scoped list behind it.

A section is a row of figure tiles and its charts (one figure by one breakdown); each chart
has its table (the table is what screen readers, print and the xlsx export read). A figure an
app does not register (an app switched off) is left out, and a section with nothing left too.

Cost: one aggregate query per figure and breakdown (a figure drawn by a breakdown gives its
tile's total from the same computation), plus one query to label a breakdown by a related
model: the same number of queries for ten records as for a million.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from rencai.core import charts
from rencai.core.figures import (
    COUNTY,
    MONTH,
    Figure,
    Kind,
    Measure,
    Period,
    Result,
    Unit,
    Value,
    by_one_month,
    compute,
    drilldown_url,
    registry,
)
from rencai.core.money import format_yuan

from . import permissions
from .forms import Filters, month_period

DEPARTMENT = "department"


@dataclass(frozen=True)
class ChartSpec:
    figure: str
    breakdown: str  # COUNTY, MONTH or one of the figure's own breakdowns
    title: Promise | str


@dataclass(frozen=True)
class LinkSpec:
    """A page beside a section's figures (the retention cohorts beside the registry), shown
    to the actors `allowed` lets in."""

    url_name: str
    label: Promise | str
    allowed: Callable[[Any], bool]


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: Promise | str
    tiles: tuple[str, ...]
    charts: tuple[ChartSpec, ...] = ()
    links: tuple[LinkSpec, ...] = ()


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "talents",
        _("Talents"),
        ("talents.in_registry", "talents.registered", "talents.retention_departures"),
        (
            ChartSpec("talents.in_registry", "tier", _("Talents by tier")),
            ChartSpec("talents.in_registry", "tag", _("Talents by tag")),
            ChartSpec("talents.in_registry", COUNTY, _("Talents by county")),
            ChartSpec("talents.in_registry", "arrival_year", _("Talents by year of arrival")),
            ChartSpec("talents.retention_departures", "reason", _("Departures by reason")),
        ),
        (
            LinkSpec(
                "dashboard:retention",
                _("Retention by year of arrival (cohorts)"),
                permissions.can_see_retention,
            ),
        ),
    ),
    SectionSpec(
        "cards",
        _("Talent cards"),
        ("talents.cards_issued",),
        (ChartSpec("talents.cards_issued", "kind", _("Cards issued by kind")),),
    ),
    SectionSpec(
        "applications",
        _("Applications"),
        ("desk.cases_opened", "desk.settled_within_target", "desk.median_handling_working_days"),
        (
            ChartSpec("desk.cases_opened", "benefit", _("Applications by benefit")),
            ChartSpec("desk.cases_opened", "state", _("Applications by state")),
        ),
    ),
    # outreach (政策找人): the talents told they qualify or are invited, by the subject's
    # department under the department filter
    SectionSpec("outreach", _("Outreach"), ("policies.notices_sent",)),
    SectionSpec(
        "money",
        _("Money disbursed"),
        ("desk.money_paid",),
        (
            ChartSpec("desk.money_paid", "benefit", _("Money paid by benefit")),
            ChartSpec("desk.money_paid", MONTH, _("Money paid by month")),
        ),
    ),
    SectionSpec(
        "medical",
        _("Medical green channel"),
        ("medical.visits_completed", "medical.health_records_opened", "medical.no_show_rate"),
        (ChartSpec("medical.visits_completed", "hospital", _("Visits completed by hospital")),),
    ),
    SectionSpec(
        "housing",
        _("Talent apartments"),
        (
            "housing.tenancies_active",
            "housing.occupancy",
            "housing.waiting",
            "housing.median_wait_days",
        ),
        (ChartSpec("housing.units_by_state", "state", _("Apartments by state")),),
    ),
    SectionSpec(
        "loans",
        _("Guarantee loans"),
        ("finance.loans_disbursed", "finance.amount_disbursed"),
        (ChartSpec("finance.amount_disbursed", "bank", _("Amount lent by bank")),),
    ),
    SectionSpec(
        "events",
        _("Events"),
        ("events.registered", "events.attended", "events.pairs"),
        (ChartSpec("events.registered", "kind", _("Registrations by kind of event")),),
    ),
    SectionSpec(
        "requests",
        _("Requests"),
        (
            "engagement.requests_opened",
            "engagement.resolved_within_target",
            "engagement.requests_satisfied",
        ),
        (ChartSpec("engagement.requests_opened", "category", _("Requests by category")),),
    ),
    SectionSpec(
        "campaigns",
        _("Campaign progress"),
        ("campaigns.reports_accepted",),
        (ChartSpec("campaigns.reports_accepted", "campaign", _("Reports accepted by campaign")),),
    ),
)


# Figures whose list only some of the dashboard's readers may open: shown to those only (a
# tile leading to a refusal is worse than none). The departures' list is the moves list, for
# the retention readers (not department officers, whose scope holds no departures).
SHOWN_TO: dict[str, Callable[[Any], bool]] = {
    "talents.retention_departures": permissions.can_see_retention,
}


def shown(name: str, actor) -> bool:
    """Whether the figure is registered and on this actor's dashboard."""
    return name in registry and SHOWN_TO.get(name, lambda _actor: True)(actor)


# --- what the page shows ------------------------------------------------------------------


@dataclass(frozen=True)
class Tile:
    figure: Figure
    value: Value
    shown: str
    href: str
    by_department: bool  # the department filter applied to this figure

    @property
    def label(self) -> str:
        return str(self.figure.label)


@dataclass(frozen=True)
class ChartRow:
    label: str
    value: Value
    shown: str
    href: str


@dataclass
class Chart:
    spec: ChartSpec
    figure: Figure
    rows: list[ChartRow]
    department_ignored: bool
    svg: str = ""

    @property
    def title(self) -> str:
        return str(self.spec.title)

    @property
    def slug(self) -> str:
        return f"{self.spec.figure}-{self.spec.breakdown}".replace(".", "-").replace("_", "-")


@dataclass(frozen=True)
class Link:
    href: str
    label: str


@dataclass
class Section:
    key: str
    title: str
    tiles: list[Tile] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


# --- formatting ---------------------------------------------------------------------------


UNIT_LABELS = dict(Unit.choices)


def number_of(figure: Figure, value: Value) -> int | Decimal | None:
    """The number a bar is drawn to: a percentage for a ratio, yuan-fen or a count else."""
    if figure.kind == Kind.RATIO:
        ratio = value.ratio
        return None if ratio is None else ratio * 100
    return value.value


def show(figure: Figure, value: Value) -> str:
    """A value as people read it: ¥1,000,000.00, 87.5%, 12 个工作日, 1,234."""
    if figure.kind == Kind.RATIO:
        ratio = value.ratio
        if ratio is None:
            return "—"
        return f"{ratio * 100:.1f}%"
    if value.value is None:
        return "—"
    if figure.unit == Unit.FEN:
        return format_yuan(value.value)
    if figure.unit in (Unit.DAYS, Unit.WORKING_DAYS):
        return f"{value.value:,} {UNIT_LABELS[figure.unit]}"
    return f"{value.value:,}"


def ratio_parts(value: Value) -> str:
    """ "42 / 48" beside a ratio (the counts it is made of)."""
    if value.denominator is None:
        return ""
    return f"{value.numerator or 0:,} / {value.denominator:,}"


# --- links --------------------------------------------------------------------------------


def link(
    figure: Figure,
    filters: Filters,
    *,
    county: int | None = None,
    period: Period | None = None,
    extra: dict[str, Any] | None = None,
) -> str:
    """The list behind a figure with the dashboard's filters (and a bar's own key) as far as
    the list filters by them: county, period, department, the breakdown's value."""
    url = drilldown_url(
        figure,
        county=county if county is not None else filters.county,
        period=period or filters.period,
        as_of=filters.as_of if period is None else min(period.end, filters.as_of),
    )
    wanted = dict(extra or {})
    if filters.department is not None:
        wanted.setdefault(DEPARTMENT, filters.department)
    query = {
        figure.drilldown_params[key]: value
        for key, value in wanted.items()
        if key in figure.drilldown_params and key not in (COUNTY, "from", "to", "as_of")
    }
    if not query:
        return url
    return f"{url}{'&' if '?' in url else '?'}{urlencode(query)}"


def _month_of(key: date | datetime, period: Period) -> Period:
    month = month_period(key.year, key.month)
    return Period(max(month.start, period.start), min(month.end, period.end))


def _month_label(key: Any) -> str:
    """2022年9月 (a month's bar and row)."""
    if isinstance(key, datetime):
        key = timezone.localtime(key)
    return f"{key.year}年{key.month}月" if isinstance(key, date) else "—"


def _row_link(figure: Figure, breakdown: str, key: Any, filters: Filters) -> str:
    if key is None:
        return link(figure, filters)
    if breakdown == COUNTY:
        return link(figure, filters, county=key)
    if breakdown == MONTH and isinstance(key, date):
        return link(figure, filters, period=_month_of(key, filters.period))
    return link(figure, filters, extra={breakdown: key})


# --- computing ----------------------------------------------------------------------------


class Computer:
    """Computes each (figure, breakdown) once for one actor and one set of filters."""

    def __init__(self, actor, filters: Filters) -> None:
        self.actor = actor
        self.filters = filters
        self._results: dict[tuple[str, str | None], Result] = {}

    def result(self, name: str, breakdown: str | None = None) -> Result:
        key = (name, breakdown)
        if key not in self._results:
            figure = registry.get(name)
            when: dict[str, Any] = (
                {"period": self.filters.period}
                if figure.measure == Measure.FLOW
                else {"as_of": self.filters.as_of}
            )
            derived = self._one_month(name) if breakdown == MONTH else None
            counties = [self.filters.county] if self.filters.county is not None else None
            self._results[key] = derived or compute(
                name, self.actor, counties=counties, breakdown=breakdown, **when
            )
        return self._results[key]

    def _one_month(self, name: str) -> Result | None:
        """A month's figure by month, read off the figure by another breakdown already
        computed (its one bar is the total: `figures.by_one_month`)."""
        for (figure, _breakdown), result in self._results.items():
            if figure == name:
                derived = by_one_month(result, self.actor, self.filters.period)
                if derived is not None:
                    return derived
        return None

    def total(self, name: str) -> Value:
        """The figure's total, from any computation of it already made."""
        for (figure, _breakdown), result in self._results.items():
            if figure == name:
                return result.total
        return self.result(name).total

    def tile(self, name: str) -> Tile:
        figure = registry.get(name)
        department = self.filters.department
        if department is not None and DEPARTMENT in figure.breakdowns:
            rows = self.result(name, DEPARTMENT).rows
            found = [r.value for r in rows if r.key == department]
            empty = Value(numerator=0, denominator=0) if figure.kind == Kind.RATIO else Value(0)
            if figure.kind == Kind.MEDIAN:
                empty = Value(None)
            value, by_department = (found[0] if found else empty), True
        else:
            value, by_department = self.total(name), False
        return Tile(figure, value, show(figure, value), link(figure, self.filters), by_department)

    def chart(self, spec: ChartSpec) -> Chart:
        figure = registry.get(spec.figure)
        result = self.result(spec.figure, spec.breakdown)
        rows = [
            ChartRow(
                _month_label(row.key) if spec.breakdown == MONTH else row.label,
                row.value,
                show(figure, row.value),
                _row_link(figure, spec.breakdown, row.key, self.filters),
            )
            for row in result.rows
        ]
        chart = Chart(
            spec,
            figure,
            rows,
            department_ignored=self.filters.department is not None,
        )
        chart.svg = draw(chart)
        return chart


def draw(chart: Chart) -> str:
    bars = [
        charts.Bar(row.label, number_of(chart.figure, row.value), row.href, row.shown)
        for row in chart.rows
    ]
    if chart.spec.breakdown == MONTH:
        return charts.column_chart(bars, title=chart.title)
    return charts.bar_chart(bars, title=chart.title)


def build(actor, filters: Filters, specs: Sequence[SectionSpec] = SECTIONS) -> list[Section]:
    """The sections for this actor and these filters, with the figures that are registered."""
    computer = Computer(actor, filters)
    sections = []
    for spec in specs:
        section = Section(spec.key, str(spec.title))
        # the charts first: their computations give the tiles' totals
        section.charts = [computer.chart(c) for c in spec.charts if shown(c.figure, actor)]
        section.tiles = [computer.tile(name) for name in spec.tiles if shown(name, actor)]
        if section.tiles or section.charts:
            section.links = [
                Link(reverse(link.url_name), str(link.label))
                for link in spec.links
                if link.allowed(actor)
            ]
            sections.append(section)
    return sections
