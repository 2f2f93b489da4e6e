"""Who holds which role where. Apps build their named predicates on these helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .choices import CITY_ROLES, Role
from .models import RoleAssignment, User


@dataclass(frozen=True)
class Scope:
    """A role held within a division or organisation (ids), or city-wide / for oneself."""

    role: str
    division_id: int | None
    organisation_id: int | None
    # The organisation's kind, read with the assignment (one join), so a page that needs to
    # know whether the clerk's organisation is a service point asks no second query.
    organisation_kind: str | None = None


class Roles:
    """The role assignments of one user, loaded once per request."""

    def __init__(self, user: User | None):
        self.user = user
        self._derived: dict[str, Any] = {}

    def derived(self, key: str, compute: Callable[[], Any]) -> Any:
        """What an app derives from these roles (an office's counties, a bureau's ids), computed
        once and kept with them: the roles live for the request, so a dashboard asking once per
        figure queries once. Return values are shared: callers must not change them."""
        if key not in self._derived:
            self._derived[key] = compute()
        return self._derived[key]

    @cached_property
    def scopes(self) -> tuple[Scope, ...]:
        if self.user is None or not self.user.is_authenticated or not self.user.is_active:
            return ()
        rows = RoleAssignment.objects.filter(user=self.user).values_list(
            "role", "division_id", "organisation_id", "organisation__kind"
        )
        return tuple(Scope(*row) for row in rows)

    @cached_property
    def codes(self) -> frozenset[str]:
        return frozenset(s.role for s in self.scopes)

    def has(self, *roles: str) -> bool:
        return bool(self.codes.intersection(roles))

    @property
    def is_city_wide(self) -> bool:
        return self.has(*CITY_ROLES)

    def division_ids(self, role: str) -> set[int]:
        return {s.division_id for s in self.scopes if s.role == role and s.division_id}

    def organisation_ids(self, role: str) -> set[int]:
        return {s.organisation_id for s in self.scopes if s.role == role and s.organisation_id}

    def organisation_kind(self, organisation_id: int) -> str | None:
        """The kind of one of the user's organisations (None if they hold no role there)."""
        return next(
            (s.organisation_kind for s in self.scopes if s.organisation_id == organisation_id),
            None,
        )


def roles_of(user) -> Roles:
    """The user's roles, cached on the user object for the rest of the request."""
    if user is None:
        return Roles(None)
    cached = getattr(user, "_rencai_roles", None)
    if cached is None:
        cached = Roles(user)
        user._rencai_roles = cached
    return cached


def is_city_admin(user) -> bool:
    return roles_of(user).has(Role.CITY_ADMIN)


def can_browse_audit_log(user) -> bool:
    return roles_of(user).has(Role.CITY_ADMIN, Role.TASK_FORCE)


def city_reader() -> User:
    """A principal that reads what the task force reads, for scheduled work with no signed-in
    user (a campaign's reminders, bulletins and assessments count figures city-wide). It is
    never saved and holds no assignment rows; use it only to read — writes name their actor
    (None for the system) explicitly."""
    reader = User(username="system:city-reader", is_active=True)
    roles = Roles(reader)
    roles.__dict__["scopes"] = (Scope(Role.TASK_FORCE, None, None),)
    reader._rencai_roles = roles  # type: ignore[attr-defined]
    return reader


def can_see_codes(user) -> bool:
    """The "advanced" view: internal codes (benefit and group codes, audit action codes) are
    shown beside the words to city administrators only."""
    return roles_of(user).has(Role.CITY_ADMIN)
