"""The events' domain errors: stable codes, Chinese messages (mapped to HTTP in core.api)."""

from __future__ import annotations

from enum import StrEnum

from rencai.core.errors import Conflict, DomainError


class EventError(StrEnum):
    NOT_OPEN = "event_not_open"
    NOT_ADMITTED = "not_admitted"
    ALREADY_REGISTERED = "already_registered"
    ILLEGAL_TRANSITION = "illegal_transition"
    OFFER_EXPIRED = "offer_expired"
    UNKNOWN_CODE = "not_registered"
    ANOTHER_EVENT = "another_event"
    CANCELLED = "registration_cancelled"
    WAITLISTED = "waitlisted"
    ALREADY_CHECKED_IN = "already_checked_in"
    NOT_A_MIXER = "not_a_mixer"
    ROUND_CLOSED = "round_closed"
    ROUND_OPEN = "round_open"
    NOT_CHECKED_IN = "not_checked_in"
    TOO_MANY_PICKS = "too_many_picks"


class NotAdmitted(DomainError):
    code = EventError.NOT_ADMITTED


class AlreadyRegistered(Conflict):
    code = EventError.ALREADY_REGISTERED


class ScanRefused(DomainError):
    """A check-in refused at the door; `code` says why."""

    status = 409
