"""The menu and the home page, filled by the apps: each adds its entries and its panels.

An app registers, from its `AppConfig.ready()`:

- **menu entries** — `register_nav("desk.queue", url_name="desk:queue", label=_("Queue"),
  roles={Role.DEPARTMENT_OFFICER}, order=410)`: shown to users holding one of `roles` (or to
  every signed-in user when `roles` is None), in `order`;
- **home panels** — `register_home_panel("desk.clerk", template=..., roles={...},
  build=clerk_panel, order=...)`: for a user holding one of `roles`, `build(user, today)`
  returns the panel's context (its template sees it as `panel`), or None to show nothing.

- **tabs** — `register_tab("desk.apply", url_name="desk:my-apply", label=_("Can apply"),
  roles={Role.TALENT}, order=20)`: the bottom bar a phone shows instead of the menu (the talent's
  首页 · 可申报 · 办件进度 · 消息 · 我的); a user with no tab keeps the menu, in one scrolling row.

A menu entry or a tab may carry a `badge(user) -> int` (the unread messages' count).

The home page shows the panels of every role the user holds (the union), in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import get_language

from .permissions import roles_of
from .registry import Registry

EVERYONE = None  # a menu entry for every signed-in user


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: Promise | str
    roles: frozenset[str] | None
    staff: bool = False  # also shown to Django staff users (the admin site)
    badge: Callable[[Any], int] | None = None


@dataclass(frozen=True)
class HomePanel:
    template: str
    roles: frozenset[str]
    build: Callable[[Any, date], Mapping[str, Any] | None]


menu: Registry[NavEntry] = Registry("menu entry")
tabs: Registry[NavEntry] = Registry("tab")
home_panels: Registry[HomePanel] = Registry("home panel")


def register_nav(
    name: str,
    *,
    url_name: str,
    label: Promise | str,
    roles: Iterable[str] | None,
    order: int,
    staff: bool = False,
    badge: Callable[[Any], int] | None = None,
) -> None:
    entry = NavEntry(url_name, label, None if roles is None else frozenset(roles), staff, badge)
    menu.register(name, entry, order=order)


def register_tab(
    name: str,
    *,
    url_name: str,
    label: Promise | str,
    roles: Iterable[str],
    order: int,
    badge: Callable[[Any], int] | None = None,
) -> None:
    """A tab of the phone's bottom bar, for users holding one of `roles`."""
    tabs.register(name, NavEntry(url_name, label, frozenset(roles), False, badge), order=order)


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
    badge: int = 0


def nav_items(user, path: str = "", *, registry: Registry[NavEntry] | None = None) -> list[NavItem]:
    """The menu entries (or, with `registry=tabs`, the tabs) `user` may use, in order, with the
    current one marked.

    The current entry is the one whose address is the longest prefix of `path`, so on
    /talents/new/ "Register a talent" is marked, not "Talents" (/talents/) as well.
    """
    if user is None or not user.is_authenticated:
        return []
    allowed = _allowed(
        menu if registry is None else registry,
        roles_of(user).codes,
        bool(user.is_staff),
    )
    current = max(
        (url for url, _label, _badge in allowed if _is_under(path, url)), key=len, default=None
    )
    return [
        NavItem(
            url=url,
            label=label,
            active=url == current,
            badge=badge(user) if badge is not None else 0,
        )
        for url, label, badge in allowed
    ]


# The entries a set of roles sees are the same for every user holding them: built once per
# process for each (registry, roles, staff, language, URL configuration) and kept — a few
# dozen combinations at most. Only the current entry and the badges are a request's own.
_built: dict[tuple, tuple[tuple[str, str, Callable[[Any], int] | None], ...]] = {}


def _allowed(
    registry: Registry[NavEntry], codes: frozenset[str], staff: bool
) -> tuple[tuple[str, str, Callable[[Any], int] | None], ...]:
    """(url, label, badge) of each entry holders of `codes` may use, in order."""
    key = (
        id(registry),
        registry.version,
        codes,
        staff,
        get_language(),
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,
    )
    built = _built.get(key)
    if built is None:
        rows = []
        for entry in registry:
            if not (
                entry.roles is EVERYONE
                or entry.roles.intersection(codes)
                or (entry.staff and staff)
            ):
                continue
            try:
                rows.append((reverse(entry.url_name), str(entry.label), entry.badge))
            except NoReverseMatch:
                continue
        built = _built[key] = tuple(rows)
    return built


def clear_nav_cache(**kwargs: Any) -> None:
    """Forget the menus built so far (the URL configuration or the languages changed)."""
    _built.clear()


setting_changed.connect(clear_nav_cache)


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
