"""A request's life as one table, with a time target per step in working days.

    raised      → assigned (assign: the responsible department is named)
    assigned    → assigned (assign: handed to another department) | in progress (respond)
    in progress → answered (answer)
    answered    → closed (feedback: satisfied or basically satisfied)
                | reopened (feedback: not satisfied)
    reopened    → answered (answer)
    closed: final

A request is due on the last day of its step's target (`rencai.core.calendar` working days)
and overdue the day after: assignment within `ASSIGN_TARGET` of being raised, the response
within `RESPONSE_TARGET` of the assignment, the answer by the request's own target (counted
from the assignment), and again within `REOPEN_TARGET` of a reopening.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rencai.core.errors import Conflict

from .choices import RequestState

S = RequestState

# Action (the API's /requests/{id}/<action>/) → the states it may start from.
ACTIONS: dict[str, frozenset[str]] = {
    "assign": frozenset({S.RAISED, S.ASSIGNED}),
    "respond": frozenset({S.ASSIGNED}),
    "answer": frozenset({S.IN_PROGRESS, S.REOPENED}),
    "feedback": frozenset({S.ANSWERED}),
}

ACTION_LABELS = {
    "assign": _("Assign to a department"),
    "respond": _("Take up the request"),
    "answer": _("Answer"),
    "feedback": _("Record the talent's feedback"),
}

ASSIGN_TARGET = 1
RESPONSE_TARGET = 2
REOPEN_TARGET = 5
DEFAULT_TARGET = 10

OPEN_STATES = (S.RAISED, S.ASSIGNED, S.IN_PROGRESS, S.REOPENED)
# States in which the department works (and can be late).
WORKING_STATES = (S.ASSIGNED, S.IN_PROGRESS, S.REOPENED)


class IllegalTransition(Conflict):
    code = "illegal_transition"


def is_allowed(state: str, action: str) -> bool:
    return state in ACTIONS.get(action, frozenset())


def actions_from(state: str) -> list[str]:
    return [action for action in ACTIONS if is_allowed(state, action)]


def check(state: str, action: str) -> None:
    """Refuse an action the table does not allow (409)."""
    if not is_allowed(state, action):
        label = S(state).label if state in S.values else state
        raise IllegalTransition(
            _("“%(action)s” is not possible for a request that is “%(state)s”.")
            % {"state": label, "action": ACTION_LABELS.get(action, action)}
        )
