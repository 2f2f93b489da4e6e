"""Payments: one per instalment, the budget moved from committed to spent, the account
masked, the ledger exported for finance."""

from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from rencai.core.choices import Role
from rencai.core.errors import Conflict, DomainError, PermissionDenied
from rencai.core.models import AuditEvent
from rencai.core.tests.factories import make_county, make_user
from rencai.desk import permissions, selectors, services
from rencai.desk.choices import ApplicationState
from rencai.desk.exports import export_ledger
from rencai.desk.instalments import instalments_left
from rencai.desk.models import Budget, Disbursement
from rencai.desk.services.payments import mask_account
from rencai.policies.choices import EntitlementState, Periodicity

from .factories import Desk, make_master, make_talent_user

pytestmark = [pytest.mark.django_db, pytest.mark.portable]
A = ApplicationState


def test_paying_a_one_off_case_records_the_payment_and_moves_the_budget():
    desk = Desk()
    case = desk.case_in(A.APPROVED)

    payment = services.disburse(case, actor=desk.finance_officer)

    assert payment.instalment == 1
    assert payment.amount_fen == 3_000_000
    assert payment.paying_department == desk.finance
    assert payment.paid_on == timezone.localdate()
    budget = Budget.objects.get(benefit=desk.benefit)
    assert (budget.committed_fen, budget.spent_fen) == (0, 3_000_000)
    case.refresh_from_db()
    assert case.state == A.DISBURSED
    assert case.entitlement.state == EntitlementState.PAID
    assert AuditEvent.objects.get(action="application.disburse").changes["payee_account"] == (
        "***************3445"
    )


def test_a_second_payment_of_the_same_instalment_is_refused():
    desk = Desk()
    case = desk.case_in(A.APPROVED)
    services.disburse(case, actor=desk.finance_officer, instalment=1)

    with pytest.raises(Conflict) as caught:
        services.disburse(case, actor=desk.finance_officer, instalment=1)

    assert caught.value.code == "already_paid"
    assert Disbursement.objects.count() == 1
    assert Budget.objects.get(benefit=desk.benefit).spent_fen == 3_000_000


def test_a_retried_payment_with_the_same_key_returns_the_first_payment():
    desk = Desk()
    case = desk.case_in(A.APPROVED)
    first = services.disburse(case, actor=desk.finance_officer, idempotency_key="pay-1")

    again = services.disburse(case, actor=desk.finance_officer, idempotency_key="pay-1")

    assert again.pk == first.pk
    assert Disbursement.objects.count() == 1


def test_a_monthly_benefit_is_paid_once_per_month_up_to_its_months():
    desk = Desk(
        periodicity=Periodicity.MONTHLY, months=3, amount={"kind": "fixed", "yuan": "1500.00"}
    )
    case = desk.case_in(A.APPROVED)
    assert Budget.objects.get(benefit=desk.benefit).committed_fen == 450_000

    paid = [services.disburse(case, actor=desk.finance_officer).instalment for _ in range(3)]

    assert paid == [1, 2, 3]
    assert instalments_left(case) == []
    with pytest.raises(Conflict):
        services.disburse(case, actor=desk.finance_officer)
    with pytest.raises(DomainError):
        services.disburse(case, actor=desk.finance_officer, instalment=4)
    budget = Budget.objects.get(benefit=desk.benefit)
    assert (budget.committed_fen, budget.spent_fen) == (0, 450_000)


def test_the_payee_account_is_required_and_checked():
    desk = Desk()
    case = desk.case_in(A.APPROVED)
    type(case).objects.filter(pk=case.pk).update(payee_account="")

    with pytest.raises(DomainError) as caught:
        services.disburse(case, actor=desk.finance_officer)
    assert caught.value.code == "invalid_payee_account"
    with pytest.raises(DomainError):
        services.disburse(case, actor=desk.finance_officer, payee_account="12ab")

    payment = services.disburse(
        case, actor=desk.finance_officer, payee_account="6217 0000 1111 2222 333"
    )
    assert payment.payee_account == "6217000011112222333"


def test_a_payment_date_in_the_future_is_refused():
    desk = Desk()
    case = desk.case_in(A.APPROVED)
    with pytest.raises(DomainError):
        services.disburse(
            case,
            actor=desk.finance_officer,
            paid_on=timezone.localdate() + timedelta(days=1),
        )


def test_a_benefit_in_kind_has_nothing_to_pay():
    desk = Desk(amount={"kind": "none"}, budget_fen=None)
    case = desk.case_in(A.APPROVED)
    with pytest.raises(DomainError) as caught:
        services.disburse(case, actor=desk.finance_officer)
    assert caught.value.code == "nothing_to_pay"


def test_only_the_paying_department_records_payments():
    desk = Desk()
    case = desk.case_in(A.APPROVED)
    for actor in (desk.housing_officer, desk.clerk, desk.talent_user):
        with pytest.raises(PermissionDenied):
            services.disburse(case, actor=actor)


@pytest.mark.parametrize(
    ("account", "masked"),
    [("6222020200112233445", "***************3445"), ("1234", "****"), ("", "")],
)
def test_accounts_are_masked_but_the_last_four(account, masked):
    assert mask_account(account) == masked


def test_the_ledger_exports_the_payments_the_actor_sees():
    desk = Desk()
    for talent in (desk.talent, make_master()):
        services.disburse(desk.case_in(A.APPROVED, talent=talent), actor=desk.finance_officer)

    export = export_ledger(desk.finance_officer, selectors.LedgerFilters())

    sheet = load_workbook(export.file).active
    rows = list(sheet.iter_rows(values_only=True))
    assert export.count == 2
    assert len(rows) == 4  # header, two payments, total
    # Amounts are yuan as numbers (finance sums them), shown with two decimals.
    assert rows[1][5] == 30000
    assert sheet.cell(row=2, column=6).number_format == "#,##0.00"
    assert rows[1][6] == "***************3445"
    assert rows[-1][5] == 60000
    assert AuditEvent.objects.filter(action="disbursement.export").count() == 1


def test_the_ledger_is_not_for_clerks_or_talents():
    desk = Desk()
    for actor in (desk.clerk, desk.talent_user):
        with pytest.raises(PermissionDenied):
            export_ledger(actor)


def test_a_county_officer_reads_the_ledger_of_their_countys_cases_only():
    # Given payments to a talent of 团风县 and to one of 武穴市
    desk = Desk()
    tuanfeng, wuxue = make_county("421121", "团风县"), make_county("421182", "武穴市")
    for county in (tuanfeng, wuxue):
        case = desk.case_in(A.APPROVED, talent=make_master(county))
        services.disburse(case, actor=desk.finance_officer)
    officer = make_user(role=Role.COUNTY_OFFICER, division=tuanfeng)

    # When 团风县's officer reads the ledger
    payments = list(selectors.ledger(officer))

    # Then they may, and see their county's payment only
    assert permissions.can_export_ledger(officer)
    assert [p.application.county_id for p in payments] == [tuanfeng.pk]
    assert export_ledger(officer, selectors.LedgerFilters()).count == 1


def test_payments_are_listed_only_to_those_who_see_the_case():
    desk = Desk()
    services.disburse(desk.case_in(A.APPROVED), actor=desk.finance_officer)
    stranger = make_talent_user(make_master())

    assert selectors.disbursements_for_actor(desk.talent_user).count() == 1
    assert selectors.disbursements_for_actor(desk.housing_officer).count() == 1
    assert selectors.disbursements_for_actor(stranger).count() == 0


def test_formula_like_names_in_the_ledger_come_back_as_text():
    # Given a payment to a talent and for a benefit whose names look like formulas
    desk = Desk(name='=HYPERLINK("http://evil.example","点我")')
    talent = make_master(name="@SUM(A1)")
    services.disburse(desk.case_in(A.APPROVED, talent=talent), actor=desk.finance_officer)

    # When finance exports the ledger and the file is opened again
    sheet = load_workbook(export_ledger(desk.finance_officer).file).active

    # Then no cell is a formula, the texts are intact, dates are dates and the header is frozen
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert sheet.cell(row=2, column=4).value == "@SUM(A1)"
    assert sheet.cell(row=2, column=5).value == '=HYPERLINK("http://evil.example","点我")'
    assert sheet.cell(row=2, column=1).is_date
    assert sheet.freeze_panes == "A2"
