"""The talents an education officer may see through schooling: those whose children's cases
are routed to their office. Registered in `SchoolingConfig.ready()`.

School contacts get no talent here: they see the cases assigned to their school, with the
child's and talent's names only (ROLES.md).
"""

from __future__ import annotations

from django.db.models import Q

from rencai.core.choices import Role
from rencai.core.permissions import Roles

from .models import EnrolmentCase


def education_cases(actor, roles: Roles) -> Q | None:
    offices = sorted(roles.organisation_ids(Role.DEPARTMENT_OFFICER))
    if not offices:
        return None
    cases = EnrolmentCase.objects.filter(education_office_id__in=offices).values("talent_id")
    return Q(pk__in=cases)
