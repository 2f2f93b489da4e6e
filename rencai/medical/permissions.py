"""Named predicates of the medical channel (ROLES.md).

- A hospital liaison publishes their hospital's slots, runs its visits and opens its health
  records; they see its appointments and records, and those talents by name only.
- Officers of the health bureau (department `health`) see the whole channel, read-only; the
  task force sees it too; county officers see their county's talents' visits.
- A talent books, cancels and reschedules for themself and their family; a window clerk
  serving a talent, or a liaison who found them, books for them.

`actor=None` is a system job (the demo loader, the reminder schedule): it may do everything.
"""

from __future__ import annotations

from rencai.core.choices import Role
from rencai.core.models import Organisation
from rencai.core.permissions import roles_of

HEALTH_CODE = "health"


def liaison_hospital_org_ids(actor) -> set[int]:
    return roles_of(actor).organisation_ids(Role.HOSPITAL_LIAISON)


def health_department_ids(actor) -> set[int]:
    """The health bureaus (code `health`) the actor is an officer of; asked once per request
    (kept on the user's loaded roles)."""
    roles = roles_of(actor)
    departments = roles.organisation_ids(Role.DEPARTMENT_OFFICER)
    if not departments:
        return set()
    cached = getattr(roles, "_medical_health_ids", None)
    if cached is None:
        cached = set(
            Organisation.objects.filter(pk__in=sorted(departments), code=HEALTH_CODE).values_list(
                "pk", flat=True
            )
        )
        roles._medical_health_ids = cached
    return cached


def sees_whole_channel(actor) -> bool:
    """The health bureau's officers and the task force (the city administrator manages
    configuration, not people's records: ROLES.md)."""
    if actor is None:
        return True
    return roles_of(actor).has(Role.TASK_FORCE) or bool(health_department_ids(actor))


def is_liaison_of(actor, hospital) -> bool:
    return actor is not None and hospital.organisation_id in liaison_hospital_org_ids(actor)


def can_manage_hospital(actor, hospital) -> bool:
    """Publish slots and set the cancellation cut-off."""
    return actor is None or is_liaison_of(actor, hospital)


def can_run_visit(actor, appointment) -> bool:
    """Check in, accompany, complete, record a no-show: the hospital's liaison."""
    return actor is None or is_liaison_of(actor, appointment.hospital)


def is_talent_self(actor, talent) -> bool:
    return actor is not None and talent.user_id is not None and talent.user_id == actor.pk


def can_book_for(actor, talent, hospital) -> bool:
    """The talent themself; a clerk serving them; the hospital's liaison who found them.

    The caller has already checked that the actor sees the talent at all."""
    if actor is None or is_talent_self(actor, talent):
        return True
    roles = roles_of(actor)
    return roles.has(Role.WINDOW_CLERK) or is_liaison_of(actor, hospital)


def may_book_for_others(actor) -> bool:
    """Staff who book for a talent they serve: window clerks and liaisons."""
    return actor is not None and roles_of(actor).has(Role.WINDOW_CLERK, Role.HOSPITAL_LIAISON)


def can_change_booking(actor, appointment) -> bool:
    """Cancel or reschedule: the talent, the hospital's liaison, or who booked it."""
    if actor is None or is_talent_self(actor, appointment.talent):
        return True
    if is_liaison_of(actor, appointment.hospital):
        return True
    return appointment.booked_by_id is not None and appointment.booked_by_id == actor.pk


def can_open_health_record(actor, hospital) -> bool:
    return actor is None or is_liaison_of(actor, hospital)


def can_find_talent(actor) -> bool:
    return bool(liaison_hospital_org_ids(actor))


def can_see_channel_lists(actor) -> bool:
    """The channel's lists and their exports: liaisons (their hospital), the health bureau
    and the task force (all), county officers (their county's talents)."""
    return (
        bool(liaison_hospital_org_ids(actor))
        or sees_whole_channel(actor)
        or roles_of(actor).has(Role.COUNTY_OFFICER)
    )
