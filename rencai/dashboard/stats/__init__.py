"""Open statistics (公开统计): published figures, by fixed periods and breakdowns, with small
cells withheld. `published` says what may be published, `tables` computes one figure's
suppressed system, `suppression` is the pure rule; `answer` cuts the slice a reader asked for.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from rencai.core import clock, figures
from rencai.core.errors import DomainError, NotFound
from rencai.core.money import fen_to_yuan
from rencai.core.permissions import city_reader

from . import published, tables
from .suppression import COLUMN, ROW, TOTAL

COUNTY = figures.COUNTY
RATIO_PLACES = Decimal("0.0001")


class InvalidQuery(DomainError):
    code = "invalid"


def catalogue_entries() -> dict[str, Any]:
    """The list of published figures, for /api/v1/stats/."""
    catalogue = published.catalogue()
    return {
        "threshold": catalogue.threshold,
        "results": [_entry(item) for item in catalogue.figures],
    }


def _entry(item: published.PublishedFigure) -> dict[str, Any]:
    figure = item.figure
    return {
        "name": item.name,
        "label": str(figure.label),
        "description": str(figure.description),
        "unit": figure.unit,
        "kind": figure.kind,
        "measure": figure.measure,
        "attribution": str(figure.attribution),
        "period": item.period_kind,
        "breakdowns": [COUNTY, *item.breakdowns],
    }


def answer(name: str, *, period: str, county: str = "", breakdown: str = "") -> dict[str, Any]:
    """One figure for the public: the slice of its suppressed table the query names."""
    catalogue = published.catalogue()
    item = catalogue.get(name)
    if item is None:
        raise NotFound(_("No published figure has this name."))
    named = _period(item, period)
    if breakdown and breakdown != COUNTY and breakdown not in item.breakdowns:
        raise InvalidQuery(
            _("This figure is not published with that breakdown."),
            fields={"breakdown": [_("Choose one of the figure's published breakdowns.")]},
        )
    if breakdown == COUNTY and county:
        raise InvalidQuery(
            _("A county has no breakdown by county."),
            fields={"breakdown": [_("Leave out the county, or choose another breakdown.")]},
        )
    table = tables.build(item, named, catalogue.threshold)
    codes = {d.code: d for d in table.counties}
    if county and county not in codes:
        raise InvalidQuery(
            _("No county of the city has this division code."),
            fields={"county": [_("Give a county's six-digit division code, e.g. 421182.")]},
        )
    total_key = (ROW, county) if county else TOTAL
    area = codes.get(county)
    return {
        "figure": item.name,
        "label": str(item.figure.label),
        "unit": item.figure.unit,
        "kind": item.figure.kind,
        "period": {
            "name": named.name,
            "start": named.period.start,
            "end": named.period.end,
        },
        "county": {"code": area.code, "name": area.name} if area else None,
        "breakdown": breakdown or None,
        "threshold": table.threshold,
        "total": _cell(table, total_key),
        "rows": _rows(table, county, breakdown),
    }


def _rows(table: tables.Table, county: str, breakdown: str) -> list[dict[str, Any]]:
    """By county: the county totals; by a breakdown: the city's column, or the county's row."""
    if breakdown == COUNTY:
        names = {d.code: d.name for d in table.counties}
        return [_row(table, (ROW, code), code, names.get(code or "", "—")) for code in table.rows()]
    if not breakdown:
        return []
    labels = _labels(table, breakdown)
    keys = tables.category_codes(table, breakdown)
    return [
        _row(table, (breakdown, county or COLUMN, key), keys.get(key, key), labels.get(key, "—"))
        for key in table.categories[breakdown]
    ]


def _period(item: published.PublishedFigure, text: str) -> published.NamedPeriod:
    named = published.parse_period(text)
    if named is None:
        raise InvalidQuery(
            _("The period is not a month, quarter or year."),
            fields={"period": [_("Write a period as 2022-09, 2022-Q3 or 2022.")]},
        )
    if named.kind != item.period_kind:
        raise InvalidQuery(
            _("This figure is published by another kind of period."),
            fields={"period": [_("See the figure's period in /api/v1/stats/.")]},
        )
    if named.period.end >= clock.today():
        # An open period would change from day to day, and two days' answers subtracted
        # would show the records of one day.
        raise InvalidQuery(
            _("Figures are published for periods that have ended."),
            fields={"period": [_("Choose a period that has ended.")]},
        )
    return named


def _labels(table: tables.Table, breakdown: str) -> dict[Any, str]:
    """The breakdown's labels as the figures registry writes them (city-wide, same period)."""
    figure = table.figure
    when: dict[str, Any] = (
        {"period": table.period.period}
        if figure.measure == figures.Measure.FLOW
        else {"as_of": table.period.period.end}
    )
    result = figures.compute(figure.name, city_reader(), breakdown=breakdown, **when)
    return {row.key: row.label for row in result.rows}


def _row(table: tables.Table, cell, key, label: str) -> dict[str, Any]:
    return {"key": None if key is None else str(key), "label": label, **_cell(table, cell)}


def _cell(table: tables.Table, cell) -> dict[str, Any]:
    figure = table.figure
    stat = table.stats.get(cell, tables.empty(figure))
    if cell in table.suppressed:
        return {"value": None, "numerator": None, "denominator": None, "suppressed": True}
    found: dict[str, Any] = {"numerator": None, "denominator": None, "suppressed": False}
    if figure.kind == figures.Kind.RATIO:
        ratio = (
            None
            if not stat.denominator
            else (Decimal(stat.numerator or 0) / Decimal(stat.denominator)).quantize(RATIO_PLACES)
        )
        found |= {
            "value": None if ratio is None else str(ratio),
            "numerator": stat.numerator,
            "denominator": stat.denominator,
        }
    elif figure.unit == figures.Unit.FEN and stat.value is not None:
        found["value"] = str(fen_to_yuan(stat.value))
    else:
        found["value"] = stat.value
    return found
