"""The three rates of requests, measured as 12345 hotlines and 接诉即办 measure them.

Each rate's written definition is a `RateDefinition` row (numerator and denominator in words,
and the weight of a "basically satisfied" feedback). The denominator of all three is the
requests with a valid feedback — the talent's latest feedback given within the period — for
the department (or all departments); a request counts in a rate's numerator when its
condition holds, for one, or for the weight when the feedback was "basically satisfied":

- response rate (响应率): the department took the request up by its response due date;
- resolution rate (解决率): the talent says the request is resolved;
- satisfaction rate (满意率): the talent is satisfied or basically satisfied.

Both figures are shown: the full one over every such request, and the assessed one without the
requests excluded from the rates (each exclusion has its reason, audited).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from . import selectors
from .choices import RateCode, Satisfaction
from .models import RateDefinition, TalentRequest

DEFAULTS: dict[str, dict] = {
    RateCode.RESPONSE: {
        "numerator": "按时响应的诉求：责任部门在响应时限内受理（工作日计）",
        "denominator": "期内有有效评价的诉求（以人才最后一次评价为准）",
        "basically_satisfied_weight": Decimal("1.00"),
    },
    RateCode.RESOLUTION: {
        "numerator": "人才评价为“已解决”的诉求",
        "denominator": "期内有有效评价的诉求（以人才最后一次评价为准）",
        "basically_satisfied_weight": Decimal("1.00"),
    },
    RateCode.SATISFACTION: {
        "numerator": "人才评价为“满意”的诉求，加“基本满意”的诉求乘以权重",
        "denominator": "期内有有效评价的诉求（以人才最后一次评价为准）",
        "basically_satisfied_weight": Decimal("0.80"),
    },
}


def _local_date(moment: datetime | None) -> date | None:
    return timezone.localtime(moment).date() if moment else None


def responded_in_time(request: TalentRequest) -> bool:
    responded = _local_date(request.responded_at)
    return bool(responded and request.response_due_on and responded <= request.response_due_on)


CONDITIONS: dict[str, Callable[[TalentRequest], bool]] = {
    RateCode.RESPONSE: responded_in_time,
    RateCode.RESOLUTION: lambda r: bool(r.resolved),
    RateCode.SATISFACTION: lambda r: (
        r.satisfaction in (Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED)
    ),
}


def definitions() -> dict[str, RateDefinition]:
    """The stored definitions, with the defaults standing in for a missing row."""
    stored = {d.code: d for d in RateDefinition.objects.all()}
    return {
        code: stored.get(code) or RateDefinition(code=code, **DEFAULTS[code])
        for code in RateCode.values
    }


def credit(request: TalentRequest, definition: RateDefinition) -> Decimal:
    """How much one request counts in the rate's numerator: 0, 1, or the weight."""
    if not CONDITIONS[definition.code](request):
        return Decimal(0)
    if request.satisfaction == Satisfaction.BASICALLY_SATISFIED:
        return Decimal(definition.basically_satisfied_weight)
    return Decimal(1)


@dataclass
class Figure:
    numerator: Decimal
    denominator: int

    @property
    def ratio(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (self.numerator / self.denominator).quantize(Decimal("0.0001"))

    @property
    def percent(self) -> str:
        ratio = self.ratio
        return "—" if ratio is None else f"{ratio * 100:.1f}%"


@dataclass
class Rate:
    definition: RateDefinition
    full: Figure
    assessed: Figure


@dataclass
class Row:
    request: TalentRequest
    credits: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class RateReport:
    start: date
    end: date
    department_id: int | None
    rates: list[Rate]
    rows: list[Row]

    def rate(self, code: str) -> Rate:
        return next(r for r in self.rates if r.definition.code == code)


def valid_feedback(actor, start: date, end: date, department_id: int | None = None) -> QuerySet:
    """The denominator's requests: the latest feedback given within [start, end]."""
    tz = timezone.get_current_timezone()
    qs = (
        selectors.requests_for_actor(actor)
        .filter(
            feedback_at__gte=datetime.combine(start, time.min, tzinfo=tz),
            feedback_at__lt=datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
        )
        .exclude(satisfaction="")
    )
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    return qs.order_by("feedback_at", "pk")


def rate_report(actor, start: date, end: date, department_id: int | None = None) -> RateReport:
    """The three rates for the department (or all) over the period, full and assessed, with
    the list behind them (each request and what it counts for in each rate)."""
    defs = definitions()
    rows = [Row(r) for r in valid_feedback(actor, start, end, department_id)]
    rates = []
    for code, definition in defs.items():
        full_num, assessed_num, assessed_den = Decimal(0), Decimal(0), 0
        for row in rows:
            value = credit(row.request, definition)
            row.credits[code] = value
            full_num += value
            if not row.request.excluded:
                assessed_num += value
                assessed_den += 1
        rates.append(
            Rate(definition, Figure(full_num, len(rows)), Figure(assessed_num, assessed_den))
        )
    return RateReport(start, end, department_id, rates, rows)
