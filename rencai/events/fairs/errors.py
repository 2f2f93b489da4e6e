"""Job fairs' refusals: one stable code each, mapped to HTTP by the one handler."""

from __future__ import annotations

from enum import StrEnum

from rencai.core.errors import Conflict


class FairError(StrEnum):
    NOT_A_JOB_FAIR = "not_a_job_fair"
    ALREADY_TAKING_PART = "already_taking_part"
    NOT_TAKING_PART = "enterprise_not_taking_part"
    INTENT_EXISTS = "intent_exists"
    ILLEGAL_TRANSITION = "illegal_transition"
    POSITION_CLOSED = "position_closed"
    FAIR_CLOSED = "fair_closed"
    NOT_REGISTERED = "seeker_not_registered"
    HAS_ACCOUNT = "seeker_has_account"


class IntentExists(Conflict):
    code = FairError.INTENT_EXISTS


class IllegalTransition(Conflict):
    code = FairError.ILLEGAL_TRANSITION
