"""Writes of job fairs: one function per use case (permission, one transaction, audit).
Enterprises and positions in `positions`, the xlsx import in `imports`, intents in
`intents`."""

from .intents import confirm_at_desk, confirm_intent, decline_intent, propose_intent
from .positions import add_enterprise, post_position, update_position

__all__ = [
    "add_enterprise",
    "confirm_at_desk",
    "confirm_intent",
    "decline_intent",
    "post_position",
    "propose_intent",
    "update_position",
]
