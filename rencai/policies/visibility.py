"""The talents a department officer may see through `policies`: holders of their benefits.

A department officer sees the talents who hold, or have applied for, a benefit their
department owns (any state): the department's own ledger. Registered as a talent visibility
provider in `PoliciesConfig.ready()`.
"""

from __future__ import annotations

from django.db.models import Q

from rencai.core.choices import Role
from rencai.core.permissions import Roles

from .models import Entitlement


def owning_department_officers(actor, roles: Roles) -> Q | None:
    departments = roles.organisation_ids(Role.DEPARTMENT_OFFICER)
    if not departments:
        return None
    holders = Entitlement.objects.filter(
        benefit__owning_department_id__in=sorted(departments)
    ).values("talent_id")
    return Q(pk__in=holders)
