"""A talent was registered or changed: tell the apps built on `talents`, after commit.

`talents` must not import the apps that depend on it, and signals fire on every `save()`
(imports, fixtures, the demo loader) whatever the use case. So the registry's services call
`talent_changed(talent)` explicitly — registering, editing, a card issued, renewed, revoked or
recorded, a family member added — and each app registers a callback in its
`AppConfig.ready()`:

    hooks.on_talent_changed(find_benefits_for_talent, name="policies.outreach")

Callbacks receive the talent's id once the transaction has committed (never for a rolled-back
change), and a failing callback is logged without undoing the change.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

Callback = Callable[[int], None]

_callbacks: dict[str, Callback] = {}


def on_talent_changed(callback: Callback, *, name: str | None = None) -> None:
    """Call `callback(talent_id)` after each committed change; `name` keeps it idempotent."""
    _callbacks[name or f"{callback.__module__}.{callback.__qualname__}"] = callback


def remove_callback(name: str) -> None:
    _callbacks.pop(name, None)


def talent_changed(talent) -> None:
    """Note that `talent` changed: every callback runs with its id after commit."""
    talent_id = talent.pk
    for callback in list(_callbacks.values()):
        transaction.on_commit(_bind(callback, talent_id), robust=True)


def _bind(callback: Callback, talent_id: int) -> Callable[[], None]:
    return lambda: callback(talent_id)
