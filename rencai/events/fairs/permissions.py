"""Named predicates of job fairs (ROLES.md).

- The fair's organiser — an officer of the department that organises the event (the
  human-resources bureau, `hrss`) — manages its enterprises and positions, sees every intent on
  them, and records a walk-in seeker's confirmation at the desk.
- An enterprise contact acts for one organisation: posts and edits its positions, sees the
  intents on them with the seekers' names only, proposes and confirms for the enterprise.
- A talent browses the positions of the fairs they may see, proposes and confirms for themself.
- The task force sees every fair, read-only.

`actor=None` is a system job (the demo loader): it may do everything.
"""

from __future__ import annotations

from rencai.core.choices import Role
from rencai.core.permissions import roles_of

from .choices import Side


def organiser_ids(actor) -> set[int]:
    """The organisations (departments) whose fairs the actor organises."""
    return roles_of(actor).organisation_ids(Role.DEPARTMENT_OFFICER)


def contact_organisation_ids(actor) -> set[int]:
    """The enterprises or institutes the actor acts for."""
    return roles_of(actor).organisation_ids(Role.ENTERPRISE_CONTACT)


def sees_every_fair(actor) -> bool:
    return actor is None or roles_of(actor).has(Role.TASK_FORCE)


def is_organiser(actor, fair) -> bool:
    return actor is None or fair.organiser_id in organiser_ids(actor)


def is_contact_of(actor, organisation_id: int) -> bool:
    return actor is not None and organisation_id in contact_organisation_ids(actor)


def is_talent_self(actor, talent) -> bool:
    return actor is not None and talent.user_id is not None and talent.user_id == actor.pk


def can_manage_fair(actor, fair) -> bool:
    """Add enterprises, import positions: the organiser."""
    return is_organiser(actor, fair)


def can_edit_position(actor, participant) -> bool:
    """Post or edit a position of this enterprise at this fair: the organiser or the
    enterprise's contact."""
    return is_organiser(actor, participant.fair) or is_contact_of(
        actor, participant.organisation_id
    )


def can_act_for_side(actor, side: str, *, position, talent) -> bool:
    """Propose, confirm or decline an intent for one side."""
    if actor is None:
        return True
    if side == Side.SEEKER:
        return is_talent_self(actor, talent)
    return is_contact_of(actor, position.participant.organisation_id) or is_organiser(
        actor, position.participant.fair
    )


def can_confirm_at_desk(actor, fair) -> bool:
    """Record a walk-in seeker's confirmation: the fair's organiser."""
    return is_organiser(actor, fair)


def is_fair_staff(actor) -> bool:
    """Users who see fairs' lists and exports beyond their own intents."""
    roles = roles_of(actor)
    return roles.has(Role.TASK_FORCE, Role.DEPARTMENT_OFFICER, Role.ENTERPRISE_CONTACT)
