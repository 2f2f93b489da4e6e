"""The finance demo: 武穴's September 2022 loans (exactly 93, ¥16,600,000) and the
co-operative's ¥1,000,000 loan approved in under two days, made through the services."""

from datetime import date

import pytest
from django.db.models import Sum
from django.utils import timezone

from rencai.core import sms
from rencai.core.tests.demo import load_demo
from rencai.finance import demo
from rencai.finance.models import Loan, LoanProduct

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_demo():
    load_demo(talents=20, batch_size=10, as_of=date(2026, 11, 28))


def test_a_small_demo_has_the_products_and_the_cooperative_loan(small_demo):
    assert LoanProduct.objects.count() == 3
    assert not Loan.objects.filter(disbursed_on__month=9).exists()  # too few talents for 93


def test_wuxues_september_is_93_loans_worth_16_6_million(small_demo):
    product = LoanProduct.objects.get(code="startup_individual")
    people = demo.demo_people(product.guarantor)
    assert people is not None
    assert {k: u.username for k, u in people.items()} == {
        "county_hrss": "wuxue_hrss", "county_bank": "wuxue_bank", "county": "wuxue",
        "guarantee": "guarantee",
    }  # fmt: skip

    with sms.quietly():
        made = demo._county_september(product, people)

    september = Loan.objects.filter(
        county__code="421182",
        state="disbursed",
        disbursed_on__gte=date(2022, 9, 1),
        disbursed_on__lte=date(2022, 9, 30),
    )
    assert made == 93
    assert september.count() == 93
    assert september.aggregate(total=Sum("amount_fen"))["total"] == 1_660_000_000
    assert september.filter(bank__name="武穴农商银行").count() == 93


def test_the_cooperatives_loan_was_approved_in_under_two_days():
    load_demo(talents=300, batch_size=100, as_of=date(2026, 11, 28))

    loan = Loan.objects.get(amount_fen=100_000_000)

    assert loan.borrower_organisation.name == "武穴市果兴农种养专业合作社"
    assert loan.approval_hours < 48
    assert loan.state == "disbursed"


def test_a_small_demo_has_loans_waiting_at_both_banks_and_at_the_guarantee_centre(small_demo):
    # given the small demo loaded on 28 November 2026 (a Saturday: filed on Friday the 27th)
    waiting = Loan.objects.exclude(state__in=("disbursed", "repaid", "rejected", "withdrawn"))

    # then 武穴农商银行 has three in different steps, 湖北银行 two, and two wait for the centre
    assert waiting.filter(bank__name="武穴农商银行").count() == 3
    assert waiting.filter(bank__name="湖北银行黄冈分行").count() == 2
    assert waiting.filter(state="documents", guarantor__code="guarantee_centre").count() == 2
    assert {timezone.localtime(loan.applied_at).date() for loan in waiting} == {date(2026, 11, 27)}
