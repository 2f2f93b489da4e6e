"""The talents an actor may see through events. Registered as a talent visibility provider in
`EventsConfig.ready()`.

- An organising department's officers: the talents registered for its events (ROLES.md: the
  youth league and the human-resources bureau see the events they organise and their
  registrations). County officers already see their county's talents.
"""

from __future__ import annotations

from django.db.models import Q

from rencai.core.choices import Role
from rencai.core.permissions import Roles

from .models import Registration


def event_talents(actor, roles: Roles) -> Q | None:
    departments = roles.organisation_ids(Role.DEPARTMENT_OFFICER)
    if not departments:
        return None
    return Q(
        pk__in=Registration.objects.filter(event__organiser_id__in=sorted(departments)).values(
            "talent_id"
        )
    )
