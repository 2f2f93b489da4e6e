"""The medical pages: the liaison's day with one action per step, booking on the phone,
scoped lists and their exports."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rencai.core.models import AuditEvent
from rencai.medical import services
from rencai.medical.choices import AppointmentStatus
from rencai.medical.models import Appointment

from .factories import make_card_holder, make_health_officer, make_hospital, make_slot

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_card_holder_books_a_slot_on_the_booking_page():
    hospital = make_hospital()
    slot = make_slot(hospital)
    talent = make_card_holder()
    client = client_for(talent.user)

    page = client.get(reverse("medical:book"))
    response = client.post(reverse("medical:book"), {"slot": slot.pk})

    assert page.status_code == 200
    assert slot.service in page.content.decode()
    appointment = Appointment.objects.get(talent=talent)
    assert response.status_code == 303
    assert response["Location"] == reverse("medical:appointment-detail", args=[appointment.pk])


def test_the_liaison_runs_todays_visit_from_the_home_list(mid_morning):
    hospital = make_hospital()
    slot = make_slot(hospital, day=timezone.localdate() + timedelta(days=1))
    talent = make_card_holder()
    appointment = services.book_appointment(slot, actor=talent.user, talent=talent)
    mid_morning.shift(timedelta(days=1))
    client = client_for(hospital.liaison)
    step = reverse("medical:appointment-step", args=[appointment.pk])

    home = client.get("/")
    assert 'data-step="check_in"' in home.content.decode()
    for action in ("check_in", "accompany", "complete"):
        assert client.post(step, {"action": action}).status_code == 303

    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.FULFILLED
    assert client.get(reverse("medical:today")).status_code == 200


def test_another_hospitals_liaison_gets_not_found():
    hospital, other = make_hospital(), make_hospital()
    talent = make_card_holder()
    appointment = services.book_appointment(make_slot(hospital), actor=talent.user, talent=talent)

    response = client_for(other.liaison).get(
        reverse("medical:appointment-detail", args=[appointment.pk])
    )

    assert response.status_code == 404
    assert (
        talent.name
        not in client_for(other.liaison).get(reverse("medical:appointment-list")).content.decode()
    )


def test_the_health_bureau_exports_the_appointments_as_xlsx():
    hospital = make_hospital()
    talent = make_card_holder()
    services.book_appointment(make_slot(hospital), actor=talent.user, talent=talent)

    response = client_for(make_health_officer()).get(
        reverse("medical:appointment-list"), {"format": "xlsx"}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(action="appointment.export").count() == 1


def test_the_liaison_publishes_a_weekly_pattern():
    hospital = make_hospital()
    make_slot(hospital)  # makes the green-channel benefit
    client = client_for(hospital.liaison)
    today = timezone.localdate()

    response = client.post(
        reverse("medical:slot-list"),
        {
            "form": "week",
            "week-kind": "visit",
            "week-service": "心血管内科",
            "week-weekdays": ["0", "2"],
            "week-first_date": (today + timedelta(days=1)).isoformat(),
            "week-last_date": (today + timedelta(days=28)).isoformat(),
            "week-start_time": "09:00",
            "week-end_time": "10:00",
            "week-capacity": "3",
        },
    )

    assert response.status_code == 303
    assert hospital.slots.filter(service="心血管内科").count() == 8
    assert client.get(reverse("medical:slot-list")).status_code == 200
    assert client.get(reverse("medical:record-list")).status_code == 200


def test_the_liaison_sees_their_talents_by_name_and_never_their_identity_number():
    hospital = make_hospital()
    talent = make_card_holder()
    services.book_appointment(make_slot(hospital), actor=talent.user, talent=talent)
    client = client_for(hospital.liaison)

    listed = client.get(reverse("medical:appointment-list")).content.decode()
    record_page = client.get(reverse("talents:detail", args=[talent.pk]))
    services.find_talent(actor=hospital.liaison, mobile=talent.mobile)
    found_page = client.get(reverse("talents:detail", args=[talent.pk])).content.decode()

    assert talent.name in listed
    assert talent.id_number not in listed
    assert record_page.status_code == 404  # names only, unless found today to serve them
    assert talent.id_number not in found_page
    assert talent.mobile not in found_page
    assert 'id="talent-medical"' in found_page


def test_a_clerk_serving_a_talent_is_offered_the_booking_from_the_talent_page():
    from rencai.desk.tests.factories import make_clerk, serve

    hospital = make_hospital()
    slot = make_slot(hospital)
    talent = make_card_holder()
    clerk = make_clerk()
    serve(clerk, talent)
    client = client_for(clerk)

    page = client.get(reverse("talents:detail", args=[talent.pk]))
    booked = client.post(f"{reverse('medical:book')}?talent={talent.pk}", {"slot": slot.pk})

    assert f"{reverse('medical:book')}?talent={talent.pk}" in page.content.decode()
    assert booked.status_code == 303
    assert Appointment.objects.get(talent=talent).booked_by == clerk


@pytest.mark.parametrize("url_name", ["medical:appointment-list", "medical:record-list"])
def test_list_pages_take_the_same_queries_for_many_rows_as_for_one(
    url_name, django_assert_max_num_queries
):
    hospital = make_hospital()
    officer = make_health_officer()
    client = client_for(officer)

    def book_one():
        talent = make_card_holder()
        appointment = services.book_appointment(
            make_slot(hospital), actor=talent.user, talent=talent
        )
        services.find_talent(actor=hospital.liaison, mobile=talent.mobile)
        services.open_health_record(talent, hospital, actor=hospital.liaison)
        return appointment

    book_one()
    with CaptureQueriesContext(connection) as one:
        client.get(reverse(url_name))
    for _ in range(5):
        book_one()
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse(url_name)).status_code == 200


def test_the_liaisons_home_lists_the_next_days_bookings_of_their_hospital_only(mid_morning):
    # given a booking at the liaison's hospital tomorrow, one at another hospital, none today
    hospital, elsewhere = make_hospital(), make_hospital()
    tomorrow = timezone.localdate() + timedelta(days=1)
    me, other = make_card_holder(), make_card_holder()
    mine = services.book_appointment(make_slot(hospital, day=tomorrow), actor=me.user, talent=me)
    theirs = services.book_appointment(
        make_slot(elsewhere, day=tomorrow), actor=other.user, talent=other
    )

    # when the liaison opens their home
    html = client_for(hospital.liaison).get("/").content.decode()

    # then tomorrow's booking at their hospital is listed, the other hospital's is not
    assert 'id="upcoming-visits"' in html
    assert f'data-appointment="{mine.pk}"' in html
    assert f'data-appointment="{theirs.pk}"' not in html
