"""Links that other apps add where an officer serves one talent: the talent's page, the
one-person file and the window's found talent (the desk).

`talents` must not import the apps built on it, so each registers an action in its
`AppConfig.ready()`: a function `(actor, talent) -> TalentAction | None` (None: not for this
actor). The pages call them for a talent the actor already reached through their scope
(`talents.selectors.get_talent_for_actor`), so an action checks only who the actor is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class TalentAction:
    id: str  # the link's HTML id
    label: Promise | str
    url: str


Action = Callable[[Any, Any], "TalentAction | None"]

_actions: dict[str, tuple[int, Action]] = {}


def register_action(name: str, action: Action, *, order: int = 100) -> None:
    _actions[name] = (order, action)


def actions_for(actor, talent) -> list[TalentAction]:
    """The actions to link, in order."""
    shown = []
    for _order, action in sorted(_actions.values(), key=lambda item: item[0]):
        result = action(actor, talent)
        if result is not None:
            shown.append(result)
    return shown
