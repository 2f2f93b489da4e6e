"""Who reads the dashboard (ROLES.md: "counts come only from the talents the actor may see"):
the task force and the city administrator city-wide, county officers for their county,
department officers over their department's records. Everyone else is refused."""

from __future__ import annotations

from rencai.core.choices import Role
from rencai.core.permissions import roles_of

READERS = frozenset(
    {Role.TASK_FORCE, Role.CITY_ADMIN, Role.COUNTY_OFFICER, Role.DEPARTMENT_OFFICER}
)


def can_view_dashboard(actor) -> bool:
    return roles_of(actor).has(*READERS)
