"""Named predicates: who may do what to a talent or a card (ROLES.md).

Visibility (may the actor see this talent at all?) is `Talent.objects.for_actor(actor)`;
these predicates answer the next question, for an object the actor can already see.
"""

from __future__ import annotations

from rencai.core.choices import Role
from rencai.core.models import Division
from rencai.core.permissions import roles_of

from .models import Talent
from .providers import clerk_serving_q
from .visibility import visible_as

REGISTRARS = (Role.COUNTY_OFFICER, Role.WINDOW_CLERK, Role.TASK_FORCE)
CARD_ISSUERS = (Role.COUNTY_OFFICER, Role.TASK_FORCE)


def _in_my_county(actor, county_id: int | None) -> bool:
    return county_id in roles_of(actor).division_ids(Role.COUNTY_OFFICER)


def can_register_talent(actor) -> bool:
    return roles_of(actor).has(*REGISTRARS)


def can_register_in_county(actor, county: Division) -> bool:
    """Clerks register anyone who walks in; county officers only in their county."""
    roles = roles_of(actor)
    if roles.has(Role.TASK_FORCE, Role.WINDOW_CLERK):
        return True
    return _in_my_county(actor, county.pk)


def can_browse_registry(actor) -> bool:
    """Lists and searches: not for clerks, who find by exact identifiers only."""
    return roles_of(actor).has(Role.COUNTY_OFFICER, Role.TASK_FORCE, Role.CITY_ADMIN)


def can_find_at_window(actor) -> bool:
    return roles_of(actor).has(Role.WINDOW_CLERK)


def can_import_talents(actor) -> bool:
    """County officers (into their county) and the task force import workbooks."""
    return roles_of(actor).has(Role.COUNTY_OFFICER, Role.TASK_FORCE)


def is_serving(actor, talent: Talent) -> bool:
    """A clerk has this talent at the counter: opened at their service point today."""
    serving = clerk_serving_q(actor, roles_of(actor))
    return serving is not None and Talent.objects.filter(serving, pk=talent.pk).exists()


def can_edit_talent(actor, talent: Talent) -> bool:
    """The task force, the talent's county office, and a clerk while serving them (to complete
    a walk-in's record — degree, dates — before starting a case)."""
    roles = roles_of(actor)
    if roles.has(Role.TASK_FORCE):
        return True
    return _in_my_county(actor, talent.county_id) or is_serving(actor, talent)


# Roles that reveal only for the talents of their own records (ROLES.md): a department
# officer for their cases, a bank officer for their loan applications, a clerk while serving.
REVEAL_FOR_OWN_RECORDS = (Role.DEPARTMENT_OFFICER, Role.BANK_OFFICER, Role.WINDOW_CLERK)


def can_reveal_identity(actor, talent: Talent) -> bool:
    """Who may see a full identity number and mobile, on an explicit audited reveal."""
    roles = roles_of(actor)
    if roles.has(Role.CITY_ADMIN, Role.TASK_FORCE):
        return True
    if _in_my_county(actor, talent.county_id):
        return True
    if roles.has(Role.TALENT) and talent.user_id == actor.pk:
        return True
    # Visible through these roles' own providers only: the department's cases, the bank's
    # applications, the clerk's window visits of today.
    mine = [role for role in REVEAL_FOR_OWN_RECORDS if roles.has(role)]
    return bool(mine) and Talent.objects.filter(visible_as(actor, *mine), pk=talent.pk).exists()


def can_export_full_numbers(actor) -> bool:
    return roles_of(actor).has(Role.COUNTY_OFFICER, Role.TASK_FORCE)


def can_see_birth_date(actor, talent: Talent) -> bool:
    """Roles that may not see full numbers see age instead of birth date (ROLES.md)."""
    return can_reveal_identity(actor, talent)


def can_manage_cards(actor, talent: Talent) -> bool:
    """Issue, renew or revoke a green card; record a Chucai card."""
    roles = roles_of(actor)
    if roles.has(Role.TASK_FORCE):
        return True
    return _in_my_county(actor, talent.county_id)


def can_record_moves(actor, talent: Talent) -> bool:
    """Departures, returns and transfers: the officers of the talent's county (ROLES.md: county
    officers register and edit their county's talents)."""
    return _in_my_county(actor, talent.county_id)
