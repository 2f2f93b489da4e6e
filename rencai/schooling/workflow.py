"""An enrolment case's life as one table, with a time target per step in working days.

    requested → reviewed (review) | not placed (not_place)
    reviewed  → school assigned (assign) | not placed
    assigned  → enrolled (enrol) | not placed
    enrolled, not placed: final

Each open state has a time target (`TARGETS`, working days by `rencai.core.calendar`): the
case is due on the n-th working day after it entered the state, and overdue the day after.
The whole placement has its own target (`PLACEMENT_TARGET`), counted from the request: the
"placed within target" figure compares the enrolment date with it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rencai.core.errors import Conflict

from .choices import EnrolmentState

E = EnrolmentState

TRANSITIONS: dict[str, frozenset[str]] = {
    E.REQUESTED: frozenset({E.REVIEWED, E.NOT_PLACED}),
    E.REVIEWED: frozenset({E.ASSIGNED, E.NOT_PLACED}),
    E.ASSIGNED: frozenset({E.ENROLLED, E.NOT_PLACED}),
    E.ENROLLED: frozenset(),
    E.NOT_PLACED: frozenset(),
}

# Action (the API's /enrolments/{id}/<action>/) → the state it leads to.
ACTIONS: dict[str, str] = {
    "review": E.REVIEWED,
    "assign": E.ASSIGNED,
    "enrol": E.ENROLLED,
    "not_place": E.NOT_PLACED,
}

ACTION_LABELS = {
    "review": _("Mark reviewed"),
    "assign": _("Assign a school"),
    "enrol": _("Record enrolment"),
    "not_place": _("Not placed"),
}

# Working days allowed in each open state before the case is overdue.
TARGETS: dict[str, int] = {E.REQUESTED: 3, E.REVIEWED: 10, E.ASSIGNED: 10}
PLACEMENT_TARGET = sum(TARGETS.values())

OPEN_STATES = (E.REQUESTED, E.REVIEWED, E.ASSIGNED)
FINAL_STATES = (E.ENROLLED, E.NOT_PLACED)


class IllegalTransition(Conflict):
    code = "illegal_transition"


def is_allowed(state: str, action: str) -> bool:
    target = ACTIONS.get(action)
    return target is not None and target in TRANSITIONS.get(state, frozenset())


def actions_from(state: str) -> list[str]:
    return [action for action in ACTIONS if is_allowed(state, action)]


def check(state: str, action: str) -> None:
    """Refuse an action the table does not allow (409)."""
    if not is_allowed(state, action):
        label = E(state).label if state in E.values else state
        raise IllegalTransition(
            _("“%(action)s” is not possible for an enrolment case that is “%(state)s”.")
            % {"state": label, "action": ACTION_LABELS.get(action, action)}
        )
