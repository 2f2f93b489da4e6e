"""Kleene's three-valued logic: a missing fact is UNKNOWN, and `not UNKNOWN` is UNKNOWN."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Outcome(StrEnum):
    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"


def all_of(outcomes: Iterable[Outcome]) -> Outcome:
    """and: any FALSE → FALSE, else any UNKNOWN → UNKNOWN, else TRUE (empty → TRUE)."""
    seen = set(outcomes)
    if Outcome.FALSE in seen:
        return Outcome.FALSE
    return Outcome.UNKNOWN if Outcome.UNKNOWN in seen else Outcome.TRUE


def any_of(outcomes: Iterable[Outcome]) -> Outcome:
    """or: any TRUE → TRUE, else any UNKNOWN → UNKNOWN, else FALSE (empty → FALSE)."""
    seen = set(outcomes)
    if Outcome.TRUE in seen:
        return Outcome.TRUE
    return Outcome.UNKNOWN if Outcome.UNKNOWN in seen else Outcome.FALSE


def negate(outcome: Outcome) -> Outcome:
    if outcome == Outcome.UNKNOWN:
        return outcome
    return Outcome.FALSE if outcome == Outcome.TRUE else Outcome.TRUE


def of_bool(value: bool) -> Outcome:
    return Outcome.TRUE if value else Outcome.FALSE
