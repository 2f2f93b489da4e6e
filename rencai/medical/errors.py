"""The medical channel's refusals: one stable code each, mapped to HTTP by the one handler."""

from __future__ import annotations

from enum import StrEnum

from rencai.core.errors import Conflict, DomainError


class MedicalError(StrEnum):
    NOT_ELIGIBLE = "not_eligible"
    SLOT_FULL = "slot_full"
    SLOT_CLOSED = "slot_closed"
    ALREADY_BOOKED = "already_booked"
    CUTOFF_PASSED = "cancel_cutoff_passed"
    ILLEGAL_TRANSITION = "illegal_transition"
    FAMILY_NOT_COVERED = "family_not_covered"
    NOT_A_HOSPITAL = "not_a_designated_hospital"


class NotEligible(DomainError):
    """The benefit's rule refuses the talent: `fields.eligibility` lists the reasons."""

    code = MedicalError.NOT_ELIGIBLE


class SlotFull(Conflict):
    code = MedicalError.SLOT_FULL


class IllegalTransition(Conflict):
    code = MedicalError.ILLEGAL_TRANSITION


class CutoffPassed(Conflict):
    code = MedicalError.CUTOFF_PASSED
