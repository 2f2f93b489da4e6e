"""A named, ordered registry: how apps plug into `core` without `core` importing them.

`core` knows no domain app. It defines registries (navigation and home panels, figures,
timeline entries, scheduled jobs, demo loaders); each app adds its entries from its
`AppConfig.ready()`. Registering a name again replaces the entry, so a reload (or a test that
registers a throw-away entry) never duplicates one. Entries are read in `(order, name)` order.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

T = TypeVar("T")


class Registry[T]:
    """Entries of one kind, keyed by a dotted name such as "desk.queue"."""

    def __init__(self, kind: str):
        self.kind = kind
        self._entries: dict[str, tuple[int, T]] = {}
        # Counts changes: what is derived from the entries and kept (the menu a set of roles
        # sees, `core.navigation`) is keyed by it, so a later registration is never missed.
        self.version = 0

    def register(self, name: str, entry: T, *, order: int = 100) -> T:
        self._entries[name] = (order, entry)
        self.version += 1
        return entry

    def unregister(self, name: str) -> None:
        self._entries.pop(name, None)
        self.version += 1

    def get(self, name: str) -> T:
        try:
            return self._entries[name][1]
        except KeyError:
            raise LookupError(f"no {self.kind} named {name!r}") from None

    def names(self) -> list[str]:
        return [name for name, _ in self._items()]

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[T]:
        return (entry for _, entry in self._items())

    def __len__(self) -> int:
        return len(self._entries)

    def _items(self) -> list[tuple[str, T]]:
        ordered = sorted(self._entries.items(), key=lambda item: (item[1][0], item[0]))
        return [(name, entry) for name, (_, entry) in ordered]
