"""The talents engagement opens (ROLES.md), registered in `EngagementConfig.ready()`:

- a contact leader sees only their paired talents (any year's pairing);
- a department officer sees the talents of the requests assigned to their organisation.
"""

from __future__ import annotations

from django.db.models import Q

from rencai.core.choices import Role
from rencai.core.permissions import Roles

from .models import ContactPairing, TalentRequest


def paired_talents(actor, roles: Roles) -> Q | None:
    if not roles.has(Role.CONTACT_LEADER):
        return None
    return Q(pk__in=ContactPairing.objects.filter(leader_id=actor.pk).values("talent_id"))


def request_talents(actor, roles: Roles) -> Q | None:
    departments = sorted(roles.organisation_ids(Role.DEPARTMENT_OFFICER))
    if not departments:
        return None
    requests = TalentRequest.objects.filter(department_id__in=departments).values("talent_id")
    return Q(pk__in=requests)
