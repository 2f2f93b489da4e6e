"""Loan use cases: apply (`applying`), then one service per step (`steps`: documents,
guarantee, approval, contract, disbursement, repayment, default …). Each checks permission,
runs in one transaction under a row lock, writes a loan event and an audit event, and tells
the talent (`common.stepping`)."""

from .applying import apply_for_loan, check_application
from .common import add_months
from .steps import (
    approve,
    approve_guarantee,
    check_documents,
    disburse,
    extend,
    record_default,
    record_overdue,
    reject,
    repay,
    reveal_identity,
    sign_contract,
    withdraw,
)

__all__ = [
    "add_months",
    "apply_for_loan",
    "approve",
    "approve_guarantee",
    "check_application",
    "check_documents",
    "disburse",
    "extend",
    "record_default",
    "record_overdue",
    "reject",
    "repay",
    "reveal_identity",
    "sign_contract",
    "withdraw",
]
