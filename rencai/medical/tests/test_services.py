"""The green channel's use cases: who may book (the benefit's rule), places, the cut-off,
the visit's steps, scoping, health records and the day-before reminder."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from rencai.core.choices import Role
from rencai.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from rencai.core.models import AuditEvent, Notification
from rencai.core.tests.factories import make_card, make_talent, make_user
from rencai.medical import selectors, services
from rencai.medical.choices import AppointmentStatus, SlotKind, SlotStatus
from rencai.medical.errors import CutoffPassed, IllegalTransition, NotEligible, SlotFull
from rencai.medical.models import Appointment, HealthRecord, Slot
from rencai.policies.choices import EntitlementState
from rencai.policies.models import Entitlement
from rencai.talents.models import FamilyMember, Talent

from .factories import (
    make_card_holder,
    make_green_channel,
    make_health_officer,
    make_hospital,
    make_slot,
    make_talent_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


def test_booking_is_refused_without_a_valid_card_with_the_rules_reason_and_allowed_once_issued():
    # given a talent without a card, and a slot of the green channel
    hospital = make_hospital()
    slot = make_slot(hospital, make_green_channel())
    talent = make_talent()
    user = make_talent_user(talent)

    # when they book, then the rule refuses them and says why
    with pytest.raises(NotEligible) as refused:
        services.book_appointment(slot, actor=user, talent=talent)
    assert refused.value.code == "not_eligible"
    assert refused.value.fields["eligibility"]
    assert "绿卡" in refused.value.message or "green" in refused.value.message.lower()
    assert not Appointment.objects.exists()

    # when a green card is issued, then the same booking goes through
    make_card(talent, valid_from=timezone.localdate() - timedelta(days=1))
    appointment = services.book_appointment(slot, actor=user, talent=talent)
    assert appointment.status == AppointmentStatus.BOOKED
    slot.refresh_from_db()
    assert slot.booked == 1


def test_an_expired_card_does_not_open_the_channel():
    hospital = make_hospital()
    slot = make_slot(hospital)
    talent = make_talent()
    user = make_talent_user(talent)
    today = timezone.localdate()
    make_card(talent, valid_from=today - timedelta(days=400), valid_to=today - timedelta(days=1))

    with pytest.raises(NotEligible):
        services.book_appointment(slot, actor=user, talent=talent)


def test_the_first_booking_records_the_entitlement_through_policies_and_later_ones_reuse_it():
    hospital = make_hospital()
    first, second = make_slot(hospital), make_slot(hospital)
    talent = make_card_holder()

    a = services.book_appointment(first, actor=talent.user, talent=talent)
    b = services.book_appointment(second, actor=talent.user, talent=talent)

    entitlement = Entitlement.objects.get(talent=talent)
    assert entitlement.state == EntitlementState.GRANTED
    assert entitlement.beneficiary is None
    assert entitlement.benefit.code == "green_channel_medical"
    assert a.entitlement == b.entitlement == entitlement


def test_a_family_member_is_booked_only_where_the_benefit_covers_family():
    hospital = make_hospital()
    talent = make_card_holder()
    child = FamilyMember.objects.create(
        talent=talent, relation="child", name="小明", birth_date=date(2018, 3, 1)
    )
    plain = make_slot(hospital, make_green_channel())
    family = make_slot(hospital, make_green_channel(code="family_checkup", covers_family=True))

    with pytest.raises(DomainError) as refused:
        services.book_appointment(plain, actor=talent.user, talent=talent, beneficiary=child)
    assert refused.value.code == "family_not_covered"

    appointment = services.book_appointment(
        family, actor=talent.user, talent=talent, beneficiary=child
    )
    assert appointment.beneficiary == child
    assert appointment.entitlement.beneficiary == child


def test_a_full_slot_refuses_the_next_booking():
    hospital = make_hospital()
    slot = make_slot(hospital, capacity=1)
    one, two = make_card_holder(), make_card_holder()
    services.book_appointment(slot, actor=one.user, talent=one)

    with pytest.raises(SlotFull):
        services.book_appointment(slot, actor=two.user, talent=two)

    slot.refresh_from_db()
    assert (slot.booked, slot.status) == (1, SlotStatus.BUSY)


def test_the_same_person_cannot_hold_two_places_in_one_slot():
    hospital = make_hospital()
    slot = make_slot(hospital)
    talent = make_card_holder()
    services.book_appointment(slot, actor=talent.user, talent=talent)

    with pytest.raises(Conflict) as refused:
        services.book_appointment(slot, actor=talent.user, talent=talent)
    assert refused.value.code == "already_booked"


def test_cancel_before_the_cut_off_gives_the_place_back(mid_morning):
    hospital = make_hospital(cutoff_hours=12)
    slot = make_slot(hospital, capacity=1)  # tomorrow 09:00: the cut-off is tonight 21:00
    talent = make_card_holder()
    appointment = services.book_appointment(slot, actor=talent.user, talent=talent)

    cancelled = services.cancel_appointment(appointment, actor=talent.user, reason="出差")

    assert cancelled.status == AppointmentStatus.CANCELLED
    slot.refresh_from_db()
    assert (slot.booked, slot.status) == (0, SlotStatus.FREE)
    assert AuditEvent.objects.filter(action="appointment.cancel").count() == 1


def test_cancel_after_the_cut_off_is_refused(mid_morning):
    hospital = make_hospital(cutoff_hours=24)
    slot = make_slot(hospital)  # tomorrow 09:00: the cut-off was today 09:00, it is 10:00
    talent = make_card_holder()
    appointment = services.book_appointment(slot, actor=talent.user, talent=talent)

    with pytest.raises(CutoffPassed):
        services.cancel_appointment(appointment, actor=talent.user)
    with pytest.raises(CutoffPassed):
        services.reschedule_appointment(
            appointment, actor=talent.user, slot=make_slot(hospital, day=slot.date + timedelta(1))
        )

    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED


def test_reschedule_moves_the_place_to_the_new_slot():
    hospital = make_hospital(cutoff_hours=2)
    old, new = make_slot(hospital, capacity=1), make_slot(hospital, capacity=1)
    talent = make_card_holder()
    appointment = services.book_appointment(old, actor=talent.user, talent=talent)

    moved = services.reschedule_appointment(appointment, actor=talent.user, slot=new)

    assert moved.slot == new
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.booked, new.booked) == (0, 1)


def test_the_liaison_takes_a_visit_from_booked_to_completed(mid_morning):
    hospital = make_hospital()
    slot = make_slot(hospital, day=timezone.localdate() + timedelta(days=1))
    talent = make_card_holder()
    appointment = services.book_appointment(slot, actor=talent.user, talent=talent)
    mid_morning.shift(timedelta(days=1))  # the day of the visit

    with pytest.raises(IllegalTransition):
        services.complete_visit(appointment, actor=hospital.liaison)
    services.check_in(appointment, actor=hospital.liaison)
    with pytest.raises(IllegalTransition):
        services.complete_visit(appointment, actor=hospital.liaison)
    services.accompany(appointment, actor=hospital.liaison)
    done = services.complete_visit(appointment, actor=hospital.liaison)

    assert done.status == AppointmentStatus.FULFILLED
    assert done.accompanied_by == hospital.liaison
    actions = AuditEvent.objects.filter(target_type="medical.appointment").values_list(
        "action", flat=True
    )
    assert set(actions) >= {
        "appointment.book",
        "appointment.check_in",
        "appointment.accompany",
        "appointment.complete",
    }


def test_another_hospitals_liaison_cannot_run_the_visit(mid_morning):
    hospital, other = make_hospital(), make_hospital()
    slot = make_slot(hospital, day=timezone.localdate())
    slot.start_time = slot.start_time.replace(hour=11)
    slot.end_time = slot.end_time.replace(hour=12)
    slot.save()
    talent = make_card_holder()
    appointment = services.book_appointment(slot, actor=talent.user, talent=talent)

    with pytest.raises(PermissionDenied):
        services.check_in(appointment, actor=other.liaison)


def test_a_no_show_is_recorded_only_once_the_visit_time_has_come(mid_morning):
    hospital = make_hospital()
    slot = make_slot(hospital)
    talent = make_card_holder()
    appointment = services.book_appointment(slot, actor=talent.user, talent=talent)

    with pytest.raises(Conflict):
        services.record_no_show(appointment, actor=hospital.liaison)
    mid_morning.shift(timedelta(days=1))
    missed = services.record_no_show(appointment, actor=hospital.liaison)

    assert missed.status == AppointmentStatus.NOSHOW


def test_a_liaison_cannot_see_another_hospitals_talents():
    mine, theirs = make_hospital(), make_hospital()
    my_talent, their_talent = make_card_holder(), make_card_holder()
    services.book_appointment(make_slot(mine), actor=my_talent.user, talent=my_talent)
    theirs_appointment = services.book_appointment(
        make_slot(theirs), actor=their_talent.user, talent=their_talent
    )

    served = Talent.objects.filter(selectors.talent_served_q(mine.liaison))
    assert set(served.values_list("pk", flat=True)) == {my_talent.pk}
    # by name only: no talent record opens to the liaison through the channel
    assert not Talent.objects.for_actor(mine.liaison).exists()
    with pytest.raises(NotFound):
        selectors.get_appointment(mine.liaison, theirs_appointment.pk)
    assert list(
        selectors.appointments_for_actor(mine.liaison).values_list("talent", flat=True)
    ) == [my_talent.pk]


def test_the_health_bureau_sees_the_whole_channel():
    one, two = make_hospital(), make_hospital()
    a, b = make_card_holder(), make_card_holder()
    services.book_appointment(make_slot(one), actor=a.user, talent=a)
    services.book_appointment(make_slot(two), actor=b.user, talent=b)
    officer = make_health_officer()
    other_department = make_user(role=Role.DEPARTMENT_OFFICER)

    assert selectors.appointments_for_actor(officer).count() == 2
    assert set(Talent.objects.for_actor(officer).values_list("pk", flat=True)) >= {a.pk, b.pk}
    assert selectors.appointments_for_actor(other_department).count() == 0


def test_a_liaison_finds_a_talent_by_exact_identifiers_and_books_for_them():
    hospital = make_hospital()
    talent = make_card_holder()
    assert not Talent.objects.for_actor(hospital.liaison).filter(pk=talent.pk).exists()

    found = services.find_talent(actor=hospital.liaison, mobile=talent.mobile)
    appointment = services.book_appointment(
        make_slot(hospital), actor=hospital.liaison, talent=talent
    )

    assert found == [talent]
    assert appointment.booked_by == hospital.liaison
    assert AuditEvent.objects.filter(action="talent.find_to_serve").count() == 1


def test_a_liaison_cannot_book_at_another_hospital():
    hospital, other = make_hospital(), make_hospital()
    talent = make_card_holder()
    services.find_talent(actor=hospital.liaison, mobile=talent.mobile)

    with pytest.raises(PermissionDenied):
        services.book_appointment(make_slot(other), actor=hospital.liaison, talent=talent)


def test_a_completed_check_up_opens_the_health_record_with_its_date_only(mid_morning):
    hospital = make_hospital()
    slot = make_slot(hospital, kind=SlotKind.CHECKUP, service="入职体检套餐")
    talent = make_card_holder()
    appointment = services.book_appointment(slot, actor=talent.user, talent=talent)
    mid_morning.shift(timedelta(days=1))
    for step in ("check_in", "accompany", "complete"):
        services.run_step(appointment, step, actor=hospital.liaison)

    record = HealthRecord.objects.get(talent=talent, hospital=hospital)
    assert record.opened_on == slot.date
    assert [c.date for c in record.checkups.all()] == [slot.date]


def test_a_health_record_is_opened_once_per_hospital():
    hospital = make_hospital()
    talent = make_card_holder()
    services.find_talent(actor=hospital.liaison, mobile=talent.mobile)
    services.open_health_record(talent, hospital, actor=hospital.liaison)

    with pytest.raises(Conflict):
        services.open_health_record(talent, hospital, actor=hospital.liaison)


def test_the_reminder_is_sent_once_even_when_the_schedule_runs_twice():
    hospital = make_hospital()
    tomorrow = make_slot(hospital)
    later = make_slot(hospital, day=timezone.localdate() + timedelta(days=3))
    talent = make_card_holder()
    services.book_appointment(tomorrow, actor=talent.user, talent=talent)
    services.book_appointment(later, actor=talent.user, talent=talent)
    booked_notes = Notification.objects.count()

    first = services.send_reminders()
    second = services.send_reminders()

    assert (first, second) == (1, 0)
    reminders = Notification.objects.count() - booked_notes
    assert reminders == 1
    note = Notification.objects.latest("pk")
    assert "sms" in note.channels


def test_a_past_slot_cannot_be_booked(mid_morning):
    hospital = make_hospital()
    slot = make_slot(hospital, day=timezone.localdate())  # today 09:00, it is 10:00
    talent = make_card_holder()

    with pytest.raises(Conflict):
        services.book_appointment(slot, actor=talent.user, talent=talent)
    assert Slot.objects.get(pk=slot.pk).booked == 0


def test_a_pending_entitlement_found_by_outreach_is_granted_when_the_talent_books():
    # given a 免申即享 check-up benefit that outreach already found the talent for
    hospital = make_hospital()
    checkup = make_green_channel(code="annual_checkup", no_application=True)
    talent = make_card_holder()
    pending = Entitlement.objects.create(
        talent=talent,
        benefit=checkup,
        version=checkup.versions.get(),
        state=EntitlementState.PENDING,
        source="outreach",
    )

    # when the talent books a check-up slot of that benefit
    appointment = services.book_appointment(
        make_slot(hospital, checkup, kind=SlotKind.CHECKUP), actor=talent.user, talent=talent
    )

    # then the same entitlement is now granted, and no second one was recorded
    pending.refresh_from_db()
    assert appointment.entitlement == pending
    assert pending.state == EntitlementState.GRANTED
    assert Entitlement.objects.filter(talent=talent).count() == 1


def test_a_withdrawn_slot_cancels_its_bookings_and_tells_the_talents():
    hospital = make_hospital()
    slot = make_slot(hospital, capacity=3)
    talent = make_card_holder()
    appointment = services.book_appointment(slot, actor=talent.user, talent=talent)
    notes = Notification.objects.count()

    withdrawn = services.withdraw_slot(slot, actor=hospital.liaison, reason="专家临时出诊任务")

    appointment.refresh_from_db()
    assert withdrawn.status == SlotStatus.UNAVAILABLE
    assert appointment.status == AppointmentStatus.CANCELLED
    assert Notification.objects.count() == notes + 1
    with pytest.raises(Conflict):
        services.book_appointment(slot, actor=talent.user, talent=talent)


def test_only_the_hospitals_liaison_withdraws_its_slot():
    hospital, other = make_hospital(), make_hospital()
    slot = make_slot(hospital)

    with pytest.raises(PermissionDenied):
        services.withdraw_slot(slot, actor=other.liaison, reason="无")


def test_the_booking_message_writes_the_visit_time_the_chinese_way():
    hospital = make_hospital()
    slot = make_slot(hospital, day=timezone.localdate() + timedelta(days=3))
    talent = make_card_holder()

    services.book_appointment(slot, actor=talent.user, talent=talent)

    note = Notification.objects.filter(recipient=talent.user).latest("pk")
    day = slot.date
    assert f"{day.year}年{day.month}月{day.day}日 {slot.start_time:%H:%M}" in note.body
    assert day.isoformat() not in note.body
