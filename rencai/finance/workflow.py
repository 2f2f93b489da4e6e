"""A loan's life as one table: each action, the states it may start from, where it leads,
and which step target (a product field, in working days) the next step runs against."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core.errors import Conflict

from .choices import LoanState as S

TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "check_documents": (frozenset({S.APPLIED}), S.DOCUMENTS),
    "approve_guarantee": (frozenset({S.DOCUMENTS}), S.GUARANTEED),
    "approve": (frozenset({S.GUARANTEED}), S.APPROVED),
    "reject": (frozenset({S.APPLIED, S.DOCUMENTS, S.GUARANTEED}), S.REJECTED),
    "sign_contract": (frozenset({S.APPROVED}), S.CONTRACTED),
    "disburse": (frozenset({S.CONTRACTED}), S.DISBURSED),
    "repay": (frozenset({S.DISBURSED}), S.REPAID),
    "record_default": (frozenset({S.DISBURSED}), S.DEFAULTED),
    "withdraw": (frozenset({S.APPLIED, S.DOCUMENTS, S.GUARANTEED, S.APPROVED}), S.WITHDRAWN),
    # Events on a running loan: the state stays.
    "record_overdue": (frozenset({S.DISBURSED}), S.DISBURSED),
    "extend": (frozenset({S.DISBURSED}), S.DISBURSED),
}

ACTION_LABELS = {
    "check_documents": gettext_lazy("Documents complete"),
    "approve_guarantee": gettext_lazy("Approve the guarantee"),
    "approve": gettext_lazy("Approve the loan"),
    "reject": gettext_lazy("Reject"),
    "sign_contract": gettext_lazy("Sign the contract"),
    "disburse": gettext_lazy("Disburse"),
    "repay": gettext_lazy("Record repayment"),
    "record_default": gettext_lazy("Record a default"),
    "withdraw": gettext_lazy("Withdraw"),
    "record_overdue": gettext_lazy("Record overdue"),
    "extend": gettext_lazy("Extend"),
}

# The product field holding the target of the step a loan in this state is waiting for.
STEP_TARGET = {
    S.APPLIED: "target_documents_days",
    S.DOCUMENTS: "target_guarantee_days",
    S.GUARANTEED: "target_approval_days",
    S.APPROVED: "target_contract_days",
    S.CONTRACTED: "target_disbursement_days",
}


def target_days(product, state: str) -> int | None:
    name = STEP_TARGET.get(state)
    return getattr(product, name) if name else None


def allowed(state: str, action: str) -> bool:
    starts, _to = TRANSITIONS[action]
    return state in starts


def check(state: str, action: str) -> str:
    """The state `action` leads to from `state`; Conflict (409) if it may not happen now."""
    if action not in TRANSITIONS:
        raise Conflict(_("Unknown action."), code="illegal_transition")
    starts, to = TRANSITIONS[action]
    if state not in starts:
        raise Conflict(
            _("This loan is %(state)s: it cannot be “%(action)s” now.")
            % {"state": S(state).label, "action": ACTION_LABELS[action]},
            code="illegal_transition",
        )
    return to
