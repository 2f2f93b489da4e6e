"""Writes of engagement: one function per use case — permission, one transaction, history,
audit. `contact` holds pairings, the five ones and contact logs; `requests` the requests'
life; `rates` the exclusions from the rates."""

from .contact import (
    define_five_ones,
    log_contact,
    pair_leader,
    tick_five_ones,
)
from .requests import (
    answer_request,
    assign_request,
    exclude_from_rates,
    give_feedback,
    raise_request,
    respond_to_request,
)

__all__ = [
    "answer_request",
    "assign_request",
    "define_five_ones",
    "exclude_from_rates",
    "give_feedback",
    "log_contact",
    "pair_leader",
    "raise_request",
    "respond_to_request",
    "tick_five_ones",
]
