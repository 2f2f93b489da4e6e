"""A case's life as one table: which state may follow which, and the action that moves it.

    draft      → submitted (submit) | withdrawn
    submitted  → accepted | returned | rejected | withdrawn
    returned   → submitted (resubmit) | withdrawn
    accepted   → approved | rejected | returned | withdrawn
    approved   → disbursed | closed
    disbursed  → disbursed (the next instalment of a periodic benefit) | closed
    rejected, withdrawn, closed: final

The talent may withdraw only before a decision. A multi-step approval keeps the case
`accepted` until its last step approves (a step is not a state change). Every service in
`services/` checks its action here before anything else; anything else is refused with
`illegal_transition` (409).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .choices import ApplicationState
from .errors import IllegalTransition

A = ApplicationState

TRANSITIONS: dict[str, frozenset[str]] = {
    A.DRAFT: frozenset({A.SUBMITTED, A.WITHDRAWN}),
    A.SUBMITTED: frozenset({A.ACCEPTED, A.RETURNED, A.REJECTED, A.WITHDRAWN}),
    A.RETURNED: frozenset({A.SUBMITTED, A.WITHDRAWN}),
    A.ACCEPTED: frozenset({A.APPROVED, A.REJECTED, A.RETURNED, A.WITHDRAWN}),
    A.APPROVED: frozenset({A.DISBURSED, A.CLOSED}),
    A.DISBURSED: frozenset({A.DISBURSED, A.CLOSED}),
    A.REJECTED: frozenset(),
    A.WITHDRAWN: frozenset(),
    A.CLOSED: frozenset(),
}

# Action (the API's /applications/{id}/<action>/) → the state it leads to.
ACTIONS: dict[str, str] = {
    "submit": A.SUBMITTED,
    "resubmit": A.SUBMITTED,
    "accept": A.ACCEPTED,
    "return": A.RETURNED,
    "withdraw": A.WITHDRAWN,
    "approve": A.APPROVED,
    "reject": A.REJECTED,
    "disburse": A.DISBURSED,
    "close": A.CLOSED,
}
# Two actions lead to `submitted`: each from its own state only.
ONLY_FROM: dict[str, str] = {"submit": A.DRAFT, "resubmit": A.RETURNED}

FINAL_STATES = frozenset(state for state, nexts in TRANSITIONS.items() if not nexts)
# Waiting for the department (the queue); `returned` waits for the talent.
OPEN_STATES = (A.SUBMITTED, A.ACCEPTED)
UNDECIDED_STATES = (A.DRAFT, A.SUBMITTED, A.RETURNED, A.ACCEPTED)

ACTION_LABELS = {
    "submit": _("Submit"),
    "resubmit": _("Resubmit"),
    "accept": _("Accept"),
    "return": _("Return for correction"),
    "withdraw": _("Withdraw"),
    "approve": _("Approve"),
    "reject": _("Reject"),
    "disburse": _("Record payment"),
    "close": _("Close"),
}


def is_allowed(state: str, action: str) -> bool:
    """Whether `action` may be taken on a case in `state` (by the table alone)."""
    target = ACTIONS.get(action)
    if target is None or target not in TRANSITIONS.get(state, frozenset()):
        return False
    return ONLY_FROM.get(action, state) == state


def actions_from(state: str) -> list[str]:
    """The actions the table allows from `state`, in the order of `ACTIONS`."""
    return [action for action in ACTIONS if is_allowed(state, action)]


def check(state: str, action: str) -> None:
    """Refuse an action the table does not allow (IllegalTransition, 409)."""
    if not is_allowed(state, action):
        label = A(state).label if state in A.values else state
        raise IllegalTransition(
            _("“%(action)s” is not possible for a case that is “%(state)s”.")
            % {"state": label, "action": ACTION_LABELS.get(action, action)}
        )
