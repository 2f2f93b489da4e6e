"""The talents a department officer may see through the desk: those with cases routed to
their department, or of benefits their department pays or decides a step of. Registered as
a talent visibility provider in `DeskConfig.ready()`.

Window clerks get nothing more here: they see the talents they are serving today (the
`talents` provider), and their own cases through the desk's selectors.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from rencai.core.choices import Role
from rencai.core.permissions import Roles

from .models import Application, ApprovalStep


def department_cases(actor, roles: Roles) -> Q | None:
    departments = sorted(roles.organisation_ids(Role.DEPARTMENT_OFFICER))
    if not departments:
        return None
    decides = ApprovalStep.objects.filter(
        benefit_id=OuterRef("benefit_id"), organisation_id__in=departments
    )
    cases = Application.objects.filter(
        Q(department_id__in=departments)
        | Q(benefit__paying_department_id__in=departments)
        | Q(Exists(decides))
    ).values("talent_id")
    return Q(pk__in=cases)
