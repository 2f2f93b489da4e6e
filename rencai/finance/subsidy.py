"""The interest-subsidy schedule of a loan, from the product's terms: pure arithmetic on
integers, so anyone can recompute it from the terms printed on the product.

- Periods run from the disbursement day to each settlement day (the product's
  `settlement_day` of each of its `settlement_months`: the 20th of March, June, September and
  December for the demo products), the last one to maturity — or to the day the loan was
  repaid early, or defaulted: the schedule ends there.
- Interest of a period = principal × rate × days ÷ (10,000 × year days), rates in basis
  points, the day count the product's (actual days over 360), rounded to the fen by the
  product's rule (halves up). The borrower's part is computed the same way at the borrower's
  rate (up to LPR − 150bp), and the government's part is the rest, so the two always add up.
- No subsidy (the borrower owes the whole interest) on a period after the original maturity
  (an extension), on a period in which the loan was overdue, or on the period that ends in a
  default.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .choices import DayCount, Rounding

YEAR_DAYS = {DayCount.ACTUAL_360: 360, DayCount.ACTUAL_365: 365}


@dataclass(frozen=True)
class Terms:
    """The product's terms the schedule depends on."""

    day_count: str = DayCount.ACTUAL_360
    settlement_day: int = 20
    settlement_months: tuple[int, ...] = (3, 6, 9, 12)
    rounding: str = Rounding.HALF_UP

    @classmethod
    def of(cls, product) -> Terms:
        return cls(
            day_count=product.day_count,
            settlement_day=product.settlement_day,
            settlement_months=product.months(),
            rounding=product.rounding,
        )


@dataclass(frozen=True)
class Period:
    number: int
    start: date  # exclusive: interest runs from the day after… counted as end − start days
    end: date  # the settlement day (or maturity, early repayment, default)
    days: int
    principal_fen: int
    rate_bp: int
    borrower_rate_bp: int
    interest_fen: int
    borrower_fen: int
    government_fen: int
    subsidised: bool
    why_not: str = ""  # "extended", "overdue", "default"


def interest(principal_fen: int, rate_bp: int, days: int, terms: Terms) -> int:
    """Interest in fen, rounded by the terms (integers only: no float anywhere)."""
    numerator = principal_fen * rate_bp * days
    denominator = 10_000 * YEAR_DAYS[terms.day_count]
    if terms.rounding == Rounding.DOWN:
        return numerator // denominator
    return (2 * numerator + denominator) // (2 * denominator)


def settlement_days(start: date, end: date, terms: Terms) -> list[date]:
    """The settlement days strictly after `start` and strictly before `end`."""
    days = []
    for year in range(start.year, end.year + 1):
        for month in terms.settlement_months:
            day = date(year, month, terms.settlement_day)
            if start < day < end:
                days.append(day)
    return days


def schedule(
    *,
    principal_fen: int,
    disbursed_on: date,
    maturity: date,
    rate_bp: int,
    borrower_rate_bp: int,
    terms: Terms,
    extended_to: date | None = None,
    overdue_since: date | None = None,
    ended_on: date | None = None,
    defaulted: bool = False,
    subsidised: bool = True,
) -> list[Period]:
    """The loan's periods with each one's interest split between borrower and government."""
    last = extended_to if extended_to and extended_to > maturity else maturity
    if ended_on is not None:
        last = min(last, ended_on)
    bounds = [disbursed_on, *settlement_days(disbursed_on, last, terms), last]
    if maturity not in bounds and disbursed_on < maturity < last:
        bounds = sorted({*bounds, maturity})
    periods = []
    for number, (start, end) in enumerate(zip(bounds, bounds[1:], strict=False), start=1):
        days = (end - start).days
        total = interest(principal_fen, rate_bp, days, terms)
        why_not = ""
        if not subsidised:
            why_not = "not_subsidised"
        elif end > maturity:
            why_not = "extended"
        elif overdue_since is not None and overdue_since <= end:
            why_not = "overdue"
        elif defaulted and ended_on is not None and end == ended_on:
            why_not = "default"
        if why_not:
            borrower, government = total, 0
        else:
            borrower = min(total, interest(principal_fen, borrower_rate_bp, days, terms))
            government = total - borrower
        periods.append(
            Period(
                number=number,
                start=start,
                end=end,
                days=days,
                principal_fen=principal_fen,
                rate_bp=rate_bp,
                borrower_rate_bp=borrower_rate_bp,
                interest_fen=total,
                borrower_fen=borrower,
                government_fen=government,
                subsidised=not why_not,
                why_not=why_not,
            )
        )
    return periods


def schedule_of(loan) -> list[Period]:
    """The schedule of a disbursed loan, from its product's terms (empty before money)."""
    if loan.disbursed_on is None or loan.maturity_date is None or loan.contract_rate_bp is None:
        return []
    return schedule(
        principal_fen=loan.amount_fen,
        disbursed_on=loan.disbursed_on,
        maturity=loan.maturity_date,
        rate_bp=loan.contract_rate_bp,
        borrower_rate_bp=loan.borrower_rate_bp,
        terms=Terms.of(loan.product),
        extended_to=loan.extended_to,
        overdue_since=loan.overdue_since,
        ended_on=loan.ended_on,
        defaulted=loan.state == "defaulted",
        subsidised=loan.subsidy_slot is not None,
    )
