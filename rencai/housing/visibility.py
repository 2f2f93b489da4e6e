"""The talents a housing bureau officer may see: those with housing applications in the
counties the bureau manages. Registered as a talent visibility provider in
`HousingConfig.ready()`."""

from __future__ import annotations

from django.db.models import Q

from rencai.core.permissions import Roles

from . import permissions
from .models import HousingApplication


def housing_applicants(actor, roles: Roles) -> Q | None:
    if not roles.organisation_ids("department_officer"):
        return None
    counties = permissions.managed_counties(actor)
    if counties is not permissions.ALL and not counties:
        return None
    applications = HousingApplication.objects.filter(
        permissions.county_q(counties, "county")
    ).values("talent_id")
    return Q(pk__in=applications)
