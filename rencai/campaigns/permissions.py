"""Who may plan, supervise, see and report on a campaign (ROLES.md): the task force plans and
supervises; the city administrator sees; each responsible unit's officers (a department's
officers, a county's officers) see the campaign and report on their own unit's indicators."""

from __future__ import annotations

from django.db.models import Q

from rencai.core.choices import Role
from rencai.core.permissions import roles_of

from .models import Unit


def can_supervise(actor) -> bool:
    return roles_of(actor).has(Role.TASK_FORCE)


def unit_q(actor) -> Q:
    """The units the actor answers for, as a Q on Unit."""
    roles = roles_of(actor)
    departments = sorted(roles.organisation_ids(Role.DEPARTMENT_OFFICER))
    counties = sorted(roles.division_ids(Role.COUNTY_OFFICER))
    if not departments and not counties:
        return Q(pk__in=[])
    return Q(organisation_id__in=departments) | Q(division_id__in=counties)


def can_see_campaigns(actor) -> bool:
    roles = roles_of(actor)
    return (
        roles.has(Role.TASK_FORCE, Role.CITY_ADMIN) or Unit.objects.filter(unit_q(actor)).exists()
    )


def can_report(actor, unit: Unit) -> bool:
    return Unit.objects.filter(unit_q(actor), pk=unit.pk).exists()


def answers_for_visit(actor, visit) -> bool:
    """An officer of the visited department or county."""
    roles = roles_of(actor)
    if visit.organisation_id:
        return visit.organisation_id in roles.organisation_ids(Role.DEPARTMENT_OFFICER)
    return visit.division_id in roles.division_ids(Role.COUNTY_OFFICER)


def may_add_action(actor, campaign, *, division=None, organisation=None) -> bool:
    """The task force for anyone; a county's officers for their county, a department's for
    their department — when it already answers for the campaign."""
    if can_supervise(actor):
        return True
    roles = roles_of(actor)
    units = Unit.objects.filter(action__campaign=campaign)
    if division is not None:
        return (
            division.pk in roles.division_ids(Role.COUNTY_OFFICER)
            and units.filter(division=division).exists()
        )
    return (
        organisation.pk in roles.organisation_ids(Role.DEPARTMENT_OFFICER)
        and units.filter(organisation=organisation).exists()
    )
