"""Who may see and do what with tech projects and match proposals.

- The science bureau (department officers of the organisation coded `science`) sees every
  project and proposal city-wide, ranks candidates, proposes matches and posts projects for
  enterprises and institutes. The task force and the city administrator see everything and may
  look at the ranking, but do not propose.
- An enterprise contact sees its organisation's projects and the proposals on them (the
  talents' names and what they chose to share, never identity numbers), posts projects for it,
  answers proposals for it and records their outcomes.
- A talent sees their own proposals (and those proposals' projects) and answers them.
"""

from __future__ import annotations

from django.db.models import Q

from rencai.core.choices import Role
from rencai.core.models import Organisation
from rencai.core.permissions import roles_of

from .choices import Side

SCIENCE = "science"
NOTHING = Q(pk__in=[])


def science_ids(actor) -> set[int]:
    """The science bureau offices the actor works in (derived once per request: a dashboard
    asks once per figure)."""
    roles = roles_of(actor)
    return set(roles.derived("projects.science_ids", lambda: _science_ids(roles)))


def _science_ids(roles) -> frozenset[int]:
    ids = roles.organisation_ids(Role.DEPARTMENT_OFFICER)
    if not ids:
        return frozenset()
    found = Organisation.objects.filter(pk__in=ids, code=SCIENCE).values_list("pk", flat=True)
    return frozenset(found)


def is_science_bureau(actor) -> bool:
    return bool(science_ids(actor))


def enterprise_ids(actor) -> set[int]:
    return roles_of(actor).organisation_ids(Role.ENTERPRISE_CONTACT)


def sees_city_wide(actor) -> bool:
    return roles_of(actor).is_city_wide or is_science_bureau(actor)


def project_scope_q(actor) -> Q:
    """The projects `actor` may see, as a Q on TechProject."""
    roles = roles_of(actor)
    if not roles.scopes:
        return NOTHING
    if sees_city_wide(actor):
        return Q()
    q = NOTHING
    if roles.has(Role.ENTERPRISE_CONTACT):
        q |= Q(organisation_id__in=enterprise_ids(actor))
    if roles.has(Role.TALENT):
        q |= Q(proposals__talent__user_id=actor.pk)
    return q


def proposal_scope_q(actor) -> Q:
    """The proposals `actor` may see, as a Q on Proposal."""
    roles = roles_of(actor)
    if not roles.scopes:
        return NOTHING
    if sees_city_wide(actor):
        return Q()
    q = NOTHING
    if roles.has(Role.ENTERPRISE_CONTACT):
        q |= Q(project__organisation_id__in=enterprise_ids(actor))
    if roles.has(Role.TALENT):
        q |= Q(talent__user_id=actor.pk)
    return q


def can_see_projects(actor) -> bool:
    return sees_city_wide(actor) or roles_of(actor).has(Role.ENTERPRISE_CONTACT)


def can_post_project(actor, organisation=None) -> bool:
    """The science bureau for any enterprise or institute; a contact for their own."""
    if is_science_bureau(actor):
        return True
    mine = enterprise_ids(actor)
    return bool(mine) and (organisation is None or organisation.pk in mine)


def can_manage_project(actor, project) -> bool:
    return is_science_bureau(actor) or project.organisation_id in enterprise_ids(actor)


def can_rank(actor) -> bool:
    return sees_city_wide(actor)


def can_propose(actor) -> bool:
    return is_science_bureau(actor)


def answer_side(actor, proposal) -> Side | None:
    """Which side `actor` answers a proposal for, if any."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    if proposal.talent.user_id is not None and proposal.talent.user_id == actor.pk:
        return Side.TALENT
    if proposal.project.organisation_id in enterprise_ids(actor):
        return Side.ENTERPRISE
    return None


def can_record_outcome(actor, proposal) -> bool:
    return is_science_bureau(actor) or proposal.project.organisation_id in enterprise_ids(actor)


def can_withdraw(actor, proposal) -> bool:
    return is_science_bureau(actor)
