"""Who reads the dashboard's pages (ROLES.md: "counts come only from the talents the actor may
see"): the task force and the city administrator city-wide, county officers for their county,
department officers (the dashboard, not retention) over their department's records."""

from __future__ import annotations

from rencai.core.choices import Role
from rencai.core.permissions import roles_of

READERS = frozenset(
    {Role.TASK_FORCE, Role.CITY_ADMIN, Role.COUNTY_OFFICER, Role.DEPARTMENT_OFFICER}
)


def can_view_dashboard(actor) -> bool:
    return roles_of(actor).has(*READERS)


RETENTION_READERS = (Role.TASK_FORCE, Role.CITY_ADMIN, Role.COUNTY_OFFICER)


def can_see_retention(actor) -> bool:
    """The task force and the city administrator (the city), county officers (their county)."""
    return roles_of(actor).has(*RETENTION_READERS)
