"""Named predicates of events (ROLES.md).

- Organisers: the officers of the organising department (the youth league, the
  human-resources bureau…) and, for events in their county, the county's officers. They
  create, publish and cancel events, register people (import, walk-ins), check them in and
  close a mixer's picks round. The task force sees and may run every event.
- Talents see published events (with whether their audience admits them, and why not),
  register themselves, pick at a mixer they attended and see their own matches.
- Nobody but the chooser ever sees a pick: organisers and staff see counts only.

`actor=None` is a system job (the demo loader, the offer schedule): it may do everything.
"""

from __future__ import annotations

from rencai.core.choices import Role
from rencai.core.permissions import roles_of

ORGANISER_ROLES = (Role.TASK_FORCE, Role.COUNTY_OFFICER, Role.DEPARTMENT_OFFICER)


def department_ids(actor) -> set[int]:
    return roles_of(actor).organisation_ids(Role.DEPARTMENT_OFFICER)


def county_ids(actor) -> set[int]:
    return roles_of(actor).division_ids(Role.COUNTY_OFFICER)


def sees_every_event(actor) -> bool:
    return actor is None or roles_of(actor).has(Role.TASK_FORCE)


def is_organiser_role(actor) -> bool:
    """Who may organise events somewhere (and so sees the organisers' pages)."""
    return actor is None or roles_of(actor).has(*ORGANISER_ROLES)


def is_talent(actor) -> bool:
    return actor is not None and roles_of(actor).has(Role.TALENT)


def organises(actor, event) -> bool:
    """The event's organisers: its department's officers, its county's officers (for an
    event of a county), the task force."""
    if sees_every_event(actor):
        return True
    if event.organiser_id is not None and event.organiser_id in department_ids(actor):
        return True
    return event.division_id in county_ids(actor)


def can_create_event(actor, *, organiser, division) -> bool:
    """Department officers for their department; county officers for their county."""
    if sees_every_event(actor):
        return True
    if organiser is not None and organiser.pk in department_ids(actor):
        return True
    return (
        division is not None
        and division.pk in county_ids(actor)
        and (organiser is None or organiser.division_id == division.pk)
    )


def can_manage_event(actor, event) -> bool:
    """Edit, publish, cancel, close the picks round, register and check in people."""
    return organises(actor, event)


def is_talent_self(actor, talent) -> bool:
    return actor is not None and talent.user_id is not None and talent.user_id == actor.pk


def can_register_self(actor, talent) -> bool:
    return actor is None or is_talent_self(actor, talent)


def can_change_registration(actor, registration) -> bool:
    """Cancel, accept an offer: the talent, or the event's organisers."""
    return is_talent_self(actor, registration.talent) or organises(actor, registration.event)


def can_pick(actor, registration) -> bool:
    """Only the participant themself picks (and the system, for the demo)."""
    return actor is None or is_talent_self(actor, registration.talent)
