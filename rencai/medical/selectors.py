"""Reads of the medical channel, always scoped to the actor; out of scope answers 404."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from rencai.core.choices import Role
from rencai.core.errors import NotFound
from rencai.core.permissions import roles_of
from rencai.talents.models import Talent
from rencai.talents.visibility import visible_talents_q

from . import permissions
from .choices import AppointmentStatus, SlotStatus
from .models import Appointment, HealthRecord, Hospital, Slot

NOBODY = Q(pk__in=[])
MAX_ID = 2**63 - 1


def _id(value) -> int:
    """`value` as a row id, or NotFound: a URL's "abc" or 2**64 names no row (never a 500)."""
    if isinstance(value, bool):
        raise NotFound(_("Not found."))
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise NotFound(_("Not found.")) from None
    if not 1 <= number <= MAX_ID:
        raise NotFound(_("Not found."))
    return number


def hospitals() -> QuerySet[Hospital]:
    """The designated hospitals: public to every signed-in user (no personal data)."""
    return Hospital.objects.filter(is_active=True).select_related("organisation__division")


def get_hospital(pk) -> Hospital:
    hospital = hospitals().filter(pk=_id(pk)).first()
    if hospital is None:
        raise NotFound(_("Not found."))
    return hospital


def liaison_hospitals(actor) -> QuerySet[Hospital]:
    return hospitals().filter(
        organisation_id__in=sorted(permissions.liaison_hospital_org_ids(actor))
    )


def slots_for_actor(actor) -> QuerySet[Slot]:
    """Slots hold no personal data: every signed-in user sees the open hospitals' slots."""
    if actor is None or not actor.is_authenticated:
        return Slot.objects.none()
    return Slot.objects.filter(hospital__is_active=True).select_related(
        "hospital__organisation", "benefit"
    )


def bookable_slots(actor, *, on_or_after: date) -> QuerySet[Slot]:
    return slots_for_actor(actor).filter(date__gte=on_or_after, status=SlotStatus.FREE)


def get_slot(actor, pk) -> Slot:
    slot = slots_for_actor(actor).filter(pk=_id(pk)).first()
    if slot is None:
        raise NotFound(_("Not found."))
    return slot


def appointment_scope_q(actor) -> Q:
    """Appointments the actor may see: their hospital's, the whole channel, their own."""
    if actor is None:
        return Q()
    if not actor.is_authenticated:
        return NOBODY
    if permissions.sees_whole_channel(actor):
        return Q()
    roles = roles_of(actor)
    q = NOBODY
    hospitals_ = permissions.liaison_hospital_org_ids(actor)
    if hospitals_:
        q |= Q(hospital__organisation_id__in=sorted(hospitals_))
    if roles.has(Role.TALENT):
        q |= Q(talent__user_id=actor.pk)
    if roles.has(Role.WINDOW_CLERK):
        q |= Q(booked_by_id=actor.pk)
    divisions = roles.division_ids(Role.COUNTY_OFFICER)
    if divisions:
        q |= Q(talent__county_id__in=sorted(divisions))
    return q


def appointments_for_actor(actor) -> QuerySet[Appointment]:
    return Appointment.objects.filter(appointment_scope_q(actor)).select_related(
        "slot__benefit",
        "slot__hospital__organisation",
        "hospital__organisation",
        "talent",
        "beneficiary",
        "accompanied_by",
    )


def get_appointment(actor, pk) -> Appointment:
    appointment = appointments_for_actor(actor).filter(pk=_id(pk)).first()
    if appointment is None:
        raise NotFound(_("Not found."))
    return appointment


def todays_list(actor, day: date) -> QuerySet[Appointment]:
    """The liaison's day: their hospitals' appointments on `day`, by time."""
    hospitals_ = sorted(permissions.liaison_hospital_org_ids(actor))
    return appointments_for_actor(actor).filter(
        hospital__organisation_id__in=hospitals_, slot__date=day
    )


def upcoming_list(actor, day: date) -> QuerySet[Appointment]:
    """The liaison's next days: their hospitals' booked appointments after `day`, by time."""
    hospitals_ = sorted(permissions.liaison_hospital_org_ids(actor))
    return (
        appointments_for_actor(actor)
        .filter(
            hospital__organisation_id__in=hospitals_,
            slot__date__gt=day,
            status=AppointmentStatus.BOOKED,
        )
        .order_by("slot__date", "slot__start_time", "pk")
    )


def record_scope_q(actor) -> Q:
    if actor is None:
        return Q()
    if not actor.is_authenticated:
        return NOBODY
    if permissions.sees_whole_channel(actor):
        return Q()
    roles = roles_of(actor)
    q = NOBODY
    hospitals_ = permissions.liaison_hospital_org_ids(actor)
    if hospitals_:
        q |= Q(hospital__organisation_id__in=sorted(hospitals_))
    if roles.has(Role.TALENT):
        q |= Q(talent__user_id=actor.pk)
    divisions = roles.division_ids(Role.COUNTY_OFFICER)
    if divisions:
        q |= Q(talent__county_id__in=sorted(divisions))
    return q


def health_records_for_actor(actor) -> QuerySet[HealthRecord]:
    return (
        HealthRecord.objects.filter(record_scope_q(actor))
        .select_related("hospital__organisation", "talent")
        .prefetch_related("checkups")
    )


def get_health_record(actor, pk) -> HealthRecord:
    record = health_records_for_actor(actor).filter(pk=_id(pk)).first()
    if record is None:
        raise NotFound(_("Not found."))
    return record


def talent_served_q(actor) -> Q:
    """Talents the actor may serve in the channel: those they see, and for a liaison those
    with an appointment or a record at their hospital (by name; no talent page)."""
    q = visible_talents_q(actor)
    hospitals_ = sorted(permissions.liaison_hospital_org_ids(actor))
    if hospitals_:
        appointments = Appointment.objects.filter(hospital__organisation_id__in=hospitals_)
        records = HealthRecord.objects.filter(hospital__organisation_id__in=hospitals_)
        q = q | Q(pk__in=appointments.values("talent_id")) | Q(pk__in=records.values("talent_id"))
    return q


def may_serve(actor, talent: Talent) -> bool:
    return actor is None or Talent.objects.filter(talent_served_q(actor), pk=talent.pk).exists()


def get_talent_for_actor(actor, pk) -> Talent:
    """A talent the actor may serve (book for, open a record of); 404 otherwise."""
    talent = Talent.objects.filter(talent_served_q(actor), pk=_id(pk)).first()
    if talent is None:
        raise NotFound(_("Not found."))
    return talent


def talent_of_user(actor) -> Talent | None:
    if actor is None or not actor.is_authenticated:
        return None
    return Talent.objects.filter(user_id=actor.pk).first()
