"""The talents a department officer may see through `policies`: its entitlement ledger.

A department officer sees the talents who hold, or have applied for, a benefit their
department owns — recorded by an officer, imported, or applied for at the desk. A pending
entitlement that outreach recorded for a 免申即享 benefit opens no one: for an automatic
benefit that would be every eligible talent in the city (ROLES.md: entitlements are seen by
the owning department only where a case, booking, application or loan of that department
exists). Which of a visible talent's entitlements the officer sees is decided per entitlement
(`selectors.entitlement_scope_q`). Registered as a talent visibility provider in
`PoliciesConfig.ready()`.
"""

from __future__ import annotations

from django.db.models import Q

from rencai.core.choices import Role
from rencai.core.permissions import Roles

from .choices import EntitlementSource, EntitlementState
from .models import Entitlement


def owning_department_officers(actor, roles: Roles) -> Q | None:
    departments = roles.organisation_ids(Role.DEPARTMENT_OFFICER)
    if not departments:
        return None
    holders = (
        Entitlement.objects.filter(benefit__owning_department_id__in=sorted(departments))
        .exclude(source=EntitlementSource.OUTREACH, state=EntitlementState.PENDING)
        .values("talent_id")
    )
    return Q(pk__in=holders)
