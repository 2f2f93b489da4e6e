"""Sections that other apps add to the talent detail page.

`talents` must not import the apps built on it, so each registers a panel in its
`AppConfig.ready()`: a function `(actor, talent) -> dict | None` returning the template to
include and the value its `panel` variable takes (None hides the panel). The detail view
calls them for a talent the actor already reached through their scope.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Panel = Callable[[Any, Any], "dict[str, Any] | None"]

_panels: dict[str, tuple[int, Panel]] = {}


def register_panel(name: str, panel: Panel, *, order: int = 100) -> None:
    _panels[name] = (order, panel)


def panels_for(actor, talent) -> list[dict[str, Any]]:
    """The panels to show, in order: `{"template": ..., "context": ...}` each."""
    shown = []
    for _order, panel in sorted(_panels.values(), key=lambda item: item[0]):
        result = panel(actor, talent)
        if result is not None:
            shown.append(result)
    return shown
