"""Who sees which loan: a bank officer never sees another bank's loans; out of scope is 404."""

import pytest

from rencai.core.choices import Role
from rencai.core.errors import NotFound
from rencai.core.tests.factories import make_user
from rencai.finance import selectors
from rencai.finance.tests.factories import Finance, make_bank, make_product
from rencai.talents.models import Talent

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def two_banks():
    fin = Finance()
    other_bank = make_bank()
    other_officer = make_user(role=Role.BANK_OFFICER, organisation=other_bank)
    product = make_product(fin.benefit, fin.centre, [fin.bank, other_bank])
    mine = fin.apply(fin.talent(), product=product)
    theirs = fin.apply(fin.talent(), product=product, bank=other_bank)
    return fin, other_officer, mine, theirs


def test_a_bank_officer_never_sees_another_banks_loans(two_banks):
    fin, other_officer, mine, theirs = two_banks

    assert list(selectors.loans_for_actor(fin.officer)) == [mine]
    assert list(selectors.loans_for_actor(other_officer)) == [theirs]
    with pytest.raises(NotFound):
        selectors.get_loan_for_actor(fin.officer, theirs.pk)


def test_a_bank_officer_sees_the_borrowers_of_their_banks_loans_only(two_banks):
    fin, _other, mine, theirs = two_banks

    visible = Talent.objects.for_actor(fin.officer)

    assert visible.filter(pk=mine.talent_id).exists()
    assert not visible.filter(pk=theirs.talent_id).exists()


def test_the_bank_officers_queue_holds_only_their_banks_loans(two_banks):
    fin, _other, mine, _theirs = two_banks

    rows = selectors.queue_for_actor(fin.officer)

    assert [row.loan for row in rows] == [mine]
    assert rows[0].working_days_left is not None


def test_the_guarantee_centre_sees_the_loans_it_guarantees(two_banks):
    fin, _other, mine, theirs = two_banks

    assert set(selectors.loans_for_actor(fin.reviewer)) == {mine, theirs}


def test_an_unrelated_department_sees_no_loan(two_banks):
    from rencai.policies.tests.factories import make_department

    outsider = make_user(role=Role.DEPARTMENT_OFFICER, organisation=make_department("health"))

    assert not selectors.loans_for_actor(outsider).exists()


def test_a_county_hrss_officer_sees_the_loans_of_their_county(two_banks):
    from rencai.policies.tests.factories import make_department

    fin, _other, mine, theirs = two_banks
    office = make_department("hrss", division=fin.county)
    hrss = make_user(role=Role.DEPARTMENT_OFFICER, organisation=office)

    assert set(selectors.loans_for_actor(hrss)) == {mine, theirs}
