"""The accompanied visit, run by the hospital's liaison: check in → accompany (the liaison
is named) → complete, or no-show. One frame for every step: lock, check, change, audit."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from rencai.core import audit, clock
from rencai.core.errors import Conflict, PermissionDenied

from .. import permissions, workflow
from ..choices import AppointmentStatus, SlotKind
from ..errors import IllegalTransition
from ..models import Appointment
from .booking import slot_start, tell_talent
from .records import add_checkup

AUDITED = ["status", "checked_in_at", "accompanied_by", "accompanied_at", "completed_at"]


def _step(appointment: Appointment, *, actor, action: str, change: Callable) -> Appointment:
    with transaction.atomic():
        locked = (
            Appointment.objects.select_for_update(of=("self",))
            .select_related("slot", "hospital__organisation", "talent")
            .get(pk=appointment.pk)
        )
        if not permissions.can_run_visit(actor, locked):
            raise PermissionDenied(_("Only the hospital's liaison runs its visits."))
        if not workflow.allowed(locked, action):
            raise IllegalTransition(
                _("A visit that is %(status)s cannot be changed this way.")
                % {"status": AppointmentStatus(locked.status).label}
            )
        before = audit.snapshot(locked, AUDITED)
        fields = change(locked)
        locked.save(update_fields=[*fields, "updated_at"])
        audit.record(
            actor,
            f"appointment.{action}",
            locked,
            changes=audit.diff(before, audit.snapshot(locked, AUDITED)),
        )
    return locked


def check_in(appointment: Appointment, *, actor) -> Appointment:
    """The talent has arrived at the hospital, on the day of the visit."""

    def change(a: Appointment) -> list[str]:
        if clock.today() != a.slot.date:
            raise Conflict(
                _("A visit is checked in on its day."), code=workflow.CHECK_IN + "_wrong_day"
            )
        a.status = AppointmentStatus.ARRIVED
        a.checked_in_at = clock.now()
        return ["status", "checked_in_at"]

    return _step(appointment, actor=actor, action=workflow.CHECK_IN, change=change)


def accompany(appointment: Appointment, *, actor, liaison=None) -> Appointment:
    """The liaison (the actor unless another liaison of the hospital is named) goes along."""
    liaison = liaison or actor

    def change(a: Appointment) -> list[str]:
        if liaison is None or not permissions.is_liaison_of(liaison, a.hospital):
            raise PermissionDenied(_("Name a liaison of this hospital."))
        a.accompanied_by = liaison
        a.accompanied_at = clock.now()
        return ["accompanied_by", "accompanied_at"]

    return _step(appointment, actor=actor, action=workflow.ACCOMPANY, change=change)


def complete_visit(appointment: Appointment, *, actor) -> Appointment:
    """The visit is over. A check-up's date goes on the talent's health record here (the
    record is opened if it was not)."""

    def change(a: Appointment) -> list[str]:
        a.status = AppointmentStatus.FULFILLED
        a.completed_at = a.ended_at = clock.now()
        if a.slot.kind == SlotKind.CHECKUP and a.beneficiary_id is None:
            add_checkup(a, actor=actor)
        return ["status", "completed_at", "ended_at"]

    done = _step(appointment, actor=actor, action=workflow.COMPLETE, change=change)
    return done


def record_no_show(appointment: Appointment, *, actor) -> Appointment:
    """The talent did not come: recorded once the slot has begun."""

    def change(a: Appointment) -> list[str]:
        if clock.now() < slot_start(a.slot):
            raise Conflict(
                _("A no-show is recorded once the visit's time has come."),
                code=workflow.NO_SHOW + "_too_early",
            )
        a.status = AppointmentStatus.NOSHOW
        a.ended_at = clock.now()
        return ["status", "ended_at"]

    done = _step(appointment, actor=actor, action=workflow.NO_SHOW, change=change)
    tell_talent(done, _("Missed green-channel visit"))
    return done


STEPS = {
    workflow.CHECK_IN: check_in,
    workflow.ACCOMPANY: accompany,
    workflow.COMPLETE: complete_visit,
    workflow.NO_SHOW: record_no_show,
}


def run_step(appointment: Appointment, action: str, *, actor) -> Appointment:
    """The page's and the API's one entry: run the named step."""
    if action not in STEPS:
        raise IllegalTransition(_("Unknown step."))
    return STEPS[action](appointment, actor=actor)
