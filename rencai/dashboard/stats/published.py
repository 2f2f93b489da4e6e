"""What is published for the public: the figures, their breakdowns and period kind, and the
threshold — read from `dashboard/data/open_statistics.toml` (see that file for why a file)."""

from __future__ import annotations

import re
import tomllib
from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from rencai.core import figures

DATA = Path(__file__).resolve().parent.parent / "data" / "open_statistics.toml"

MONTH = "month"
QUARTER = "quarter"
YEAR = "year"
PERIOD_KINDS = (MONTH, QUARTER, YEAR)
PERIOD = re.compile(r"^(?P<year>20\d{2})(?:-(?:(?P<month>\d{2})|Q(?P<quarter>[1-4])))?$")


@dataclass(frozen=True)
class PublishedFigure:
    name: str
    period_kind: str
    breakdowns: tuple[str, ...]

    @property
    def figure(self) -> figures.Figure:
        return figures.registry.get(self.name)


@dataclass(frozen=True)
class Catalogue:
    threshold: int
    figures: tuple[PublishedFigure, ...]

    def get(self, name: str) -> PublishedFigure | None:
        return next((f for f in self.figures if f.name == name), None)


@dataclass(frozen=True)
class NamedPeriod:
    """A calendar month, quarter or year: "2022-09", "2022-Q3", "2022"."""

    name: str
    kind: str
    period: figures.Period


def parse_period(text: str) -> NamedPeriod | None:
    match = PERIOD.match(text or "")
    if match is None:
        return None
    year = int(match["year"])
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            return None
        last = monthrange(year, month)[1]
        span = figures.Period(date(year, month, 1), date(year, month, last))
        return NamedPeriod(text, MONTH, span)
    if match["quarter"]:
        first = (int(match["quarter"]) - 1) * 3 + 1
        last = first + 2
        span = figures.Period(date(year, first, 1), date(year, last, monthrange(year, last)[1]))
        return NamedPeriod(text, QUARTER, span)
    return NamedPeriod(text, YEAR, figures.Period(date(year, 1, 1), date(year, 12, 31)))


def load(path: Path = DATA) -> Catalogue:
    """Read and check the catalogue: unknown figures, breakdowns or period kinds are refused
    (at start-up and in the tests), never discovered on a public request."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    threshold = data["threshold"]
    if not isinstance(threshold, int) or threshold < 1:
        raise ValueError("open statistics: the threshold is a whole number of at least 1")
    found = []
    for row in data.get("figure", []):
        item = PublishedFigure(row["name"], row["period"], tuple(row.get("breakdowns", ())))
        figure = item.figure  # KeyError for an unknown figure
        if figure.distinct_field:
            # People counted once however many records they have: the cells do not add up
            # to the margins, and secondary suppression rests on the margins' sums.
            raise ValueError(f"open statistics: {item.name} counts distinct people")
        if item.period_kind not in PERIOD_KINDS:
            raise ValueError(f"open statistics: {item.name}: period is one of {PERIOD_KINDS}")
        unknown = set(item.breakdowns) - set(figure.breakdowns)
        if unknown:
            raise ValueError(f"open statistics: {item.name} has no breakdown {sorted(unknown)}")
        found.append(item)
    return Catalogue(threshold, tuple(found))


@cache
def catalogue() -> Catalogue:
    return load()
