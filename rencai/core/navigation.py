"""The menu and the home page, filled by the apps: each adds its entries and its panels.

An app registers, from its `AppConfig.ready()`:

- **menu entries** — `register_nav("desk.queue", url_name="desk:queue", label=_("Queue"),
  roles={Role.DEPARTMENT_OFFICER}, order=410)`: shown to users holding one of `roles` (or to
  every signed-in user when `roles` is None), in `order`;
- **home panels** — `register_home_panel("desk.clerk", template=..., roles={...},
  build=clerk_panel, order=...)`: for a user holding one of `roles`, `build(user, today)`
  returns the panel's context (its template sees it as `panel`), or None to show nothing.

The home page shows the panels of every role the user holds (the union), in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

from .permissions import roles_of
from .registry import Registry

EVERYONE = None  # a menu entry for every signed-in user


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: Promise | str
    roles: frozenset[str] | None
    staff: bool = False  # also shown to Django staff users (the admin site)


@dataclass(frozen=True)
class HomePanel:
    template: str
    roles: frozenset[str]
    build: Callable[[Any, date], Mapping[str, Any] | None]


menu: Registry[NavEntry] = Registry("menu entry")
home_panels: Registry[HomePanel] = Registry("home panel")


def register_nav(
    name: str,
    *,
    url_name: str,
    label: Promise | str,
    roles: Iterable[str] | None,
    order: int,
    staff: bool = False,
) -> None:
    entry = NavEntry(url_name, label, None if roles is None else frozenset(roles), staff)
    menu.register(name, entry, order=order)


def register_home_panel(
    name: str,
    *,
    template: str,
    roles: Iterable[str],
    build: Callable[[Any, date], Mapping[str, Any] | None],
    order: int,
) -> None:
    home_panels.register(name, HomePanel(template, frozenset(roles), build), order=order)


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str
    active: bool


def nav_items(user, path: str = "") -> list[NavItem]:
    """The menu entries `user` may use, in order, with the current one marked.

    The current entry is the one whose address is the longest prefix of `path`, so on
    /talents/new/ "Register a talent" is marked, not "Talents" (/talents/) as well.
    """
    if user is None or not user.is_authenticated:
        return []
    roles = roles_of(user)
    allowed: list[tuple[str, str]] = []
    for entry in menu:
        if not (
            entry.roles is EVERYONE or roles.has(*entry.roles) or (entry.staff and user.is_staff)
        ):
            continue
        try:
            allowed.append((reverse(entry.url_name), str(entry.label)))
        except NoReverseMatch:
            continue
    current = max((url for url, _label in allowed if _is_under(path, url)), key=len, default=None)
    return [NavItem(url=url, label=label, active=url == current) for url, label in allowed]


def _is_under(path: str, url: str) -> bool:
    return path == url if url == "/" else path.startswith(url)


@dataclass(frozen=True)
class ShownPanel:
    template: str
    panel: Mapping[str, Any]


def panels_for(user, today: date) -> list[ShownPanel]:
    """The home panels of every role `user` holds, built for `today`, in order."""
    roles = roles_of(user)
    shown = []
    for entry in home_panels:
        if not roles.has(*entry.roles):
            continue
        context = entry.build(user, today)
        if context is not None:
            shown.append(ShownPanel(entry.template, context))
    return shown
