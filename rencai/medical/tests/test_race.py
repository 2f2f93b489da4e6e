"""Races on PostgreSQL: fifty talents booking the last place of a slot at once get one
booking. SQLite serialises writers, so this runs on PostgreSQL only."""

import pytest
from django.db import connection

from rencai.core.errors import Conflict
from rencai.core.tests.concurrency import all_at_once
from rencai.medical import services
from rencai.medical.errors import SlotFull
from rencai.medical.models import Appointment, Slot
from rencai.policies.models import Entitlement

from .factories import make_card_holder, make_hospital, make_slot

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]
THREADS = 50


def test_fifty_concurrent_bookings_of_a_slot_with_capacity_one_give_one_booking():
    hospital = make_hospital()
    slot = make_slot(hospital, capacity=1)
    talents = [make_card_holder() for _ in range(THREADS)]

    results = all_at_once(
        lambda i: services.book_appointment(slot, actor=talents[i].user, talent=talents[i]),
        THREADS,
    )

    booked = [r for r in results if isinstance(r, Appointment)]
    refused = [r for r in results if isinstance(r, SlotFull)]
    assert len(booked) == 1, [r for r in results if not isinstance(r, (Appointment, SlotFull))]
    assert len(refused) == THREADS - 1
    assert Appointment.objects.count() == 1
    assert Slot.objects.get(pk=slot.pk).booked == 1


def test_one_talent_booking_the_same_slot_many_times_at_once_holds_one_place():
    hospital = make_hospital()
    slot = make_slot(hospital, capacity=20)
    talent = make_card_holder()

    results = all_at_once(
        lambda i: services.book_appointment(slot, actor=talent.user, talent=talent), 8
    )

    booked = [r for r in results if isinstance(r, Appointment)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(booked) == 1, results
    assert {r.code for r in refused} == {"already_booked"}
    assert Slot.objects.get(pk=slot.pk).booked == 1
    assert Entitlement.objects.filter(talent=talent).count() == 1
