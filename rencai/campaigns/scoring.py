"""The half-monthly assessment's arithmetic and the bulletin's ranking (pure: data in, rows
out). The scheme is data on the campaign:

- an indicator earns `weight × min(value / expected, cap)`, where `expected` is its target
  times the share of the period elapsed (its whole target for a rate) and `cap_permille` the
  most it may count for (1,200‰: over-achievement counts up to 120%); an indicator with
  nothing expected yet earns its full weight;
- a body's completion is 100 × (points ÷ weights) over all its indicators in every action;
- each milestone missed takes `missed_milestone_points` off; the task force's adjustments
  (with reasons) are added on top.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .choices import Pace
from .progress import IndicatorProgress

TENTH = Decimal("0.1")


def completion(p: IndicatorProgress, cap: Decimal) -> Decimal:
    if p.expected <= 0:
        return cap if (p.value or 0) > 0 else Decimal(1)
    return min(Decimal(p.value or 0) / Decimal(p.expected), cap)


@dataclass
class BodyScore:
    """One responsible body (a county or a department) across every action it answers for."""

    key: str
    name: str
    weights: int = 0
    points: Decimal = Decimal(0)
    missed: int = 0
    red: int = 0
    indicators: int = 0
    adjustment: Decimal = Decimal(0)
    lines: list[dict] = field(default_factory=list)

    @property
    def completion(self) -> Decimal:
        if not self.weights:
            return Decimal(0)
        return (Decimal(100) * self.points / self.weights).quantize(TENTH, ROUND_HALF_UP)

    def score(self, missed_points: Decimal) -> Decimal:
        return (self.completion - missed_points * self.missed + self.adjustment).quantize(
            TENTH, ROUND_HALF_UP
        )


def bodies(progresses: Iterable[IndicatorProgress], scheme: dict) -> dict[str, BodyScore]:
    cap = Decimal(scheme.get("cap_permille", 1200)) / 1000
    result: dict[str, BodyScore] = {}
    for p in progresses:
        unit = p.indicator.unit
        body = result.setdefault(unit.body_key, BodyScore(unit.body_key, str(unit)))
        c = completion(p, cap)
        weight = p.indicator.weight
        body.weights += weight
        body.points += weight * c
        body.missed += len(p.missed)
        body.red += p.pace == Pace.RED
        body.indicators += 1
        body.lines.append(
            {
                "action": unit.action.number,
                "indicator": p.indicator.name,
                "figure": p.indicator.figure,
                "value": p.value,
                "target": p.indicator.target,
                "weight": weight,
                "completion": str((c * 100).quantize(TENTH, ROUND_HALF_UP)),
                "points": str((weight * c).quantize(TENTH, ROUND_HALF_UP)),
                "missed": len(p.missed),
            }
        )
    return result


def ranked(scores: dict[str, BodyScore], scheme: dict) -> list[dict]:
    """Bodies by score (then name), with their rank (ties share a rank)."""
    missed_points = Decimal(str(scheme.get("missed_milestone_points", "0")))
    rows = sorted(scores.values(), key=lambda b: (-b.score(missed_points), b.name))
    out, rank, previous = [], 0, None
    for position, body in enumerate(rows, start=1):
        score = body.score(missed_points)
        if score != previous:
            rank, previous = position, score
        out.append(
            {
                "rank": rank,
                "key": body.key,
                "name": body.name,
                "completion": str(body.completion),
                "missed": body.missed,
                "deduction": str((missed_points * body.missed).quantize(TENTH)),
                "adjustment": str(body.adjustment),
                "score": str(score),
                "red": body.red,
                "indicators": body.indicators,
                "lines": body.lines,
            }
        )
    return out
