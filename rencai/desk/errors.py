"""The desk's refusals: one stable code each, mapped to HTTP by the one exception handler."""

from __future__ import annotations

from enum import StrEnum

from rencai.core.errors import Conflict, DomainError


class DeskError(StrEnum):
    ILLEGAL_TRANSITION = "illegal_transition"
    NOT_ELIGIBLE = "not_eligible"
    UNCONFIRMED = "conditions_to_confirm"
    NO_LONGER_ELIGIBLE = "no_longer_eligible"
    DUPLICATE = "duplicate_application"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    BENEFIT_CLOSED = "benefit_not_open"
    BUDGET_EXCEEDED = "budget_exceeded"
    NO_BUDGET = "no_budget"
    DOCUMENTS_MISSING = "documents_missing"
    INVALID_DOCUMENT = "invalid_document"
    DOCUMENT_TOO_LARGE = "document_too_large"
    ALREADY_PAID = "already_paid"
    NOTHING_TO_PAY = "nothing_to_pay"
    INVALID_ACCOUNT = "invalid_payee_account"
    REASON_REQUIRED = "reason_required"
    AMOUNT_UNKNOWN = "amount_unknown"
    ENTITLEMENT_CHANGED = "entitlement_changed"
    DELIVERED_ELSEWHERE = "delivered_by_a_service"


class IllegalTransition(Conflict):
    """The case's state does not allow this step (409)."""

    code = DeskError.ILLEGAL_TRANSITION


class NotEligible(DomainError):
    """The talent does not (or no longer) meet the benefit's rule: `fields.eligibility` lists
    the reasons."""

    code = DeskError.NOT_ELIGIBLE


class DuplicateApplication(Conflict):
    """A live case (or entitlement) already exists; `application_id` names it when known."""

    code = DeskError.DUPLICATE

    def __init__(self, message, *, application_id: int | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.application_id = application_id
