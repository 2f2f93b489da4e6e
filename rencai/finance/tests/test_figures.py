"""Finance's figures, each against a query written here over loans the services made."""

from datetime import date

import pytest
from django.db import connection

from rencai.core import figures
from rencai.core.choices import Role
from rencai.core.figures import Period
from rencai.core.tests.factories import make_county, make_user

from .factories import Finance

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

SEPTEMBER = Period(date(2022, 9, 1), date(2022, 9, 30))


def _sql(query: str, *params) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchone()


@pytest.fixture
def loans():
    fin = Finance()
    fin.run(fin.apply(fin.talent(), amount_fen=20_000_000), on=date(2022, 9, 5))
    fin.run(fin.apply(fin.talent(), amount_fen=5_000_000), on=date(2022, 9, 28))
    fin.run(fin.apply(fin.talent(), amount_fen=7_000_000), on=date(2022, 10, 3))
    fin.apply(fin.talent(), amount_fen=9_000_000)  # applied only
    other = Finance(county=make_county("421182", "武穴市"))
    other.run(other.apply(other.talent(), amount_fen=3_000_000), on=date(2022, 9, 9))
    return fin, other


def test_loans_disbursed_counts_the_loans_lent_in_the_period(loans):
    (expected,) = _sql(
        "SELECT COUNT(*) FROM finance_loan WHERE disbursed_on BETWEEN %s AND %s "
        "AND state IN ('disbursed', 'repaid', 'defaulted')",
        SEPTEMBER.start,
        SEPTEMBER.end,
    )

    result = figures.compute(
        "finance.loans_disbursed", make_user(role=Role.TASK_FORCE), period=SEPTEMBER
    )

    assert result.total.value == expected == 3


def test_amount_disbursed_by_county_sums_the_principal_per_borrowers_county(loans):
    _fin, other = loans
    (expected,) = _sql(
        "SELECT SUM(amount_fen) FROM finance_loan WHERE county_id = %s "
        "AND disbursed_on BETWEEN %s AND %s",
        other.county.pk,
        SEPTEMBER.start,
        SEPTEMBER.end,
    )

    result = figures.compute(
        "finance.amount_disbursed",
        make_user(role=Role.TASK_FORCE),
        period=SEPTEMBER,
        counties=[other.county.pk],
    )

    assert result.total.value == expected == 3_000_000


def test_a_bank_officer_counts_only_their_banks_loans(loans):
    fin, _other = loans
    (expected,) = _sql(
        "SELECT COUNT(*) FROM finance_loan WHERE bank_id = %s AND disbursed_on BETWEEN %s AND %s",
        fin.bank.pk,
        SEPTEMBER.start,
        SEPTEMBER.end,
    )

    result = figures.compute("finance.loans_disbursed", fin.officer, period=SEPTEMBER)

    assert result.total.value == expected == 2


def test_loans_by_bank_breakdown_matches_a_grouped_count(loans):
    fin, other = loans
    (mine,) = _sql(
        "SELECT COUNT(*) FROM finance_loan WHERE bank_id = %s AND disbursed_on BETWEEN %s AND %s",
        fin.bank.pk,
        SEPTEMBER.start,
        SEPTEMBER.end,
    )

    result = figures.compute(
        "finance.loans_disbursed",
        make_user(role=Role.TASK_FORCE),
        period=SEPTEMBER,
        breakdown="bank",
    )

    by_key = {str(row.key): row.value.value for row in result.rows}
    assert by_key[str(fin.bank.pk)] == mine == 2
