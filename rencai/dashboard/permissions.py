"""Who may see what on the dashboard's pages (ROLES.md): counts only over visible talents."""

from __future__ import annotations

from rencai.core.choices import Role
from rencai.core.permissions import roles_of

RETENTION_READERS = (Role.TASK_FORCE, Role.CITY_ADMIN, Role.COUNTY_OFFICER)


def can_see_retention(actor) -> bool:
    """The task force and the city administrator (the city), county officers (their county)."""
    return roles_of(actor).has(*RETENTION_READERS)
