"""Schooling's refusals: one stable code each, mapped to HTTP by the one exception handler."""

from __future__ import annotations

from enum import StrEnum


class SchoolingError(StrEnum):
    SERVICE_UNAVAILABLE = "schooling_unavailable"
    NOT_A_CHILD = "not_a_child"
    DUPLICATE = "duplicate_enrolment"
    NO_EDUCATION_OFFICE = "no_education_office"
    INVALID_SCHOOL = "invalid_school"
    REASON_REQUIRED = "reason_required"
    INVALID_DATE = "invalid_date"
