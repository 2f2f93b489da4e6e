"""Progress: what each indicator stands at on a day, against the pace the campaign expects.

- A **computed** indicator is its figure (`rencai.core.figures.compute`) over the campaign's
  period up to the day (a flow) or standing on the day (a stock), for the unit's scope: a
  county's division, or one row of the figure's breakdown (a department's own records). It is
  never typed in and never overridden.
- A **reported** indicator is the latest accepted report made as of the day.
- **Pace**: the expected value on a day is the target times the share of the period elapsed;
  an indicator is green at or above `green_from` ‰ of that, amber at or above `amber_from` ‰,
  red below. A status set by hand (with its reason) wins, and says so.
- **Milestones** due on or before the day whose target the value has not reached are missed.

Everything is recomputed from the records for any day (`as_of`), so a past day's progress is
what the records said then.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from rencai.core import figures
from rencai.core.choices import DivisionLevel
from rencai.core.money import format_yuan

from .choices import IndicatorKind, Pace, ReportState
from .models import Campaign, Indicator, Milestone, ReportedValue

PER_MILLE = 1000


def elapsed_share(campaign: Campaign, day: date) -> Decimal:
    """The share of the campaign's days elapsed by the end of `day` (0 before, 1 after)."""
    total = (campaign.ends_on - campaign.starts_on).days + 1
    done = (min(day, campaign.ends_on) - campaign.starts_on).days + 1
    return Decimal(max(0, min(done, total))) / Decimal(total)


def expected(target: int, share: Decimal) -> int:
    return int((Decimal(target) * share).to_integral_value(ROUND_HALF_UP))


def pace_of(value: int | None, target: int, share: Decimal, campaign: Campaign) -> str:
    """Green, amber or red for a value against the target's expected share."""
    due = Decimal(target) * share
    if due == 0:
        return Pace.GREEN
    reached = Decimal(value or 0) * PER_MILLE / due
    if reached >= campaign.green_from:
        return Pace.GREEN
    if reached >= campaign.amber_from:
        return Pace.AMBER
    return Pace.RED


@dataclass(frozen=True)
class IndicatorProgress:
    indicator: Indicator
    value: int | None  # the figure's unit; ‰ for a ratio; None when nothing can be said yet
    expected: int
    pace: str
    by_hand: bool
    missed: list[Milestone] = field(default_factory=list)

    @property
    def behind(self) -> bool:
        return self.pace != Pace.GREEN or bool(self.missed)

    def show(self, value: int | None) -> str:
        return show(self.indicator, value)

    @property
    def value_display(self) -> str:
        return self.show(self.value)

    @property
    def target_display(self) -> str:
        return self.show(self.indicator.target)

    @property
    def expected_display(self) -> str:
        return self.show(self.expected)

    @property
    def percent_of_target(self) -> int | None:
        if self.value is None or not self.indicator.target:
            return None
        return int(Decimal(self.value) * 100 / Decimal(self.indicator.target))


def show(indicator: Indicator, value: int | None) -> str:
    """A value in the indicator's unit: yuan for money, a percentage for a ratio (kept in ‰)."""
    if value is None:
        return "—"
    if indicator.kind == IndicatorKind.COMPUTED and indicator.figure in figures.registry:
        figure = figures.registry.get(indicator.figure)
        if figure.kind == figures.Kind.RATIO:
            return f"{Decimal(value) / 10:.1f}%"
        if figure.unit == figures.Unit.FEN:
            return format_yuan(value)
    return f"{value:,}"


def _figure_value(indicator: Indicator, campaign: Campaign, day: date, reader) -> int | None:
    figure = figures.registry.get(indicator.figure)
    last = min(day, campaign.ends_on)
    if last < campaign.starts_on:
        return 0
    unit = indicator.unit
    counties = [unit.division_id] if unit.division_id and not _is_city(unit) else None
    kwargs = {"counties": counties}
    if figure.measure == figures.Measure.FLOW:
        kwargs["period"] = figures.Period(campaign.starts_on, last)
    else:
        kwargs["as_of"] = last
    if indicator.breakdown:
        result = figures.compute(indicator.figure, reader, breakdown=indicator.breakdown, **kwargs)
        values = [r.value for r in result.rows if str(r.key) == indicator.breakdown_key]
        value = values[0] if values else figures.Value(value=0, numerator=0, denominator=0)
    else:
        value = figures.compute(indicator.figure, reader, **kwargs).total
    if figure.kind == figures.Kind.RATIO:
        ratio = value.ratio
        return None if ratio is None else int((ratio * PER_MILLE).to_integral_value())
    return value.value


def _is_city(unit) -> bool:
    return unit.division_id is not None and unit.division.level == DivisionLevel.CITY


def _reported_value(indicator: Indicator, day: date, reports: Iterable[ReportedValue]) -> int:
    accepted = [r for r in reports if r.state == ReportState.ACCEPTED and r.as_of <= day]
    if not accepted:
        return 0
    return max(accepted, key=lambda r: (r.as_of, r.pk)).value


def accrues(indicator: Indicator) -> bool:
    """Whether the target builds up over the period (counts, sums) or holds throughout (a
    ratio or a median: a rate of 90% is expected from the first day)."""
    if indicator.kind != IndicatorKind.COMPUTED or indicator.figure not in figures.registry:
        return True
    return figures.registry.get(indicator.figure).kind in (figures.Kind.COUNT, figures.Kind.SUM)


def indicator_progress(indicator: Indicator, day: date, reader) -> IndicatorProgress:
    campaign = indicator.unit.action.campaign
    if indicator.kind == IndicatorKind.COMPUTED:
        value = _figure_value(indicator, campaign, day, reader)
    else:
        value = _reported_value(indicator, day, indicator.reports.all())
    share = elapsed_share(campaign, day) if accrues(indicator) else Decimal(1)
    missed = [m for m in indicator.milestones.all() if m.due_on <= day and (value or 0) < m.target]
    if indicator.manual_pace:
        pace, by_hand = indicator.manual_pace, True
    else:
        pace, by_hand = pace_of(value, indicator.target, share, campaign), False
    return IndicatorProgress(
        indicator=indicator,
        value=value,
        expected=expected(indicator.target, share),
        pace=pace,
        by_hand=by_hand,
        missed=missed,
    )


def worst(paces: Iterable[str]) -> str:
    """The worst of some paces (red over amber over green); green when there are none."""
    paces = set(paces)
    for pace in (Pace.RED, Pace.AMBER):
        if pace in paces:
            return pace
    return Pace.GREEN
