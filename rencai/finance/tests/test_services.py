"""Applying and working a loan: limits and eligibility refused with reasons, the steps,
the rate fixed on the contract date, at most three subsidised loans per borrower."""

from datetime import date, datetime, time

import pytest

from rencai.core import clock
from rencai.core.errors import DomainError, NotFound, PermissionDenied
from rencai.core.models import AuditEvent
from rencai.core.tests.factories import make_organisation
from rencai.finance import services
from rencai.finance.models import Loan, LoanEvent
from rencai.policies.choices import EntitlementSource, EntitlementState
from rencai.policies.services.entitlements import record_entitlement

from .factories import Finance, make_bank

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def fin():
    return Finance()


def test_an_amount_over_the_individual_limit_is_refused_with_the_limit(fin):
    with pytest.raises(DomainError) as refused:
        fin.apply(fin.talent(), amount_fen=20_000_001)

    assert refused.value.code == "over_limit"
    assert "200,000.00" in str(refused.value.message)
    assert not Loan.objects.exists()


def test_a_term_over_the_products_longest_is_refused(fin):
    with pytest.raises(DomainError) as refused:
        fin.apply(fin.talent(), term=37)

    assert refused.value.code == "term_too_long"


def test_a_small_business_loan_must_name_the_borrowing_organisation(fin):
    with pytest.raises(DomainError) as refused:
        fin.apply(fin.talent(), product=fin.small_business, amount_fen=100_000_000)

    assert refused.value.code == "organisation_required"


def test_a_small_business_may_borrow_up_to_three_million(fin):
    coop = make_organisation("enterprise", name="合作社")

    loan = fin.apply(
        fin.talent(),
        product=fin.small_business,
        amount_fen=100_000_000,
        borrower_organisation=coop,
    )

    assert loan.borrower_organisation == coop


def test_a_talent_the_rule_excludes_is_refused_with_the_rules_reason(fin):
    old = fin.talent(birth_date=date(1950, 1, 1))

    with pytest.raises(DomainError) as refused:
        fin.apply(old)

    assert refused.value.code == "not_eligible"
    assert refused.value.fields["eligibility"]  # the rule's reason, in words


def test_a_bank_that_does_not_offer_the_product_is_refused(fin):
    with pytest.raises(DomainError) as refused:
        fin.apply(fin.talent(), bank=make_bank())

    assert refused.value.code == "bank_not_partner"


def test_applying_records_a_pending_entitlement_and_an_audit_event(fin):
    loan = fin.apply(fin.talent())

    assert loan.entitlement.state == EntitlementState.PENDING
    assert loan.entitlement.benefit == fin.benefit
    assert AuditEvent.objects.filter(action="loan.apply", target_id=str(loan.pk)).exists()


def test_the_whole_way_from_application_to_money(fin):
    loan = fin.apply(fin.talent(), on=date(2022, 9, 1))

    fin.run(loan, to="disbursed", on=date(2022, 9, 2))

    loan.refresh_from_db()
    assert loan.state == "disbursed"
    assert loan.lpr_bp == 365  # the LPR from 22 Aug 2022
    assert loan.borrower_rate_bp == 215
    assert loan.subsidy_slot == 1
    assert loan.maturity_date == date(2024, 9, 2)
    assert loan.approval_working_days == 1
    assert loan.approval_hours == 30  # 09:00 one day, 15:00 the next
    assert loan.entitlement.state == EntitlementState.GRANTED
    assert list(LoanEvent.objects.filter(loan=loan).values_list("to_state", flat=True)) == [
        "applied",
        "documents",
        "guaranteed",
        "approved",
        "contracted",
        "disbursed",
    ]
    assert (
        AuditEvent.objects.filter(target_id=str(loan.pk), action__startswith="loan.").count() == 6
    )


def test_the_rate_is_fixed_by_the_lpr_on_the_contract_date(fin):
    loan = fin.apply(fin.talent(), on=date(2022, 8, 1))

    fin.run(loan, to="contracted", on=date(2022, 8, 19))

    loan.refresh_from_db()
    assert loan.lpr_bp == 370  # before the 22 Aug 2022 change
    assert loan.contract_rate_bp == 370
    assert loan.borrower_rate_bp == 220


def test_a_contract_rate_over_the_cap_is_refused(fin):
    loan = fin.apply(fin.talent())

    with pytest.raises(DomainError) as refused:
        fin.run(loan, to="contracted", rate_bp=365 + 301)

    assert refused.value.code == "rate_over_cap"
    loan.refresh_from_db()
    assert loan.state == "approved"


def test_a_fourth_subsidised_loan_is_refused(fin):
    talent = fin.talent()
    for _ in range(3):
        fin.run(fin.apply(talent, amount_fen=1_000_000))

    with pytest.raises(DomainError) as refused:
        fin.apply(talent, amount_fen=1_000_000)

    assert refused.value.code == "subsidy_limit"
    assert sorted(Loan.objects.values_list("subsidy_slot", flat=True)) == [1, 2, 3]


def test_the_database_refuses_a_fourth_subsidy_slot(fin):
    loan = fin.run(fin.apply(fin.talent()))

    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Loan.objects.filter(pk=loan.pk).update(subsidy_slot=4)


def test_the_guarantee_centre_may_not_approve_the_loan_for_the_bank(fin):
    loan = fin.run(fin.apply(fin.talent()), to="guaranteed")

    with pytest.raises(PermissionDenied):
        services.approve(loan, actor=fin.reviewer)


def test_a_step_out_of_order_is_a_conflict(fin):
    loan = fin.apply(fin.talent())

    with pytest.raises(DomainError) as refused:
        services.disburse(loan, actor=fin.officer)

    assert refused.value.status == 409


def test_a_loan_on_an_entitlement_already_paid_leaves_it_paid(fin):
    talent = fin.talent()
    paid = record_entitlement(
        talent,
        fin.benefit,
        actor=None,
        state=EntitlementState.PAID,
        source=EntitlementSource.DESK,
        granted_on=date(2022, 6, 1),
    )

    loan = fin.run(fin.apply(talent, on=date(2022, 9, 1)), to="disbursed", on=date(2022, 9, 2))

    loan.refresh_from_db()
    assert loan.state == "disbursed"
    assert loan.entitlement == paid
    assert loan.entitlement.state == EntitlementState.PAID


def test_rejection_needs_a_reason_and_rejects_the_entitlement(fin):
    loan = fin.apply(fin.talent())
    with pytest.raises(DomainError):
        services.reject(loan, actor=fin.officer, reason=" ")

    services.reject(loan, actor=fin.officer, reason="经营计划不可行")

    loan.refresh_from_db()
    assert loan.state == "rejected"
    assert loan.entitlement.state == EntitlementState.REJECTED


def test_early_repayment_ends_the_loan_and_its_entitlement(fin):
    loan = fin.run(fin.apply(fin.talent()), on=date(2022, 9, 5))

    with clock.at(datetime.combine(date(2023, 1, 10), time(10))):
        services.repay(loan, actor=fin.officer, on=date(2023, 1, 10))

    loan.refresh_from_db()
    assert loan.end_reason == "early"
    assert loan.entitlement.state == EntitlementState.ENDED


def test_a_default_records_the_guarantee_funds_payment(fin):
    loan = fin.run(fin.apply(fin.talent()), on=date(2022, 9, 5))

    services.record_default(loan, actor=fin.reviewer, on=date(2023, 3, 1), fund_paid_fen=19_000_000)

    loan.refresh_from_db()
    assert loan.state == "defaulted"
    assert loan.fund_paid_fen == 19_000_000
    assert AuditEvent.objects.filter(action="loan.record_default").exists()


def test_a_bank_officer_reveals_an_identity_number_audited(fin):
    talent = fin.talent()
    loan = fin.apply(talent)

    number = services.reveal_identity(loan, actor=fin.officer)

    assert number == talent.id_number
    assert AuditEvent.objects.filter(action="loan.reveal", target_id=str(talent.pk)).count() == 1


def test_an_officer_who_cannot_see_the_talent_cannot_apply_for_them(fin):
    other = Finance()

    with pytest.raises(NotFound):
        fin.apply(fin.talent(), actor=other.officer)


def test_an_unconfirmed_condition_is_refused_and_named(fin):
    version = fin.benefit.versions.get()
    version.to_confirm = ["贷款用于在黄冈市创业"]
    version.save(update_fields=["to_confirm"])

    with pytest.raises(DomainError) as refused:
        fin.apply(fin.talent())
    loan = fin.apply(fin.talent(), confirmed=["贷款用于在黄冈市创业"])

    assert refused.value.code == "unconfirmed"
    assert refused.value.fields["eligibility"] == ["贷款用于在黄冈市创业"]
    assert loan.eligibility["confirmed"] == ["贷款用于在黄冈市创业"]


def test_a_rate_an_administrator_adds_to_the_lpr_table_fixes_later_contracts(fin):
    from rencai.finance.models import LprRate

    LprRate.objects.create(effective_from=date(2023, 8, 21), rate_bp=345)
    loan = fin.apply(fin.talent(), on=date(2023, 9, 1))

    fin.run(loan, to="contracted", on=date(2023, 9, 4))

    loan.refresh_from_db()
    assert loan.lpr_bp == 345
    assert loan.borrower_rate_bp == 195


def test_the_banks_officers_are_told_of_a_new_application(fin):
    from rencai.core.models import Notification

    loan = fin.apply(fin.talent())

    told = Notification.objects.filter(recipient=fin.officer)
    assert told.count() == 1
    assert f"#{loan.pk}" in told.get().title
