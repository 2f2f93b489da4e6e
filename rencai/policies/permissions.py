"""Named predicates: who may read and edit the policy catalogue, and record entitlements.

- The catalogue (policies, benefits, their rules) is managed by the task force and city
  administrators; a department officer manages the benefits their department owns (edits and
  publishes them, creates new ones for it). Other staff roles read it; the handbook is public.
- Entitlements are recorded and moved through their states by the task force, the county
  officer of the talent's county, and officers of the benefit's owning department — always
  for a talent the actor can see (`Talent.objects.for_actor`).

`actor=None` is a system job (the demo loader, scheduled outreach): it may do everything.
"""

from __future__ import annotations

from django.db.models import Q

from rencai.core.choices import Role
from rencai.core.permissions import roles_of

from .models import Benefit, Policy

CATALOGUE_MANAGERS = (Role.TASK_FORCE, Role.CITY_ADMIN)
CATALOGUE_READERS = (
    Role.CITY_ADMIN,
    Role.TASK_FORCE,
    Role.COUNTY_OFFICER,
    Role.DEPARTMENT_OFFICER,
    Role.WINDOW_CLERK,
)
ENTITLEMENT_RECORDERS = (Role.TASK_FORCE, Role.COUNTY_OFFICER, Role.DEPARTMENT_OFFICER)


def _is_system(actor) -> bool:
    return actor is None


def can_read_catalogue(actor) -> bool:
    """Officers read the whole catalogue, drafts included (it holds no personal data)."""
    return _is_system(actor) or roles_of(actor).has(*CATALOGUE_READERS)


def can_manage_catalogue(actor) -> bool:
    """Create and edit policies; create, edit and publish any benefit."""
    return _is_system(actor) or roles_of(actor).has(*CATALOGUE_MANAGERS)


def _officer_of(actor, organisation_id: int | None) -> bool:
    return organisation_id in roles_of(actor).organisation_ids(Role.DEPARTMENT_OFFICER)


def can_edit_policy(actor, policy: Policy | None = None) -> bool:
    return can_manage_catalogue(actor)


def can_create_benefit(actor, owning_department_id: int | None = None) -> bool:
    """Managers create any benefit; a department officer one their department owns."""
    if can_manage_catalogue(actor):
        return True
    if owning_department_id is None:
        return bool(roles_of(actor).organisation_ids(Role.DEPARTMENT_OFFICER))
    return _officer_of(actor, owning_department_id)


def can_edit_benefit(actor, benefit: Benefit) -> bool:
    """Edit the benefit, its draft rule and amount, and publish it."""
    return can_manage_catalogue(actor) or _officer_of(actor, benefit.owning_department_id)


def can_publish_benefit(actor, benefit: Benefit) -> bool:
    return can_edit_benefit(actor, benefit)


# Counts over the registry: the roles that browse talents (ROLES.md). A window clerk sees a
# talent only while serving them and does not browse, so gets no counts.
COUNTERS = (
    Role.CITY_ADMIN,
    Role.TASK_FORCE,
    Role.COUNTY_OFFICER,
    Role.DEPARTMENT_OFFICER,
)


def can_count_rule(actor) -> bool:
    """Counting how many talents a rule selects: counts only, over the talents the actor
    sees (`simulation.registry_for`)."""
    return _is_system(actor) or roles_of(actor).has(*COUNTERS)


def can_record_entitlement(actor, talent, benefit: Benefit) -> bool:
    """For a talent the actor already sees: may they record this benefit for them?"""
    if _is_system(actor):
        return True
    roles = roles_of(actor)
    if roles.has(Role.TASK_FORCE):
        return True
    if talent.county_id in roles.division_ids(Role.COUNTY_OFFICER):
        return True
    return _officer_of(actor, benefit.owning_department_id)


def can_change_entitlement(actor, entitlement) -> bool:
    return can_record_entitlement(actor, entitlement.talent, entitlement.benefit)


def can_import_entitlements(actor) -> bool:
    return _is_system(actor) or roles_of(actor).has(*ENTITLEMENT_RECORDERS)


def can_list_entitlements(actor) -> bool:
    return roles_of(actor).has(
        Role.TASK_FORCE, Role.CITY_ADMIN, Role.COUNTY_OFFICER, Role.DEPARTMENT_OFFICER
    )


# --- outreach, simulation, the policy pack ---------------------------------------------------

OUTREACH_VIEWERS = (
    Role.TASK_FORCE,
    Role.CITY_ADMIN,
    Role.DEPARTMENT_OFFICER,
    Role.COUNTY_OFFICER,
)


def can_view_outreach(actor) -> bool:
    """The record of outreach runs: counts only, no one's data."""
    return _is_system(actor) or roles_of(actor).has(*OUTREACH_VIEWERS)


def can_run_outreach(actor, benefit: Benefit | None = None, county=None) -> bool:
    """Managers run outreach for one benefit or all; a department officer for one of theirs;
    a county officer for one benefit or all, over their county's talents (`county`)."""
    if can_manage_catalogue(actor):
        return True
    if county is not None and county.pk in roles_of(actor).division_ids(Role.COUNTY_OFFICER):
        return True
    return benefit is not None and _officer_of(actor, benefit.owning_department_id)


def outreach_runs_q(actor) -> Q:
    """The outreach runs whose figures the actor sees (counts of talents they may count):
    managers every run; a department officer the runs of their department's benefits; a
    county officer the runs over their county."""
    roles = roles_of(actor)
    if _is_system(actor) or roles.has(*CATALOGUE_MANAGERS):
        return Q()
    grants = [Q(pk__in=[])]
    if departments := roles.organisation_ids(Role.DEPARTMENT_OFFICER):
        grants.append(Q(benefit__owning_department_id__in=sorted(departments)))
    if counties := roles.division_ids(Role.COUNTY_OFFICER):
        grants.append(Q(county_id__in=sorted(counties)))
    combined = grants[0]
    for grant in grants[1:]:
        combined |= grant
    return combined


def outreach_counties(actor) -> set[int]:
    """The counties whose runs alone a county officer sees (empty: the actor sees every run,
    or none)."""
    roles = roles_of(actor)
    if roles.has(*CATALOGUE_MANAGERS, Role.DEPARTMENT_OFFICER):
        return set()
    return roles.division_ids(Role.COUNTY_OFFICER)


def can_simulate(actor, benefit: Benefit) -> bool:
    """A draft's effect on the talents the actor sees: counts by county and tier, no one's
    data."""
    return can_count_rule(actor)
