"""A visit's life as one table: booked → checked in → accompanied → completed | no-show.

Each action names the statuses it starts from; `accompany` and `complete` both start from
`arrived` and are told apart by whether a liaison is named yet. `next_actions` is what the
liaison's list offers: one action per step (plus no-show while still booked).
"""

from __future__ import annotations

from .choices import AppointmentStatus as S

CHECK_IN = "check_in"
ACCOMPANY = "accompany"
COMPLETE = "complete"
NO_SHOW = "no_show"
CANCEL = "cancel"
RESCHEDULE = "reschedule"

FROM: dict[str, frozenset[str]] = {
    CHECK_IN: frozenset({S.BOOKED}),
    ACCOMPANY: frozenset({S.ARRIVED}),
    COMPLETE: frozenset({S.ARRIVED}),
    NO_SHOW: frozenset({S.BOOKED}),
    CANCEL: frozenset({S.BOOKED}),
    RESCHEDULE: frozenset({S.BOOKED}),
}
VISIT_ACTIONS = (CHECK_IN, ACCOMPANY, COMPLETE, NO_SHOW)


def allowed(appointment, action: str) -> bool:
    if appointment.status not in FROM.get(action, ()):
        return False
    accompanied = appointment.accompanied_by_id is not None
    if action == ACCOMPANY:
        return not accompanied
    if action == COMPLETE:
        return accompanied
    return True


def next_step(appointment) -> str | None:
    """The one step of the visit that comes next (None once it has ended)."""
    for action in (CHECK_IN, ACCOMPANY, COMPLETE):
        if allowed(appointment, action):
            return action
    return None
