"""The subsidy schedule against figures computed here by hand: actual days over 360,
settled on the 20th of March, June, September and December, to the fen, halves up."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from rencai.finance import subsidy
from rencai.finance.subsidy import Terms

pytestmark = pytest.mark.portable

TERMS = Terms()


def by_hand(principal_yuan: int, rate_percent: str, days: int) -> int:
    """Interest in fen the way a bank clerk would write it: yuan × rate × days / 360."""
    yuan = Decimal(principal_yuan) * Decimal(rate_percent) / 100 * days / 360
    return int((yuan * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_a_two_year_loan_is_settled_quarterly_and_split_between_borrower_and_government():
    # Given ¥200,000 lent on 5 Sep 2022 for 24 months at LPR 3.65%, borrower LPR − 150bp
    periods = subsidy.schedule(
        principal_fen=20_000_000,
        disbursed_on=date(2022, 9, 5),
        maturity=date(2024, 9, 5),
        rate_bp=365,
        borrower_rate_bp=215,
        terms=TERMS,
    )

    # Then the first period runs to 20 Sep 2022 (15 days), then quarter to quarter
    assert [p.end for p in periods[:3]] == [
        date(2022, 9, 20),
        date(2022, 12, 20),
        date(2023, 3, 20),
    ]
    assert periods[-1].end == date(2024, 9, 5)
    assert len(periods) == 9  # eight settlement days, then maturity
    first = periods[0]
    assert first.days == 15
    assert first.interest_fen == by_hand(200_000, "3.65", 15) == 30_417
    assert first.borrower_fen == by_hand(200_000, "2.15", 15) == 17_917
    assert first.government_fen == 30_417 - 17_917
    second = periods[1]
    assert second.days == 91
    assert second.government_fen == by_hand(200_000, "3.65", 91) - by_hand(200_000, "2.15", 91)
    assert sum(p.days for p in periods) == (date(2024, 9, 5) - date(2022, 9, 5)).days


def test_the_rate_is_the_one_fixed_at_contract_whatever_the_lpr_does_later():
    # Given a loan contracted under LPR 3.70% (before the 22 Aug 2022 cut) and one after
    before = subsidy.schedule(
        principal_fen=10_000_000,
        disbursed_on=date(2022, 8, 1),
        maturity=date(2023, 8, 1),
        rate_bp=370,
        borrower_rate_bp=220,
        terms=TERMS,
    )
    after = subsidy.schedule(
        principal_fen=10_000_000,
        disbursed_on=date(2022, 9, 1),
        maturity=date(2023, 9, 1),
        rate_bp=365,
        borrower_rate_bp=215,
        terms=TERMS,
    )

    # Then every period of the first keeps 3.70% (the 92 days to 20 Dec included)
    assert {p.rate_bp for p in before} == {370}
    dec = next(p for p in before if p.end == date(2022, 12, 20))
    assert dec.interest_fen == by_hand(100_000, "3.70", 91)
    assert dec.government_fen == by_hand(100_000, "3.70", 91) - by_hand(100_000, "2.20", 91)
    assert {p.rate_bp for p in after} == {365}


def test_early_repayment_ends_the_schedule_that_day():
    periods = subsidy.schedule(
        principal_fen=20_000_000,
        disbursed_on=date(2022, 9, 5),
        maturity=date(2024, 9, 5),
        rate_bp=365,
        borrower_rate_bp=215,
        terms=TERMS,
        ended_on=date(2023, 1, 10),
    )

    assert [p.end for p in periods] == [date(2022, 9, 20), date(2022, 12, 20), date(2023, 1, 10)]
    last = periods[-1]
    assert last.days == 21
    assert last.government_fen == by_hand(200_000, "3.65", 21) - by_hand(200_000, "2.15", 21)


def test_no_subsidy_on_an_extension_or_an_overdue_period():
    periods = subsidy.schedule(
        principal_fen=20_000_000,
        disbursed_on=date(2022, 9, 5),
        maturity=date(2023, 9, 5),
        rate_bp=365,
        borrower_rate_bp=215,
        terms=TERMS,
        extended_to=date(2023, 12, 5),
        overdue_since=date(2023, 8, 1),
    )

    by_end = {p.end: p for p in periods}
    assert by_end[date(2023, 6, 20)].subsidised
    assert by_end[date(2023, 9, 5)].why_not == "overdue"
    assert by_end[date(2023, 12, 5)].government_fen == 0
    assert by_end[date(2023, 12, 5)].borrower_fen == by_end[date(2023, 12, 5)].interest_fen


def test_a_default_stops_the_subsidy():
    periods = subsidy.schedule(
        principal_fen=20_000_000,
        disbursed_on=date(2022, 9, 5),
        maturity=date(2024, 9, 5),
        rate_bp=365,
        borrower_rate_bp=215,
        terms=TERMS,
        ended_on=date(2023, 2, 1),
        defaulted=True,
    )

    assert periods[-1].end == date(2023, 2, 1)
    assert periods[-1].government_fen == 0
    assert periods[-2].subsidised


def test_the_schedule_is_reproducible_from_a_different_products_terms():
    # Given a product settling on the 21st, over 365 days, fractions dropped
    terms = Terms(day_count="act_365", settlement_day=21, rounding="down")

    periods = subsidy.schedule(
        principal_fen=10_000_000,
        disbursed_on=date(2022, 9, 5),
        maturity=date(2023, 9, 5),
        rate_bp=365,
        borrower_rate_bp=215,
        terms=terms,
    )

    assert periods[0].end == date(2022, 9, 21)
    assert periods[0].interest_fen == 10_000_000 * 365 * 16 // (10_000 * 365)
