"""The talents an actor may see through the medical channel. Registered as a talent
visibility provider in `MedicalConfig.ready()`.

- The health bureau's officers: every talent with an appointment or a health record
  (ROLES.md: the health commission sees the channel city-wide).

A liaison gets no talent record from here: ROLES.md gives them their hospital's talents by
*name* only, which the appointment and record lists show. The talent page opens to a liaison
only for the day they found the talent by exact identifiers (`talents`' one find service), and
the services let a liaison serve a talent their hospital already serves
(`selectors.talent_served_q`).
"""

from __future__ import annotations

from django.db.models import Q

from rencai.core.choices import Role
from rencai.core.permissions import Roles

from . import permissions
from .models import Appointment, HealthRecord


def medical_talents(actor, roles: Roles) -> Q | None:
    if not (roles.has(Role.DEPARTMENT_OFFICER) and permissions.health_department_ids(actor)):
        return None
    return Q(pk__in=Appointment.objects.values("talent_id")) | Q(
        pk__in=HealthRecord.objects.values("talent_id")
    )
