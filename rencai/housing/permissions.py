"""Named predicates: who may see and do what in housing (ROLES.md).

- The housing bureau (`housing` department officers) manages apartments, rounds, offers and
  tenancies: the city bureau city-wide, a county bureau in its county.
- County officers read their county's applications and tenancies; the task force reads
  everything (the city administrator manages configuration, not people's housing: ROLES.md).
- A talent applies for themself, answers their own offers and sees their own records.

`actor=None` is a system job (expiring offers): it may do everything.
"""

from __future__ import annotations

from django.db.models import Q

from rencai.core.choices import DivisionLevel, Role
from rencai.core.models import Organisation
from rencai.core.permissions import roles_of

HOUSING_CODE = "housing"
ALL = None  # every county


def _system(actor) -> bool:
    return actor is None


def managed_counties(actor) -> set[int] | None:
    """The counties whose apartments the actor manages (None: every county)."""
    if _system(actor):
        return ALL
    roles = roles_of(actor)
    # Derived once per request, with the roles (and dropped when the roles change).
    return roles.derived("housing.counties", lambda: _bureau_counties(roles))


def _bureau_counties(roles) -> set[int] | None:
    orgs = roles.organisation_ids(Role.DEPARTMENT_OFFICER)
    if not orgs:
        return set()
    bureaus = Organisation.objects.filter(pk__in=sorted(orgs), code=HOUSING_CODE)
    counties: set[int] = set()
    for division_id, level in bureaus.values_list("division_id", "division__level"):
        if level == DivisionLevel.CITY:
            return ALL
        counties.add(division_id)
    return counties


def readable_counties(actor) -> set[int] | None:
    """The counties whose housing records the actor may read as an officer (None: all)."""
    roles = roles_of(actor)
    if _system(actor) or roles.has(Role.TASK_FORCE):
        return ALL
    managed = managed_counties(actor)
    if managed is ALL:
        return ALL
    return managed | roles.division_ids(Role.COUNTY_OFFICER)


def county_q(counties: set[int] | None, path: str) -> Q:
    if counties is ALL:
        return Q()
    return Q(**{f"{path}__in": sorted(counties)})


def is_housing_officer(actor) -> bool:
    managed = managed_counties(actor)
    return managed is ALL or bool(managed)


def can_manage_county(actor, county_id: int) -> bool:
    managed = managed_counties(actor)
    return managed is ALL or county_id in managed


def can_manage_unit(actor, unit) -> bool:
    return can_manage_county(actor, unit.building.county_id)


def can_manage_application(actor, application) -> bool:
    return can_manage_county(actor, application.county_id)


def can_read_housing(actor) -> bool:
    """May open the officers' housing pages (lists scoped further by county)."""
    roles = roles_of(actor)
    return roles.has(Role.TASK_FORCE, Role.COUNTY_OFFICER) or is_housing_officer(actor)


def is_own(actor, talent) -> bool:
    return (
        actor is not None
        and roles_of(actor).has(Role.TALENT)
        and talent.user_id is not None
        and talent.user_id == actor.pk
    )


def can_apply(actor, talent) -> bool:
    """A talent for themself, or a housing officer (at their office) for any talent they see."""
    return _system(actor) or is_own(actor, talent) or is_housing_officer(actor)


def can_answer_offer(actor, offer) -> bool:
    """The applicant answers; the bureau may record an answer given by phone or in person."""
    return (
        _system(actor)
        or is_own(actor, offer.application.talent)
        or can_manage_application(actor, offer.application)
    )


def can_record_move_in(actor, tenancy) -> bool:
    """The tenant ticks the checklist on the phone, or the bureau on site."""
    return is_own(actor, tenancy.talent) or can_manage_unit(actor, tenancy.unit)


def can_withdraw_application(actor, application) -> bool:
    return is_own(actor, application.talent) or can_manage_application(actor, application)


def can_export(actor) -> bool:
    return can_read_housing(actor)
