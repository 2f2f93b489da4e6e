"""Engagement's refusals: one stable code each, mapped to HTTP by the one exception handler."""

from __future__ import annotations

from enum import StrEnum


class EngagementError(StrEnum):
    DUPLICATE_PAIRING = "duplicate_pairing"
    NOT_HIGH_LEVEL = "not_high_level"
    NOT_A_LEADER = "not_a_contact_leader"
    WRONG_YEAR = "five_ones_wrong_year"
    ALREADY_TICKED = "five_ones_already_ticked"
    INVALID_DATE = "invalid_date"
    NOT_A_DEPARTMENT = "not_a_department"
    REASON_REQUIRED = "reason_required"
    ALREADY_EXCLUDED = "already_excluded"
