"""The talents an actor may see through the medical channel. Registered as a talent
visibility provider in `MedicalConfig.ready()`.

- A liaison: talents with an appointment or a health record at their hospital, and those
  they found by exact identifiers today are opened by `talents` (the one find service).
- The health bureau's officers: every talent with an appointment or a health record.
"""

from __future__ import annotations

from django.db.models import Q

from rencai.core.choices import Role
from rencai.core.permissions import Roles

from . import permissions
from .models import Appointment, HealthRecord


def liaison_talents_q(hospital_org_ids) -> Q:
    ids = sorted(hospital_org_ids)
    appointments = Appointment.objects.filter(hospital__organisation_id__in=ids)
    records = HealthRecord.objects.filter(hospital__organisation_id__in=ids)
    return Q(pk__in=appointments.values("talent_id")) | Q(pk__in=records.values("talent_id"))


def medical_talents(actor, roles: Roles) -> Q | None:
    grants = []
    hospitals = roles.organisation_ids(Role.HOSPITAL_LIAISON)
    if hospitals:
        grants.append(liaison_talents_q(hospitals))
    if roles.has(Role.DEPARTMENT_OFFICER) and permissions.health_department_ids(actor):
        grants.append(
            Q(pk__in=Appointment.objects.values("talent_id"))
            | Q(pk__in=HealthRecord.objects.values("talent_id"))
        )
    if not grants:
        return None
    combined = grants[0]
    for q in grants[1:]:
        combined |= q
    return combined
