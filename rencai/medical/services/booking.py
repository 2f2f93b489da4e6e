"""Booking: who may book is the benefit's rule (evaluated now, refused with its reasons);
places are taken under a row lock on the slot and the database keeps `booked ≤ capacity`.

The first time a person uses the channel, the entitlement is recorded through `policies`
(granted: a benefit in kind), naming its beneficiary — the talent, or one family member.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core import audit, clock
from rencai.core.choices import Role
from rencai.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from rencai.core.notifications import notify
from rencai.core.text import format_datetime
from rencai.policies import evaluation
from rencai.policies.choices import EntitlementState
from rencai.policies.models import Entitlement
from rencai.policies.pack import missing_of, reasons_of
from rencai.policies.selectors import current_version
from rencai.policies.services.entitlements import record_entitlement, transition_entitlement
from rencai.rules import Outcome
from rencai.talents.models import FamilyMember, Talent
from rencai.talents.services.finding import find_to_serve

from .. import permissions, selectors, workflow
from ..choices import AppointmentStatus, SlotStatus
from ..errors import CutoffPassed, IllegalTransition, MedicalError, NotEligible, SlotFull
from ..models import Appointment, Hospital, Slot

AUDITED = ["status", "slot", "beneficiary", "cancel_reason"]
NOTE = gettext_lazy("Medical green channel")


def slot_start(slot: Slot) -> datetime:
    return timezone.make_aware(datetime.combine(slot.date, slot.start_time))


def cutoff_of(slot: Slot, hospital: Hospital) -> datetime:
    return slot_start(slot) - timedelta(hours=hospital.cancel_cutoff_hours)


def _visible(actor, talent: Talent) -> bool:
    return selectors.may_serve(actor, talent)


def eligibility_reasons(slot: Slot, talent: Talent, on: date) -> tuple[list[str], object]:
    """Why the slot's benefit refuses the talent on `on` ([] when its rule holds), and the
    explanation. The talent's own entitlement of this benefit does not count against them."""
    version = current_version(slot.benefit, on)
    if version is None:
        return [_("%(benefit)s is not in force.") % {"benefit": slot.benefit.name}], None
    subject = evaluation.talent_for_evaluation(talent.pk, on)
    sets = getattr(subject, "fact_sets", None)
    if sets is not None and "entitlements" in sets:
        sets["entitlements"].discard(slot.benefit.code)
    explanation = evaluation.explain(version, subject, on)
    if explanation.outcome == Outcome.TRUE:
        return [], explanation
    if explanation.outcome == Outcome.UNKNOWN:
        return [
            _("%(fact)s is not recorded") % {"fact": label} for label in missing_of(explanation)
        ], explanation
    return reasons_of(explanation), explanation


def _check_beneficiary(slot: Slot, talent: Talent, beneficiary: FamilyMember | None) -> None:
    if beneficiary is None:
        return
    if beneficiary.talent_id != talent.pk:
        raise ValidationError({"beneficiary": [_("Not a family member of this talent.")]})
    if not slot.benefit.covers_family:
        message = _("%(benefit)s does not cover family members.") % {"benefit": slot.benefit.name}
        raise DomainError(
            message, code=MedicalError.FAMILY_NOT_COVERED, fields={"beneficiary": [message]}
        )


def _refuse_unless_eligible(slot: Slot, talent: Talent, on: date):
    reasons, explanation = eligibility_reasons(slot, talent, on)
    if reasons:
        raise NotEligible(
            _("Not eligible: %(reasons)s") % {"reasons": "; ".join(reasons)},
            fields={"eligibility": reasons},
        )
    return explanation


def _entitlement(slot: Slot, talent: Talent, beneficiary, explanation, on: date) -> Entitlement:
    """The person's live entitlement of the slot's benefit, recorded on first use."""
    live = Entitlement.objects.live().filter(
        talent=talent, benefit=slot.benefit, beneficiary=beneficiary
    )
    found = live.first()
    if found is not None and found.state == EntitlementState.PENDING:
        # Found by outreach (免申即享, e.g. the annual check-up): using it grants it.
        try:
            return transition_entitlement(
                found, actor=None, to_state=EntitlementState.GRANTED, on=on, note=str(NOTE)
            )
        except ValidationError:  # granted by a concurrent first booking
            return live.get()
    if found is not None:
        return found
    try:
        return record_entitlement(
            talent,
            slot.benefit,
            actor=None,  # the channel records it; its own audit event names the person
            state=EntitlementState.GRANTED,
            granted_on=on,
            note=str(NOTE),
            explanation=explanation,
            beneficiary=beneficiary,
        )
    except Conflict:  # recorded by a concurrent first booking
        found = live.first()
        if found is None:
            raise
        return found


def _take_place(slot: Slot) -> Slot:
    """Lock the slot and count one more place (the caller is inside a transaction)."""
    locked = Slot.objects.select_for_update().get(pk=slot.pk)
    if locked.status == SlotStatus.UNAVAILABLE:
        raise Conflict(_("This slot has been withdrawn."), code=MedicalError.SLOT_CLOSED)
    if locked.booked >= locked.capacity:
        raise SlotFull(_("This slot is fully booked."))
    locked.booked += 1
    locked.status = SlotStatus.BUSY if locked.booked >= locked.capacity else SlotStatus.FREE
    locked.save(update_fields=["booked", "status", "updated_at"])
    return locked


def _give_place_back(slot_pk: int) -> None:
    locked = Slot.objects.select_for_update().get(pk=slot_pk)
    locked.booked = max(locked.booked - 1, 0)
    if locked.status == SlotStatus.BUSY:
        locked.status = SlotStatus.FREE
    locked.save(update_fields=["booked", "status", "updated_at"])


def _refuse_if_holding(slot: Slot, talent: Talent, beneficiary) -> None:
    holding = Appointment.objects.holding().filter(slot=slot, talent=talent)
    holding = (
        holding.filter(beneficiary=beneficiary)
        if beneficiary
        else holding.filter(beneficiary__isnull=True)
    )
    if holding.exists():
        raise Conflict(
            _("This person already holds a place in this slot."), code=MedicalError.ALREADY_BOOKED
        )


def appointment_link(appointment: Appointment) -> str:
    try:
        return reverse("medical:appointment-detail", args=[appointment.pk])
    except NoReverseMatch:
        return ""


def tell_talent(appointment: Appointment, title: str) -> None:
    talent = appointment.talent
    notify(
        title=title,
        body=f"{appointment.hospital} {format_datetime(slot_start(appointment.slot))} "
        f"{appointment.slot.service}",
        link=appointment_link(appointment),
        user=talent.user,
        subject=talent,
        mobile=talent.mobile,
    )


def book_appointment(
    slot: Slot, *, actor, talent: Talent, beneficiary: FamilyMember | None = None
) -> Appointment:
    """Book a place in `slot` for `talent` (or one family member, where the benefit covers
    family). Refused with the rule's reasons, when the slot is full or past, or when the
    person already holds a place in it."""
    if not _visible(actor, talent):
        raise NotFound(_("Not found."))
    hospital = slot.hospital
    if not permissions.can_book_for(actor, talent, hospital):
        raise PermissionDenied(_("You may not book for this talent."))
    if slot_start(slot) <= clock.now():
        raise Conflict(_("This slot has already begun."), code=MedicalError.SLOT_CLOSED)
    _check_beneficiary(slot, talent, beneficiary)
    today = clock.today()
    explanation = _refuse_unless_eligible(slot, talent, today)
    with transaction.atomic():
        _refuse_if_holding(slot, talent, beneficiary)
        locked = _take_place(slot)
        entitlement = _entitlement(locked, talent, beneficiary, explanation, today)
        try:
            with transaction.atomic():
                appointment = Appointment.objects.create(
                    slot=locked,
                    hospital=hospital,
                    talent=talent,
                    beneficiary=beneficiary,
                    entitlement=entitlement,
                    booked_by=audit.acting_user(actor),
                )
        except IntegrityError:  # the same person booked this slot at the same moment
            raise Conflict(
                _("This person already holds a place in this slot."),
                code=MedicalError.ALREADY_BOOKED,
            ) from None
        audit.record(
            actor,
            "appointment.book",
            appointment,
            changes=audit.diff({}, audit.snapshot(appointment, AUDITED)),
        )
        tell_talent(appointment, _("Green-channel visit booked"))
    return appointment


def _lock(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("slot", "hospital__organisation", "talent")
        .get(pk=appointment.pk)
    )


def _check_change(actor, appointment: Appointment, action: str) -> None:
    # Who first, then the state: one who may not change the booking learns nothing of it.
    if not permissions.can_change_booking(actor, appointment):
        raise PermissionDenied(_("You may not change this booking."))
    if not workflow.allowed(appointment, action):
        raise IllegalTransition(
            _("A visit that is %(status)s cannot be changed this way.")
            % {"status": AppointmentStatus(appointment.status).label}
        )
    cutoff = cutoff_of(appointment.slot, appointment.hospital)
    if clock.now() >= cutoff:
        raise CutoffPassed(
            _("Bookings at %(hospital)s can be changed until %(hours)s hours before the visit.")
            % {"hospital": appointment.hospital, "hours": appointment.hospital.cancel_cutoff_hours}
        )


def cancel_appointment(appointment: Appointment, *, actor, reason: str = "") -> Appointment:
    """Cancel until the hospital's cut-off; the place goes back to the slot."""
    with transaction.atomic():
        locked = _lock(appointment)
        _check_change(actor, locked, workflow.CANCEL)
        before = audit.snapshot(locked, AUDITED)
        locked.status = AppointmentStatus.CANCELLED
        locked.cancel_reason = (reason or "").strip()[:200]
        locked.ended_at = clock.now()
        locked.save(update_fields=["status", "cancel_reason", "ended_at", "updated_at"])
        _give_place_back(locked.slot_id)
        audit.record(
            actor,
            "appointment.cancel",
            locked,
            changes=audit.diff(before, audit.snapshot(locked, AUDITED)),
        )
        tell_talent(locked, _("Green-channel visit cancelled"))
    return locked


def reschedule_appointment(appointment: Appointment, *, actor, slot: Slot) -> Appointment:
    """Move a booking to another slot of the same benefit, until the old slot's cut-off."""
    if slot.benefit_id != appointment.slot.benefit_id:
        raise ValidationError({"slot": [_("Choose a slot of the same service.")]})
    if slot.pk == appointment.slot_id:
        raise ValidationError({"slot": [_("Choose another slot.")]})
    if slot_start(slot) <= clock.now():
        raise Conflict(_("This slot has already begun."), code=MedicalError.SLOT_CLOSED)
    if not permissions.can_book_for(actor, appointment.talent, slot.hospital):
        raise PermissionDenied(_("You may not book for this talent."))
    _refuse_unless_eligible(slot, appointment.talent, clock.today())
    with transaction.atomic():
        locked = _lock(appointment)
        _check_change(actor, locked, workflow.RESCHEDULE)
        before = audit.snapshot(locked, AUDITED)
        old_slot = locked.slot_id
        # Both slots are locked in primary-key order, so two moves never deadlock.
        if old_slot < slot.pk:
            _give_place_back(old_slot)
            new = _take_place(slot)
        else:
            new = _take_place(slot)
            _give_place_back(old_slot)
        _refuse_if_holding(new, locked.talent, locked.beneficiary)
        locked.slot = new
        locked.hospital = new.hospital
        locked.reminded_at = None
        try:
            with transaction.atomic():
                locked.save(update_fields=["slot", "hospital", "reminded_at", "updated_at"])
        except IntegrityError:  # booked into that slot at the same moment
            raise Conflict(
                _("This person already holds a place in this slot."),
                code=MedicalError.ALREADY_BOOKED,
            ) from None
        audit.record(
            actor,
            "appointment.reschedule",
            locked,
            changes=audit.diff(before, audit.snapshot(locked, AUDITED)),
        )
        tell_talent(locked, _("Green-channel visit moved"))
    return locked


def find_talent(
    *,
    actor,
    id_number: str = "",
    mobile: str = "",
    name: str = "",
    birth_date: date | None = None,
) -> list[Talent]:
    """A liaison finds a talent to serve by exact identifiers (ROLES.md), through the one
    find service: audited, and the talent is open to the liaison's hospital for the day."""
    if not permissions.can_find_talent(actor):
        raise PermissionDenied(_("Only hospital liaisons find talents this way."))
    return find_to_serve(
        actor=actor,
        role=Role.HOSPITAL_LIAISON,
        id_number=id_number,
        mobile=mobile,
        name=name,
        birth_date=birth_date,
    )
