"""Use cases of the desk, by workflow. Import from the workflow's module, or from here:

from rencai.desk import services
case = services.open_application(talent, benefit, actor=clerk, confirmed=[...])
services.accept_application(case, actor=clerk)
services.approve_application(case, actor=officer)
services.disburse(case, actor=finance_officer, payee_account="6222...")

Reads (checklists, budgets, the handling-time report) are in `rencai.desk.selectors`.
"""

from .budgets import set_budget
from .cases import (
    accept_application,
    close_application,
    resubmit_application,
    return_application,
    submit_application,
    withdraw_application,
)
from .decisions import BulkResult, approve_application, bulk_approve, reject_application
from .documents import mark_document_seen, upload_document
from .opening import open_application
from .outreach import open_cases_for_pending_entitlements
from .payments import disburse, mask_account

__all__ = [
    "BulkResult",
    "accept_application",
    "approve_application",
    "bulk_approve",
    "close_application",
    "disburse",
    "mark_document_seen",
    "mask_account",
    "open_application",
    "open_cases_for_pending_entitlements",
    "reject_application",
    "resubmit_application",
    "return_application",
    "set_budget",
    "submit_application",
    "upload_document",
    "withdraw_application",
]
